// The bucket policy rules (rules_s3.cpp) and the Tor / threat-list rules (rules_intel.cpp): every
// type with a positive record and benign look-alikes, run through all stateless rules.
#include <gtest/gtest.h>

#include "detect/record_rules.h"
#include "detect_test_util.h"

namespace tripline::detect {
namespace {

using namespace test_util;

constexpr const char* kBucketBpa = "Policy:S3/BucketBlockPublicAccessDisabled";
constexpr const char* kAccountBpa = "Policy:S3/AccountBlockPublicAccessDisabled";
constexpr const char* kAnonymous = "Policy:S3/BucketAnonymousAccessGranted";
constexpr const char* kAuthenticated = "Policy:S3/BucketPublicAccessGranted";
constexpr const char* kLoggingOff = "Stealth:S3/ServerAccessLoggingDisabled";

const std::vector<RuleCase>& s3_cases() {
    static const std::vector<RuleCase> cases = {
        // ---- Block Public Access
        {"Bpa_DeleteBucketBlock",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"DeleteBucketPublicAccessBlock",
             "requestParameters":{"bucketName":"public-site","publicAccessBlock":"",
               "Host":"public-site.s3.us-east-1.amazonaws.com"}})",
         {{kBucketBpa, 2}}},
        {"Bpa_PutBucketBlockOneFlagFalse",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketPublicAccessBlock",
             "requestParameters":{"bucketName":"public-site","publicAccessBlock":"",
               "PublicAccessBlockConfiguration":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/",
                 "RestrictPublicBuckets":true,"BlockPublicPolicy":false,
                 "BlockPublicAcls":true,"IgnorePublicAcls":true}}})",
         {{kBucketBpa, 2}}},
        {"Bpa_PutBucketBlockAllTrue",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketPublicAccessBlock",
             "requestParameters":{"bucketName":"public-site","publicAccessBlock":"",
               "PublicAccessBlockConfiguration":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/",
                 "RestrictPublicBuckets":true,"BlockPublicPolicy":true,
                 "BlockPublicAcls":true,"IgnorePublicAcls":true}}})",
         {}},
        {"Bpa_PutAccountBlockFlagsFalse",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutAccountPublicAccessBlock",
             "requestParameters":{"Host":"111122223333.s3-control.us-east-1.amazonaws.com",
               "PublicAccessBlockConfiguration":{"xmlns":"http://awss3control.amazonaws.com/doc/2018-08-20/",
                 "RestrictPublicBuckets":false,"BlockPublicPolicy":false,
                 "BlockPublicAcls":false,"IgnorePublicAcls":false}}})",
         {{kAccountBpa, 2}}},
        {"Bpa_PutAccountBlockAllTrue",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutAccountPublicAccessBlock",
             "requestParameters":{"PublicAccessBlockConfiguration":{"RestrictPublicBuckets":true,
               "BlockPublicPolicy":true,"BlockPublicAcls":true,"IgnorePublicAcls":true}}})",
         {}},
        {"Bpa_FailedDelete",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"DeleteBucketPublicAccessBlock",
             "errorCode":"AccessDenied","requestParameters":{"bucketName":"public-site"}})",
         {}},

        // ---- bucket policies
        {"Policy_PrincipalStarNoCondition",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",
             "requestParameters":{"bucketName":"public-site","policy":"","bucketPolicy":{
               "Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow",
               "Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::public-site/*"}]}}})",
         {{kAnonymous, 8}}},
        {"Policy_AwsStarAsText",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",
             "requestParameters":{"bucketName":"public-site","bucketPolicy":
             "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}}"}})",
         {{kAnonymous, 8}}},
        {"Policy_PrincipalStarWithCondition",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",
             "requestParameters":{"bucketName":"public-site","bucketPolicy":{
               "Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
               "Action":"s3:GetObject","Resource":"arn:aws:s3:::public-site/*",
               "Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}}})",
         {}},
        {"Policy_AccountPrincipal",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",
             "requestParameters":{"bucketName":"public-site","bucketPolicy":{
               "Version":"2012-10-17","Statement":[{"Effect":"Allow",
               "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*",
               "Resource":"arn:aws:s3:::public-site/*"}]}}})",
         {}},
        {"Policy_DenyEveryone",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",
             "requestParameters":{"bucketName":"public-site","bucketPolicy":{
               "Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",
               "Resource":"arn:aws:s3:::public-site/*"}]}}})",
         {}},

        // ---- ACLs
        {"Acl_CannedPublicReadString",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
             "requestParameters":{"bucketName":"public-site","acl":"","x-amz-acl":"public-read"}})",
         {{kAnonymous, 8}}},
        {"Acl_CannedPublicReadArray",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
             "requestParameters":{"bucketName":"public-site","acl":"","x-amz-acl":["public-read"]}})",
         {{kAnonymous, 8}}},
        {"Acl_CannedAuthenticatedRead",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
             "requestParameters":{"bucketName":"public-site","acl":"",
               "x-amz-acl":["authenticated-read"]}})",
         {{kAuthenticated, 8}}},
        {"Acl_CannedPrivate",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
             "requestParameters":{"bucketName":"public-site","acl":"","x-amz-acl":["private"]}})",
         {}},
        {"Acl_GrantToAllUsers",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
             "requestParameters":{"bucketName":"public-site","acl":"","AccessControlPolicy":{
               "AccessControlList":{"Grant":[
                 {"Grantee":{"xsi:type":"CanonicalUser","ID":"79a59df900b949e5"},
                  "Permission":"FULL_CONTROL"},
                 {"Grantee":{"xsi:type":"Group",
                  "URI":"http://acs.amazonaws.com/groups/global/AllUsers"},"Permission":"READ"}]},
               "Owner":{"ID":"79a59df900b949e5"}}}})",
         {{kAnonymous, 8}}},
        {"Acl_GrantToOwnerOnly",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
             "requestParameters":{"bucketName":"public-site","acl":"","AccessControlPolicy":{
               "AccessControlList":{"Grant":{"Grantee":{"xsi:type":"CanonicalUser",
                 "ID":"79a59df900b949e5"},"Permission":"FULL_CONTROL"}},
               "Owner":{"ID":"79a59df900b949e5"}}}})",
         {}},

        // ---- server access logging
        {"Logging_Disabled",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging",
             "requestParameters":{"bucketName":"public-site","logging":"",
               "BucketLoggingStatus":{}}})",
         {{kLoggingOff, 2}}},
        {"Logging_DisabledWithNamespace",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging",
             "requestParameters":{"bucketName":"public-site","logging":"",
               "BucketLoggingStatus":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/"}}})",
         {{kLoggingOff, 2}}},
        {"Logging_Enabled",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging",
             "requestParameters":{"bucketName":"public-site","logging":"",
               "BucketLoggingStatus":{"LoggingEnabled":{"TargetBucket":"access-logs",
                 "TargetPrefix":"public-site/"}}}})",
         {}},
    };
    return cases;
}

