#include "notify/maildir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <thread>

#include "test_support.h"

namespace tripline::notify {
namespace {

using tripline::testing::TempDir;

std::vector<std::string> names_in(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    return names;
}

TEST(Maildir, DeliversIntoNewWithLocalLineEnds) {
    TempDir dir;
    Maildir maildir(dir.path() / "mail");
    auto name = maildir.deliver("Subject: hi\r\n\r\nbody\r\n", TimePoint{std::chrono::seconds{5}});
    ASSERT_TRUE(name.has_value()) << name.error().message;
    EXPECT_TRUE(name->starts_with("5.M0P"));
    EXPECT_EQ(name->find('/'), std::string::npos);
    EXPECT_EQ(name->find(':'), std::string::npos);
    EXPECT_EQ(tripline::testing::read_file(dir.path() / "mail/new" / *name),
              "Subject: hi\n\nbody\n");
    EXPECT_TRUE(names_in(dir.path() / "mail/tmp").empty());  // nothing left half-delivered
    EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "mail/cur"));
    struct stat st {};
    ASSERT_EQ(::stat((dir.path() / "mail/new" / *name).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(Maildir, ConcurrentDeliveriesGetUniqueNames) {
    TempDir dir;
    Maildir maildir(dir.path() / "mail");
    const TimePoint same_instant{std::chrono::seconds{1'700'000'000}};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                ASSERT_TRUE(maildir.deliver("x\r\n", same_instant).has_value());
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    auto names = names_in(dir.path() / "mail/new");
    EXPECT_EQ(names.size(), 100u);
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 100u);
}

TEST(Maildir, StrayTmpFilesFromACrashAreInvisibleAndHarmless) {
    TempDir dir;
    Maildir maildir(dir.path() / "mail");
    ASSERT_TRUE(maildir.ensure_created().has_value());
    // A crash between create and rename leaves a file in tmp/ only; readers look in new/ and cur/.
    std::ofstream(dir.path() / "mail/tmp/123.M0P1Q1.host") << "partial";
    ASSERT_TRUE(maildir.deliver("complete\r\n", TimePoint{}).has_value());
    auto names = names_in(dir.path() / "mail/new");
    ASSERT_EQ(names.size(), 1u);
    EXPECT_EQ(tripline::testing::read_file(dir.path() / "mail/new" / names[0]), "complete\n");
}

TEST(Maildir, ReportsAnUnwritableDirectory) {
    TempDir dir;
    std::ofstream(dir.path() / "file") << "not a directory";
    Maildir maildir(dir.path() / "file" / "mail");
    auto name = maildir.deliver("x", TimePoint{});
    ASSERT_FALSE(name.has_value());
    EXPECT_EQ(name.error().code, Errc::kIo);
    EXPECT_NE(name.error().message.find("file/mail"), std::string::npos);
}

}  // namespace
}  // namespace tripline::notify
