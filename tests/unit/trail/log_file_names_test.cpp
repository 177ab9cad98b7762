// CloudTrail's key layouts for log files and digests (cloudtrail.md §6-7), checked against the
// examples in AWS's documentation, and their parsers.
#include "trail/log_file_names.h"

#include <gtest/gtest.h>

#include <set>

namespace tripline::trail {
namespace {

TimePoint at(const char* iso) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
    return t;
}

TEST(LogFileNamesTest, LogFileKeyFollowsTheDocumentedExample) {
    LogLocation where{"", std::nullopt, "111122223333", "us-east-2"};
    EXPECT_EQ(log_file_key(where, at("2015-08-01T02:10:59Z"), "Mu0KsOhtH1ar15ZZ"),
              "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
              "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz");
}

TEST(LogFileNamesTest, PrefixAndOrganizationComeBeforeTheAccount) {
    LogLocation where{"team/logs", std::string("o-exampleorgid"), "123456789012", "eu-west-1"};
    EXPECT_EQ(log_file_key(where, at("2026-01-02T23:59:00Z"), "abcdefghij012345"),
              "team/logs/AWSLogs/o-exampleorgid/123456789012/CloudTrail/eu-west-1/2026/01/02/"
              "123456789012_CloudTrail_eu-west-1_20260102T2359Z_abcdefghij012345.json.gz");
    EXPECT_EQ(aws_logs_prefix("p", std::nullopt), "p/AWSLogs/");
    EXPECT_EQ(aws_logs_prefix("", std::string("o-exampleorgid")), "AWSLogs/o-exampleorgid/");
}

TEST(LogFileNamesTest, InsightFilesUseTheCloudTrailInsightFolder) {
    LogLocation where{"lab", std::nullopt, "111122223333", "us-east-1"};
    EXPECT_EQ(insight_file_key(where, at("2019-11-14T00:57:00Z"), "Mu0KsOhtH1ar15ZZ"),
              "lab/AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2019/11/14/"
              "111122223333_CloudTrail-Insight_us-east-1_20191114T0057Z_Mu0KsOhtH1ar15ZZ.json.gz");
}

TEST(LogFileNamesTest, DigestKeyFollowsTheDocumentedExample) {
    LogLocation where{"", std::nullopt, "111122223333", "us-east-2"};
    EXPECT_EQ(digest_file_key(where, "t", "us-east-2", at("2015-08-17T15:01:31Z")),
              "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
              "111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_20150817T150131Z.json.gz");
}

TEST(LogFileNamesTest, TimestampsAreUtcAndTruncated) {
    TimePoint t = at("2024-02-29T23:05:09.999Z");
    EXPECT_EQ(log_file_timestamp(t), "20240229T2305Z");
    EXPECT_EQ(digest_file_timestamp(t), "20240229T230509Z");
}

TEST(LogFileNamesTest, UniqueStringsAreSixteenLettersOrDigits) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        std::string s = random_unique_string();
        ASSERT_EQ(s.size(), 16u);
        for (char c : s) {
            EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << s;
        }
        seen.insert(s);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST(LogFileNamesTest, ParsesDigestKeysItWrites) {
    LogLocation where{"a/AWSLogs/b", std::string("o-aa11bb22cc"), "123456789012", "ap-south-1"};
    TimePoint end = at("2026-03-04T05:06:07Z");
    std::string key = digest_file_key(where, "my_trail.name-1", "us-east-1", end);
    auto parts = parse_digest_key(key);
    ASSERT_TRUE(parts.has_value()) << key;
    EXPECT_EQ(parts->location.key_prefix, "a/AWSLogs/b");
    EXPECT_EQ(parts->location.organization_id, "o-aa11bb22cc");
    EXPECT_EQ(parts->location.account_id, "123456789012");
    EXPECT_EQ(parts->location.region, "ap-south-1");
    EXPECT_EQ(parts->trail_name, "my_trail.name-1");
    EXPECT_EQ(parts->home_region, "us-east-1");
    EXPECT_EQ(parts->timestamp, "20260304T050607Z");
    EXPECT_EQ(parts->end_time, end);
    EXPECT_FALSE(parts->backfill);

    std::string backfill = key.substr(0, key.size() - 8) + "_backfill.json.gz";
    auto bf = parse_digest_key(backfill);
    ASSERT_TRUE(bf.has_value());
    EXPECT_TRUE(bf->backfill);
    EXPECT_EQ(bf->trail_name, "my_trail.name-1");
}

TEST(LogFileNamesTest, RejectsKeysThatAreNotDigests) {
    for (const char* key : {
             "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
             "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
             "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
             "111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_20150817T150131Z.json",
             "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
             "999922223333_CloudTrail-Digest_us-east-2_t_us-east-2_20150817T150131Z.json.gz",
             "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
             "111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_20151317T150131Z.json.gz",
             "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
             "111122223333_CloudTrail-Digest_us-east-2__20150817T150131Z.json.gz",
             "AWSLogs/1111/CloudTrail-Digest/us-east-2/2015/08/17/"
             "1111_CloudTrail-Digest_us-east-2_t_us-east-2_20150817T150131Z.json.gz",
             "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/"
             "111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_20150817T150131Z.json.gz",
             "",
         }) {
        EXPECT_FALSE(parse_digest_key(key).has_value()) << key;
    }
}

TEST(LogFileNamesTest, ParsesLogFileKeys) {
    auto parts = parse_log_file_key(
        "x/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-2/2015/08/01/"
        "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz");
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(parts->location.key_prefix, "x");
    EXPECT_EQ(parts->location.organization_id, "o-exampleorgid");
    EXPECT_EQ(parts->location.account_id, "111122223333");
    EXPECT_EQ(parts->location.region, "us-east-2");
    EXPECT_EQ(parts->timestamp, "20150801T0210Z");
    EXPECT_EQ(parts->delivered, at("2015-08-01T02:10:00Z"));
    EXPECT_EQ(parts->unique, "Mu0KsOhtH1ar15ZZ");
    EXPECT_FALSE(parse_log_file_key("AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
                                    "111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_"
                                    "20150817T150131Z.json.gz")
                     .has_value());
}

TEST(LogFileNamesTest, ValidatesAccountAndOrganizationIds) {
    EXPECT_TRUE(is_account_id("123456789012"));
    EXPECT_FALSE(is_account_id("12345678901"));
    EXPECT_FALSE(is_account_id("12345678901a"));
    EXPECT_TRUE(is_organization_id("o-a1b2c3d4e5"));
    EXPECT_FALSE(is_organization_id("o-short"));
    EXPECT_FALSE(is_organization_id("o-UPPERCASE1"));
    EXPECT_FALSE(is_organization_id("r-a1b2c3d4e5"));
}

}  // namespace
}  // namespace tripline::trail
