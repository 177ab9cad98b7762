// Shared helpers of the detect unit tests: CloudTrail records built from a realistic base record
// plus a patch, the identities the tests act as, and a ThreatIntel with one of every list.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detection.h"
#include "detect/intel/threat_intel.h"
#include "detect/record_facts.h"
#include "detect/record_rules.h"
#include "event/cloudtrail_record.h"

namespace tripline::detect::test_util {

// An IAM user calling IAM with the CLI from a plain Debian machine.
inline constexpr std::string_view kAlice = R"({
    "type":"IAMUser","principalId":"AIDAEXAMPLEALICE0001",
    "arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333",
    "accessKeyId":"AKIAEXAMPLEALICE0001","userName":"alice"})";
inline constexpr std::string_view kRoot = R"({
    "type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root",
    "accountId":"111122223333","accessKeyId":"ASIAEXAMPLEROOT00001"})";
// Root signing in to the console: no access key.
inline constexpr std::string_view kRootConsole = R"({
    "type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root",
    "accountId":"111122223333","accessKeyId":""})";
// A person's session of role Admin.
inline constexpr std::string_view kAdminRole = R"({
    "type":"AssumedRole","principalId":"AROAEXAMPLEADMIN0001:bob",
    "arn":"arn:aws:sts::111122223333:assumed-role/Admin/bob","accountId":"111122223333",
    "accessKeyId":"ASIAEXAMPLEBOB000001",
    "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEADMIN0001",
        "arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333",
        "userName":"Admin"},
      "attributes":{"creationDate":"2026-11-22T07:00:00Z","mfaAuthenticated":"false"}}})";
// EC2 instance credentials (IMDSv2) of role MyRole on i-0abc.
inline constexpr std::string_view kInstanceRole = R"({
    "type":"AssumedRole","principalId":"AROAEXAMPLEMYROLE001:i-0abc",
    "arn":"arn:aws:sts::111122223333:assumed-role/MyRole/i-0abc","accountId":"111122223333",
    "accessKeyId":"ASIAEXAMPLEINST00001",
    "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEMYROLE001",
        "arn":"arn:aws:iam::111122223333:role/MyRole","accountId":"111122223333",
        "userName":"MyRole"},
      "attributes":{"creationDate":"2026-11-22T07:00:00Z","mfaAuthenticated":"false"},
      "ec2RoleDelivery":"2.0"}})";

inline constexpr std::string_view kBenignAgent = "aws-cli/2.15 Python/3.11 Linux/6.1.0-debian";
inline constexpr std::string_view kTorExit = "192.0.2.66";
inline constexpr std::string_view kThreatIp = "203.0.113.200";  // in threat list "lab-blocklist"
inline constexpr std::string_view kTrustedIp = "203.0.113.5";   // in trusted list "office"
inline constexpr std::string_view kAwsIp = "3.5.140.9";         // in AWS's ranges
inline constexpr std::string_view kExternalIp = "198.51.100.7";

// The base record: alice calling iam:ListUsers from 203.0.113.10 with kBenignAgent.
inline nlohmann::json base_record(std::string_view identity = kAlice) {
    return {{"eventVersion", "1.09"},
            {"userIdentity", nlohmann::json::parse(identity)},
            {"eventTime", "2026-11-22T08:00:00Z"},
            {"eventSource", "iam.amazonaws.com"},
            {"eventName", "ListUsers"},
            {"awsRegion", "us-east-1"},
            {"sourceIPAddress", "203.0.113.10"},
            {"userAgent", kBenignAgent},
            {"requestID", "5d6f0c2e-0000-4000-8000-000000000001"},
            {"eventID", "7c1e2f3a-0000-4000-8000-000000000001"},
            {"eventType", "AwsApiCall"},
            {"managementEvent", true},
            {"recipientAccountId", "111122223333"},
            {"eventCategory", "Management"}};
}

// The base record with `identity`, then every top-level member of `patch` set (null removes it).
inline nlohmann::json record_json(std::string_view identity, std::string_view patch) {
    nlohmann::json record = base_record(identity);
    const nlohmann::json changes = nlohmann::json::parse(patch.empty() ? "{}" : patch);
    for (const auto& [key, value] : changes.items()) {
        if (value.is_null()) {
            record.erase(key);
        } else {
            record[key] = value;
        }
    }
    return record;
}

inline event::CloudTrailRecord parse_record(const nlohmann::json& record) {
    auto parsed = event::parse_cloudtrail_record(record.dump());
    if (!parsed) {
        ADD_FAILURE() << "unparsable record: " << parsed.error().to_string();
        return {};
    }
    return std::move(parsed).value();
}

inline event::CloudTrailRecord make_record(std::string_view identity, std::string_view patch) {
    return parse_record(record_json(identity, patch));
}

// A ThreatIntel with a Tor exit, a threat list, a trusted list and AWS ranges (no GeoIP).
inline ThreatIntel lab_intel() {
    ThreatIntel intel;
    IpRangeSet exits;
    EXPECT_TRUE(exits.add(kTorExit));
    intel.set_tor_exits(std::move(exits));
    EXPECT_TRUE(intel.add_threat_list("lab-blocklist", "203.0.113.128/25\n"));
    EXPECT_TRUE(intel.add_trusted_list("office", "203.0.113.5\n"));
    IpRangeSet aws;
    EXPECT_TRUE(aws.add("3.5.140.0/22"));
    EXPECT_TRUE(aws.add("52.94.0.0/16"));
    intel.set_aws_ranges(std::move(aws));
    return intel;
}

// Every stateless rule over one record.
inline std::vector<Detection> run_rules(const event::CloudTrailRecord& record,
                                        const ThreatIntel* intel) {
    RecordFacts facts(record);
    std::vector<Detection> out;
    detect_account_rules(facts, intel, out);
    detect_s3_rules(facts, out);
    if (intel != nullptr) {
        detect_intel_rules(facts, *intel, out);
    }
    return out;
}

inline std::string type_names(const std::vector<Detection>& detections) {
    std::string out = "[";
    for (const Detection& d : detections) {
        out += std::string(out.size() > 1 ? ", " : "") + std::string(d.type->name) + " (" +
               std::to_string(d.severity) + ")";
    }
    return out + "]";
}

// A row of a data-driven rule table: the record (an identity and a patch of the base record) and
// exactly the detections it must produce (none for a benign look-alike).
struct Expected {
    std::string type;
    double severity = 0;
};
struct RuleCase {
    const char* name;
    std::string_view identity;
    std::string patch;
    std::vector<Expected> expected;
};

inline void check_case(const RuleCase& c, const ThreatIntel& intel) {
    const event::CloudTrailRecord record = make_record(c.identity, c.patch);
    const std::vector<Detection> got = run_rules(record, &intel);
    ASSERT_EQ(got.size(), c.expected.size()) << c.name << ": got " << type_names(got);
    for (std::size_t i = 0; i < got.size(); ++i) {
        bool found = false;
        for (const Expected& e : c.expected) {
            if (got[i].type->name == e.type) {
                found = true;
                EXPECT_DOUBLE_EQ(got[i].severity, e.severity) << c.name << ": " << e.type;
            }
        }
        EXPECT_TRUE(found) << c.name << ": unexpected " << got[i].type->name << " in "
                           << type_names(got);
    }
}

// gtest prints a failing parameter with this instead of its bytes.
inline void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

inline std::string case_name(const ::testing::TestParamInfo<RuleCase>& info) {
    return info.param.name;
}

}  // namespace tripline::detect::test_util
