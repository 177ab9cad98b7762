// BehaviourTracker: console sign-in bursts, sign-ins from two countries, weakened password
// policies. Time is the record's eventTime, passed in explicitly.
#include "detect/behaviour_tracker.h"

#include <gtest/gtest.h>

#include "detect/intel/geoip_table.h"
#include "detect/intel/threat_intel.h"
#include "detect_test_util.h"

namespace tripline::detect {
namespace {

using namespace test_util;
using namespace std::chrono_literals;

constexpr std::string_view kBruteForce = "Custom:IAMUser/ConsoleLoginBruteForce";
constexpr std::string_view kTravel = "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B";
constexpr std::string_view kPolicyChange = "Stealth:IAMUser/PasswordPolicyChange";

constexpr std::string_view kBob = R"({
    "type":"IAMUser","principalId":"AIDAEXAMPLEBOB000001",
    "arn":"arn:aws:iam::111122223333:user/bob","accountId":"111122223333",
    "accessKeyId":"","userName":"bob"})";

TimePoint t0() {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601("2026-11-22T08:00:00Z", t));
    return t;
}

ThreatIntel geo_intel() {
    ThreatIntel intel;
    auto table = parse_geoip_csv(
        "network,country_code,country,city,lat,lon,asn,as_org\n"
        "198.51.100.0/24,NL,Netherlands,Amsterdam,52.37,4.89,64496,Example Transit\n"
        "203.0.113.0/24,US,United States,Seattle,47.61,-122.33,64497,Example Cable\n"
        "192.0.2.0/24,US,United States,Boston,42.36,-71.06,64498,Example Fiber\n",
        "geo.csv");
    EXPECT_TRUE(table) << table.error().to_string();
    if (table) {
        intel.set_geoip(std::move(table).value());
    }
    return intel;
}

class BehaviourTrackerTest : public ::testing::Test {
protected:
    // Feeds one record at `at`; returns what it completed.
    std::vector<Detection> feed(const nlohmann::json& record,
                                TimePoint at,
                                const ThreatIntel* intel = nullptr) {
        const event::CloudTrailRecord parsed = parse_record(record);
        RecordFacts facts(parsed);
        std::vector<Detection> out;
        tracker_.observe(facts, at, intel, out);
        return out;
    }

    std::vector<Detection> login(std::string_view outcome,
                                 std::string_view ip,
                                 TimePoint at,
                                 const ThreatIntel* intel = nullptr,
                                 std::string_view identity = kAlice) {
        nlohmann::json record = record_json(identity, R"({"eventSource":"signin.amazonaws.com",
            "eventName":"ConsoleLogin","eventType":"AwsConsoleSignIn",
            "additionalEventData":{"MobileVersion":"No","MFAUsed":"No"}})");
        record["sourceIPAddress"] = ip;
        record["eventTime"] = format_iso8601(at);
        record["responseElements"] = {{"ConsoleLogin", outcome}};
        if (outcome == "Failure") {
            record["errorMessage"] = "Failed authentication";
        }
        return feed(record, at, intel);
    }

    std::vector<Detection> policy(std::string_view params,
                                  TimePoint at,
                                  std::string_view extra = "{}") {
        nlohmann::json record = record_json(kAlice, extra);
        record["eventName"] = "UpdateAccountPasswordPolicy";
        record["requestParameters"] = nlohmann::json::parse(params);
        return feed(record, at);
    }

    BehaviourTracker tracker_;
};

TEST_F(BehaviourTrackerTest, FiveFailuresWithinTenMinutesAreABruteForce) {
    for (int i = 0; i < 4; ++i) {
        EXPECT_TRUE(login("Failure", "198.51.100.7", t0() + i * 1min).empty()) << i;
    }
    auto found = login("Failure", "198.51.100.7", t0() + 9min);
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, kBruteForce);
    EXPECT_DOUBLE_EQ(found[0].severity, 5);
    EXPECT_EQ(found[0].key_extra, "198.51.100.7");
    EXPECT_NE(found[0].detail.find("5 failed"), std::string::npos) << found[0].detail;
    // The burst goes on: every further failure is another occurrence.
    EXPECT_EQ(login("Failure", "198.51.100.7", t0() + 9min + 30s).size(), 1u);
}

