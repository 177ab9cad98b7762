#include "app/engine.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "storage/identity_store.h"
#include "test_support.h"

namespace tripline::app {
namespace {

Config test_config(const std::filesystem::path& data_dir) {
    Config config;
    config.server.data_dir = data_dir.string();
    config.server.listen = "127.0.0.1:0";
    config.server.worker_threads = 4;
    return config;
}

mode_t mode_of(const std::filesystem::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

TEST(Engine, FirstStartCreatesLabIdentityAndServesHealth) {
    testing::TempDir tmp;
    FakeClock clock;
    std::ostringstream out;
    auto data_dir = tmp.path() / "var";
    Engine engine(test_config(data_dir), clock, out);
    ASSERT_TRUE(engine.start());
    EXPECT_EQ(mode_of(data_dir), 0700u);
    EXPECT_EQ(mode_of(data_dir / "credentials"), 0600u);
    EXPECT_TRUE(std::filesystem::exists(data_dir / "state.db"));

    std::string creds = testing::read_file(data_dir / "credentials");
    EXPECT_NE(creds.find("[tripline]\naws_access_key_id = AKIA"), std::string::npos);
    std::string key_id = creds.substr(creds.find("AKIA"), 20);
    EXPECT_NE(out.str().find(key_id), std::string::npos);
    EXPECT_NE(out.str().find("--endpoint-url"), std::string::npos);

    auto key = engine.state().identities->find_access_key(key_id);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->account_id, kDefaultAccountId);
    EXPECT_EQ(key->user_name, "admin");
    EXPECT_EQ(key->created_at, clock.now());
    // The secret is in the file, never in the printed guidance.
    EXPECT_EQ(out.str().find(key->secret_access_key), std::string::npos);

    httplib::Client client("127.0.0.1", engine.api_port());
    auto res = client.Get("/_tripline/health");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("\"status\":\"ok\""), std::string::npos);
    engine.stop();
}

TEST(Engine, SecondStartKeepsIdentities) {
    testing::TempDir tmp;
    FakeClock clock;
    auto data_dir = tmp.path() / "var";
    std::string first_creds;
    {
        std::ostringstream out;
        Engine engine(test_config(data_dir), clock, out);
        ASSERT_TRUE(engine.start());
        first_creds = testing::read_file(data_dir / "credentials");
    }
    std::ostringstream out;
    Engine engine(test_config(data_dir), clock, out);
    ASSERT_TRUE(engine.start());
    EXPECT_EQ(testing::read_file(data_dir / "credentials"), first_creds);
    auto users = engine.state().identities->list_users(kDefaultAccountId);
    ASSERT_TRUE(users);
    EXPECT_EQ(users->size(), 1u);
}

TEST(Engine, ConfiguredKeysAreStoredAndUpdated) {
    testing::TempDir tmp;
    FakeClock clock;
    Config config = test_config(tmp.path() / "var");
    AccountConfig account;
    account.id = "111122223333";
    UserConfig user;
    user.name = "alice";
    user.access_keys.push_back(
        AccessKeyConfig{"AKIAALICE00000000001", "secret-one-0123456789", "Active", {}});
    account.users.push_back(user);
    config.accounts.push_back(account);
    {
        std::ostringstream out;
        Engine engine(config, clock, out);
        ASSERT_TRUE(engine.start());
        EXPECT_FALSE(std::filesystem::exists(tmp.path() / "var" / "credentials"));
        auto key = engine.state().identities->find_access_key("AKIAALICE00000000001");
        ASSERT_TRUE(key);
        EXPECT_EQ(key->secret_access_key, "secret-one-0123456789");
    }
    config.accounts[0].users[0].access_keys[0].secret_access_key = "secret-two-0123456789";
    config.accounts[0].users[0].access_keys[0].status = "Inactive";
    std::ostringstream out;
    Engine engine(config, clock, out);
    ASSERT_TRUE(engine.start());
    auto key = engine.state().identities->find_access_key("AKIAALICE00000000001");
    ASSERT_TRUE(key);
    EXPECT_EQ(key->secret_access_key, "secret-two-0123456789");
    EXPECT_EQ(key->status, storage::AccessKeyStatus::kInactive);
}

TEST(Engine, DataDirThatIsAFileIsRefused) {
    testing::TempDir tmp;
    auto file = tmp.path() / "not-a-dir";
    std::ofstream(file) << "x";
    FakeClock clock;
    std::ostringstream out;
    Engine engine(test_config(file), clock, out);
    auto st = engine.start();
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("not a directory"), std::string::npos);
}

TEST(Engine, PortInUseIsAnError) {
    testing::TempDir tmp;
    FakeClock clock;
    std::ostringstream out;
    Engine first(test_config(tmp.path() / "a"), clock, out);
    ASSERT_TRUE(first.start());
    Config config = test_config(tmp.path() / "b");
    config.server.listen = "127.0.0.1:" + std::to_string(first.api_port());
    Engine second(config, clock, out);
    auto st = second.start();
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, Errc::kIo);
}

}  // namespace
}  // namespace tripline::app
