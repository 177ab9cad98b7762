// Crash safety of trail log files: records a trail accepted but had not yet written to its bucket
// are spooled on disk and delivered by the next process.
#include "trail/log_spool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "log_delivery_fixture.h"

namespace tripline::trail::test {
namespace {

using std::chrono::seconds;

class LogSpoolTest : public LogDeliveryTest {
protected:
    void SetUp() override {
        LogDeliveryTest::SetUp();
        spool_dir_ = dir_.path() / "cloudtrail" / "spool";
        restart(spooled());
    }

    LogDeliveryOptions spooled() const {
        LogDeliveryOptions options;
        options.spool_dir = spool_dir_;
        return options;
    }

    std::vector<std::filesystem::path> spool_files() const {
        std::vector<std::filesystem::path> out;
        if (std::filesystem::exists(spool_dir_)) {
            for (const auto& e : std::filesystem::directory_iterator(spool_dir_)) {
                out.push_back(e.path());
            }
        }
        return out;
    }

    std::filesystem::path spool_dir_;
};

TEST_F(LogSpoolTest, RecordsNotYetInALogFileSurviveARestart) {
    TrailDestination trail = make_trail("t", false);
    delivery_->set_active_trails({trail});
    for (int i = 1; i <= 3; ++i) {
        delivery_->add(trail, make_record(i));
    }
    ASSERT_EQ(spool_files().size(), 1u);

    restart(spooled());  // the process died before the flush interval
    auto recovered = delivery_->recover_spool();
    ASSERT_TRUE(recovered.has_value()) << recovered.error().message;
    EXPECT_EQ(*recovered, 3u);
    ASSERT_EQ(spool_files().size(), 1u) << "re-spooled under a new name, the old one removed";

    delivery_->set_active_trails({trail});
    clock_.advance(seconds{10});
    auto files = delivery_->deliver_due();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_FALSE(files[0].error.has_value());
    EXPECT_EQ(files[0].records, 3u);
    const std::string text = object_text(files[0].key);
    for (int i = 1; i <= 3; ++i) {
        EXPECT_NE(text.find(*make_record(i).event_id), std::string::npos) << i;
    }
    EXPECT_TRUE(spool_files().empty()) << "delivered: nothing left to recover";

    restart(spooled());
    EXPECT_EQ(delivery_->recover_spool().value_or(99), 0u);
}

TEST_F(LogSpoolTest, ATornLastLineIsSkippedAndTheRestRecovered) {
    TrailDestination trail = make_trail("t", false);
    std::filesystem::create_directories(spool_dir_);
    {
        std::ofstream out(spool_dir_ / "000000000000001-x.spool");
        out << spool_header(trail, kAccount, "us-east-1") << "\n"
            << event::to_json(make_record(1)) << "\n"
            << event::to_json(make_record(2)).substr(0, 40);  // died mid-write
    }
    {
        std::ofstream out(spool_dir_ / "000000000000002-y.spool");
        out << "{\"trail_arn\":";  // died while writing the header: nothing to recover
    }
    {
        std::ofstream out(spool_dir_ / "000000000000003-z.spool");
        out << "not a header\n" << event::to_json(make_record(3)) << "\n";
    }
    auto recovered = delivery_->recover_spool();
    ASSERT_TRUE(recovered.has_value()) << recovered.error().message;
    EXPECT_EQ(*recovered, 1u);
    EXPECT_TRUE(std::filesystem::exists(spool_dir_ / "000000000000003-z.spool.bad"))
        << "an unreadable header is kept for the operator, not deleted";
    EXPECT_FALSE(std::filesystem::exists(spool_dir_ / "000000000000002-y.spool"));

    delivery_->set_active_trails({trail});
    auto files = delivery_->deliver_due(/*force=*/true);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].records, 1u);
    EXPECT_NE(object_text(files[0].key).find(*make_record(1).event_id), std::string::npos);
}

TEST_F(LogSpoolTest, TheHeaderNamesTheWholeDestination) {
    TrailDestination trail = make_trail("org", true, {"us-east-1", "eu-west-1"});
    trail.key_prefix = "logs";
    trail.organization_id = "o-exampleorgid";
    auto parsed = parse_spool_header(spool_header(trail, "444455556666", "eu-west-1"));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->trail.trail_arn, trail.trail_arn);
    EXPECT_EQ(parsed->trail.trail_name, "org");
    EXPECT_EQ(parsed->trail.account_id, kAccount);
    EXPECT_EQ(parsed->trail.key_prefix, "logs");
    EXPECT_EQ(parsed->trail.organization_id, "o-exampleorgid");
    EXPECT_TRUE(parsed->trail.log_file_validation);
    EXPECT_EQ(parsed->trail.regions, trail.regions);
    EXPECT_EQ(parsed->account_id, "444455556666");
    EXPECT_EQ(parsed->region, "eu-west-1");
    EXPECT_EQ(parse_spool_header("{}").error().message,
              "spool header: missing string \"trail_arn\"");
}

TEST_F(LogSpoolTest, WithoutASpoolDirectoryNothingIsWritten) {
    restart();
    TrailDestination trail = make_trail("t", false);
    delivery_->add(trail, make_record(1));
    EXPECT_TRUE(spool_files().empty());
    EXPECT_EQ(delivery_->recover_spool().value_or(99), 0u);
}

}  // namespace
}  // namespace tripline::trail::test