TEST_F(BehaviourTrackerTest, FailuresSpreadOverMoreThanTenMinutesAreNot) {
    for (int i = 0; i < 8; ++i) {
        EXPECT_TRUE(login("Failure", "198.51.100.7", t0() + i * 3min).empty()) << i;
    }
}

TEST_F(BehaviourTrackerTest, FailuresFromDifferentAddressesAreNot) {
    for (int i = 0; i < 8; ++i) {
        const std::string ip = "198.51.100." + std::to_string(10 + i);
        EXPECT_TRUE(login("Failure", ip, t0() + i * 10s).empty()) << ip;
    }
}

TEST_F(BehaviourTrackerTest, SuccessfulSignInsAreNotFailures) {
    for (int i = 0; i < 6; ++i) {
        EXPECT_TRUE(login("Success", "198.51.100.7", t0() + i * 10s).empty()) << i;
    }
}

TEST_F(BehaviourTrackerTest, ThresholdAndWindowAreSettings) {
    tracker_ = BehaviourTracker(BehaviourSettings{3, std::chrono::seconds(60), 3600s});
    EXPECT_TRUE(login("Failure", "198.51.100.7", t0()).empty());
    EXPECT_TRUE(login("Failure", "198.51.100.7", t0() + 10s).empty());
    EXPECT_EQ(login("Failure", "198.51.100.7", t0() + 20s).size(), 1u);
    EXPECT_TRUE(login("Failure", "198.51.100.8", t0() + 30s).empty());
}

TEST_F(BehaviourTrackerTest, SignInsFromTwoCountriesWithinAnHour) {
    const ThreatIntel intel = geo_intel();
    EXPECT_TRUE(login("Success", "198.51.100.7", t0(), &intel).empty());
    auto found = login("Success", "203.0.113.10", t0() + 30min, &intel);
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, kTravel);
    EXPECT_DOUBLE_EQ(found[0].severity, 5);
    EXPECT_NE(found[0].detail.find("Netherlands"), std::string::npos) << found[0].detail;
    EXPECT_NE(found[0].detail.find("United States"), std::string::npos) << found[0].detail;
}

TEST_F(BehaviourTrackerTest, SignInsFromOneCountryAreNotTravel) {
    const ThreatIntel intel = geo_intel();
    EXPECT_TRUE(login("Success", "203.0.113.10", t0(), &intel).empty());
    EXPECT_TRUE(login("Success", "192.0.2.10", t0() + 5min, &intel).empty());
}

TEST_F(BehaviourTrackerTest, SignInsMoreThanAnHourApartAreNotTravel) {
    const ThreatIntel intel = geo_intel();
    EXPECT_TRUE(login("Success", "198.51.100.7", t0(), &intel).empty());
    EXPECT_TRUE(login("Success", "203.0.113.10", t0() + 61min, &intel).empty());
}

TEST_F(BehaviourTrackerTest, TravelNeedsGeoData) {
    ThreatIntel no_geo;
    EXPECT_TRUE(login("Success", "198.51.100.7", t0(), &no_geo).empty());
    EXPECT_TRUE(login("Success", "203.0.113.10", t0() + 5min, &no_geo).empty());
    EXPECT_TRUE(login("Success", "198.51.100.7", t0() + 6min, nullptr).empty());
    EXPECT_TRUE(login("Success", "203.0.113.10", t0() + 7min, nullptr).empty());
    // An address the table does not know.
    const ThreatIntel intel = geo_intel();
    EXPECT_TRUE(login("Success", "198.51.100.7", t0() + 8min, &intel).empty());
    EXPECT_TRUE(login("Success", "100.64.0.1", t0() + 9min, &intel).empty());
}