// An S3 data event (finance-reports/q3.pdf) calling `api` from `ip`.
std::string s3_data(std::string_view api, std::string_view ip) {
    nlohmann::json patch = nlohmann::json::parse(R"({"eventSource":"s3.amazonaws.com",
        "eventCategory":"Data","managementEvent":false,
        "requestParameters":{"bucketName":"finance-reports","key":"q3.pdf",
          "Host":"finance-reports.s3.us-east-1.amazonaws.com"}})");
    patch["eventName"] = api;
    patch["sourceIPAddress"] = ip;
    return patch.dump();
}

const std::vector<RuleCase>& intel_cases() {
    static const std::vector<RuleCase> cases = {
        {"Tor_ReadOnly",
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","readOnly":true,
             "sourceIPAddress":"192.0.2.66"})",
         {{"Recon:IAMUser/TorIPCaller", 5}}},
        {"Tor_Write",
         kAlice,
         R"({"eventName":"CreateUser","readOnly":false,"sourceIPAddress":"192.0.2.66",
             "requestParameters":{"userName":"backdoor"}})",
         {{"UnauthorizedAccess:IAMUser/TorIPCaller", 5}}},
        {"Tor_S3List",
         kAlice,
         s3_data("ListObjects", "192.0.2.66"),
         {{"Discovery:S3/TorIPCaller", 5}}},
        {"Tor_S3Get",
         kAlice,
         s3_data("GetObject", "192.0.2.66"),
         {{"UnauthorizedAccess:S3/TorIPCaller", 8}}},
        {"Tor_InvokedByServiceIsBenign",
         kAlice,
         R"({"userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},
             "sourceIPAddress":"192.0.2.66"})",
         {}},
        {"Threat_ReadOnly",
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","readOnly":true,
             "sourceIPAddress":"203.0.113.200"})",
         {{"Recon:IAMUser/MaliciousIPCaller.Custom", 5}}},
        {"Threat_Write",
         kAlice,
         R"({"eventName":"CreateAccessKey","readOnly":false,"sourceIPAddress":"203.0.113.200"})",
         {{"UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom", 5}}},
        {"Threat_S3Get",
         kAlice,
         s3_data("GetObject", "203.0.113.200"),
         {{"Exfiltration:S3/MaliciousIPCaller", 8}}},
        {"Threat_S3Put",
         kAlice,
         s3_data("PutObject", "203.0.113.200"),
         {{"Impact:S3/MaliciousIPCaller", 8}}},
        {"Threat_S3List",
         kAlice,
         s3_data("ListObjects", "203.0.113.200"),
         {{"Discovery:S3/MaliciousIPCaller.Custom", 8}}},
        {"Threat_S3Other",
         kAlice,
         s3_data("RestoreObject", "203.0.113.200"),
         {{"UnauthorizedAccess:S3/MaliciousIPCaller.Custom", 8}}},
        {"Caller_AwsInternal", kAlice, R"({"sourceIPAddress":"AWS Internal"})", {}},
        {"Caller_HostName",
         kAlice,
         R"({"sourceIPAddress":"cloudtrail.amazonaws.com","eventName":"CreateUser"})",
         {}},
        {"Caller_UnlistedAddress", kAlice, s3_data("GetObject", "203.0.113.10"), {}},
    };
    return cases;
}

