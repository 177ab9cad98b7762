#include "app/config_loader.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

TEST(ConfigLoader, ReadsGuardDutyDetectorsWithCloudFormationNames) {
    auto report = load_config_text(R"(
guardduty:
  learning_period: 3d
  detectors:
    - region: eu-west-1
      Enable: true
      FindingPublishingFrequency: FIFTEEN_MINUTES
      Filters:
        - Name: lab-kali
          Action: ARCHIVE
          Rank: 1
          FindingCriteria:
            Criterion:
              type: {Eq: ["PenTest:IAMUser/KaliLinux"]}
      ThreatIntelSets:
        - {Name: attackers, Format: TXT, Location: "s3://lab-intel/bad.txt", Activate: true}
)",
                                   "t.yaml");
    ASSERT_TRUE(report.ok()) << report.diagnostics.front().to_string();
    const GuardDutyConfig& gd = report.config.guardduty;
    EXPECT_EQ(gd.learning_period, "3d");
    ASSERT_EQ(gd.detectors.size(), 1u);
    EXPECT_EQ(gd.detectors[0].region, "eu-west-1");
    auto doc = nlohmann::json::parse(gd.detectors[0].document);
    EXPECT_EQ(doc["FindingPublishingFrequency"], "FIFTEEN_MINUTES");
    EXPECT_EQ(doc["Filters"][0]["FindingCriteria"]["Criterion"]["type"]["Eq"][0],
              "PenTest:IAMUser/KaliLinux");
    EXPECT_EQ(doc["ThreatIntelSets"][0]["Activate"], true);
}

TEST(ConfigLoader, GuardDutyMistakesAreNamedWithTheirLine) {
    auto report = load_config_text(R"(
guardduty:
  learning_period: soon
  detectors:
    - Enabled: true
      Filters:
        - Action: ARCHIVE
)",
                                   "t.yaml");
    ASSERT_FALSE(report.ok());
    std::string all;
    for (const auto& d : report.diagnostics) {
        all += d.to_string() + "\n";
    }
    EXPECT_NE(all.find("t.yaml:3"), std::string::npos) << all;
    EXPECT_NE(all.find("learning_period"), std::string::npos) << all;
    EXPECT_NE(all.find("unknown detector key 'Enabled'"), std::string::npos) << all;
    EXPECT_NE(all.find("needs a Name"), std::string::npos) << all;
}

TEST(ConfigLoader, ReadsTheInsightsSection) {
    auto report = load_config_text(R"(
insights:
  baseline: 2h
  warmup: 10m
  end_after: 3m
  lateness: 0
  min_rate: 12
  deviations: 4.5
  ingested: [ApiErrorRateInsight]
)",
                                   "t.yaml");
    ASSERT_TRUE(report.ok()) << report.diagnostics.front().to_string();
    const insights::InsightSettings& s = report.config.insights.settings;
    EXPECT_EQ(s.baseline_minutes, 120);
    EXPECT_EQ(s.warmup_minutes, 10);
    EXPECT_EQ(s.end_after_quiet_minutes, 3);
    EXPECT_EQ(s.lateness_minutes, 0);
    EXPECT_DOUBLE_EQ(s.min_rate, 12);
    EXPECT_DOUBLE_EQ(s.deviations, 4.5);
    EXPECT_FALSE(report.config.insights.ingested.api_call_rate);
    EXPECT_TRUE(report.config.insights.ingested.api_error_rate);
    // Defaults: AWS's week of baseline.
    EXPECT_EQ(load_config_text("", "t.yaml").config.insights.settings.baseline_minutes, 10080);
}

TEST(ConfigLoader, InsightsMistakesAreNamedWithTheirLine) {
    auto report = load_config_text(R"(
insights:
  baseline: 30m
  warmup: 2h
  lateness: 90s
  ingested: [ApiCallVolume]
)",
                                   "t.yaml");
    ASSERT_FALSE(report.ok());
    std::string all;
    for (const auto& d : report.diagnostics) {
        all += d.to_string() + "\n";
    }
    EXPECT_NE(all.find("t.yaml:5:13: error: insights.lateness must be whole minutes"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("t.yaml:6:14: error: insights.ingested: 'ApiCallVolume'"), std::string::npos)
        << all;
    EXPECT_NE(all.find("insights.warmup must not be longer than insights.baseline"),
              std::string::npos)
        << all;
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