TEST_F(BehaviourTrackerTest, TravelIsPerUser) {
    const ThreatIntel intel = geo_intel();
    EXPECT_TRUE(login("Success", "198.51.100.7", t0(), &intel, kAlice).empty());
    EXPECT_TRUE(login("Success", "203.0.113.10", t0() + 5min, &intel, kBob).empty());
}

TEST_F(BehaviourTrackerTest, FailedSignInsDoNotCountAsTravel) {
    const ThreatIntel intel = geo_intel();
    EXPECT_TRUE(login("Success", "198.51.100.7", t0(), &intel).empty());
    EXPECT_TRUE(login("Failure", "203.0.113.10", t0() + 5min, &intel).empty());
}

constexpr std::string_view kStrong = R"({"minimumPasswordLength":14,"requireSymbols":true,
    "requireNumbers":true,"requireUppercaseCharacters":true,"requireLowercaseCharacters":true,
    "allowUsersToChangePassword":true,"maxPasswordAge":90,"passwordReusePrevention":24})";
constexpr std::string_view kShorter = R"({"minimumPasswordLength":8,"requireSymbols":true,
    "requireNumbers":true,"requireUppercaseCharacters":true,"requireLowercaseCharacters":true,
    "allowUsersToChangePassword":true,"maxPasswordAge":90,"passwordReusePrevention":24})";

TEST_F(BehaviourTrackerTest, FirstPasswordPolicyIsTheBaseline) {
    EXPECT_TRUE(policy(kShorter, t0()).empty());
}

TEST_F(BehaviourTrackerTest, ShorterMinimumLengthWeakensThePolicy) {
    EXPECT_TRUE(policy(kStrong, t0()).empty());
    auto found = policy(kShorter, t0() + 1h);
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, kPolicyChange);
    EXPECT_DOUBLE_EQ(found[0].severity, 2);
    EXPECT_NE(found[0].detail.find("14"), std::string::npos) << found[0].detail;
    EXPECT_NE(found[0].detail.find("8"), std::string::npos) << found[0].detail;
}

TEST_F(BehaviourTrackerTest, StrengtheningIsNotAFinding) {
    EXPECT_TRUE(policy(kShorter, t0()).empty());
    EXPECT_TRUE(policy(kStrong, t0() + 1h).empty());
    EXPECT_TRUE(policy(kStrong, t0() + 2h).empty());
}

TEST_F(BehaviourTrackerTest, DroppedRequirementsAndLongerExpiryWeaken) {
    EXPECT_TRUE(policy(kStrong, t0()).empty());
    nlohmann::json fewer = nlohmann::json::parse(kStrong);
    fewer["requireSymbols"] = false;
    EXPECT_EQ(policy(fewer.dump(), t0() + 1h).size(), 1u);
    nlohmann::json never = fewer;
    never.erase("maxPasswordAge");
    EXPECT_EQ(policy(never.dump(), t0() + 2h).size(), 1u);
}

TEST_F(BehaviourTrackerTest, FailedUpdatesDoNotMoveTheBaseline) {
    EXPECT_TRUE(policy(kStrong, t0()).empty());
    EXPECT_TRUE(policy(kShorter, t0() + 1h, R"({"errorCode":"AccessDenied"})").empty());
    nlohmann::json twelve = nlohmann::json::parse(kStrong);
    twelve["minimumPasswordLength"] = 12;
    EXPECT_EQ(policy(twelve.dump(), t0() + 2h).size(), 1u);
}

TEST_F(BehaviourTrackerTest, PasswordPoliciesArePerAccount) {
    EXPECT_TRUE(policy(kStrong, t0()).empty());
    EXPECT_TRUE(policy(kShorter, t0() + 1h, R"({"recipientAccountId":"444455556666"})").empty());
}

}  // namespace
}  // namespace tripline::detect