class S3RuleTest : public ::testing::TestWithParam<RuleCase> {};
class IntelRuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(S3RuleTest, ProducesExactlyTheExpectedDetections) { check_case(GetParam(), lab_intel()); }
TEST_P(IntelRuleTest, ProducesExactlyTheExpectedDetections) { check_case(GetParam(), lab_intel()); }

INSTANTIATE_TEST_SUITE_P(Cases, S3RuleTest, ::testing::ValuesIn(s3_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Cases, IntelRuleTest, ::testing::ValuesIn(intel_cases()), case_name);

std::vector<Detection> detections(std::string_view patch) {
    const ThreatIntel intel = lab_intel();
    return run_rules(make_record(kAlice, patch), &intel);
}

TEST(S3RuleDetailTest, BucketTypesNameTheBucket) {
    auto found = detections(R"({"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
        "requestParameters":{"bucketName":"public-site","x-amz-acl":["public-read-write"]}})");
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, kAnonymous);
    EXPECT_EQ(found[0].buckets, std::vector<std::string>{"public-site"});
    EXPECT_NE(found[0].detail.find("public-read-write"), std::string::npos);
}

TEST(S3RuleDetailTest, AccountBlockHasNoBucket) {
    auto found = detections(R"({"eventSource":"s3.amazonaws.com",
        "eventName":"DeleteAccountPublicAccessBlock","requestParameters":{}})");
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, kAccountBpa);
    EXPECT_TRUE(found[0].buckets.empty());
}

TEST(IntelRuleDetailTest, ThreatListDetectionsCarryTheListAndCaller) {
    auto found = detections(R"({"eventName":"ListRoles","sourceIPAddress":"203.0.113.200"})");
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].threat_list, "lab-blocklist");
    EXPECT_EQ(found[0].key_extra, "203.0.113.200");
    EXPECT_TRUE(found[0].buckets.empty());
}

TEST(IntelRuleDetailTest, TorS3DetectionsCarryTheBucket) {
    auto found = detections(R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject",
        "eventCategory":"Data","sourceIPAddress":"192.0.2.66",
        "requestParameters":{"bucketName":"finance-reports","key":"q3.pdf"}})");
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].buckets, std::vector<std::string>{"finance-reports"});
    EXPECT_FALSE(found[0].threat_list.empty());
    EXPECT_EQ(found[0].key_extra, "192.0.2.66");
}

TEST(IntelRuleDetailTest, ReadOnlyFlagOfTheRecordWinsOverTheName) {
    // A management event that CloudTrail marks as a write despite its Get prefix.
    auto found = detections(R"({"eventName":"GetSessionToken","eventSource":"sts.amazonaws.com",
        "readOnly":false,"sourceIPAddress":"192.0.2.66"})");
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, "UnauthorizedAccess:IAMUser/TorIPCaller");
}

TEST(IntelRuleDetailTest, TrustedAddressesAreNotTheRulesConcern) {
    // Trusted IPs are dropped by DetectService before rules run; the rules see no list entry.
    EXPECT_TRUE(
        detections(R"({"sourceIPAddress":"203.0.113.5","eventName":"CreateUser"})").empty());
}

TEST(IntelRuleDetailTest, Ipv6TorExit) {
    ThreatIntel intel = lab_intel();
    IpRangeSet exits;
    ASSERT_TRUE(exits.add("2001:db8::66"));
    intel.set_tor_exits(std::move(exits));
    auto found = run_rules(make_record(kAlice, R"({"sourceIPAddress":"2001:db8::66"})"), &intel);
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, "Recon:IAMUser/TorIPCaller");
}

}  // namespace
}  // namespace tripline::detect
