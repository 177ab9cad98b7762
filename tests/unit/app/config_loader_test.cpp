#include "app/config_loader.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace tripline::app {
namespace {

TEST(ConfigLoader, DefaultsWithoutFile) {
    auto report = load_config_text("", "t.yaml");
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report.config.server.listen, "127.0.0.1:4566");
    EXPECT_EQ(report.config.server.data_dir, "./var");
    EXPECT_TRUE(report.config.accounts.empty());
}

TEST(ConfigLoader, ReadsAccountsUsersAndKeys) {
    auto report = load_config_text(R"(
server: {listen: "0.0.0.0:9000", worker_threads: 8}
log: {level: debug, format: json}
accounts:
  - id: "111122223333"
    alias: prod
    users:
      - name: alice
        path: /team/
        access_keys:
          - {id: AKIAALICE00000000001, secret: "0123456789abcdef", status: Inactive}
)",
                                   "t.yaml");
    ASSERT_TRUE(report.ok()) << report.diagnostics.front().to_string();
    const Config& c = report.config;
    EXPECT_EQ(c.server.listen, "0.0.0.0:9000");
    EXPECT_EQ(c.server.worker_threads, 8u);
    EXPECT_EQ(c.log.level, "debug");
    EXPECT_EQ(c.log.format, LogFormat::kJson);
    ASSERT_EQ(c.accounts.size(), 1u);
    EXPECT_EQ(c.accounts[0].id, "111122223333");
    ASSERT_EQ(c.accounts[0].users.size(), 1u);
    EXPECT_EQ(c.accounts[0].users[0].path, "/team/");
    ASSERT_EQ(c.accounts[0].users[0].access_keys.size(), 1u);
    EXPECT_EQ(c.accounts[0].users[0].access_keys[0].status, "Inactive");
    EXPECT_EQ(c.accounts[0].users[0].access_keys[0].where.begin.line, 11u);
}

TEST(ConfigLoader, MissingFileIsAnError) {
    auto report = load_config_file("/nonexistent/tripline.yaml");
    EXPECT_FALSE(report.ok());
    EXPECT_EQ(report.diagnostics.front().where.file, "/nonexistent/tripline.yaml");
}

TEST(ConfigLoader, DiagnosticsAsJson) {
    auto report = load_config_text("log:\n  level: \"lo\\\"ud\"\n", "a\"b.yaml");
    std::string json = diagnostics_to_json(report);
    EXPECT_EQ(json.rfind("{\"valid\":false,\"errors\":1,\"warnings\":0,", 0), 0u) << json;
    EXPECT_NE(json.find("\"file\":\"a\\\"b.yaml\""), std::string::npos) << json;
}

}  // namespace
}  // namespace tripline::app
