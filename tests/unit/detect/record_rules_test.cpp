// The account-level rules (rules_account.cpp): every type with a positive record and benign
// look-alikes, run through all stateless rules so that no other rule fires by accident.
#include "detect/record_rules.h"

#include <gtest/gtest.h>

#include "detect_test_util.h"

namespace tripline::detect {
namespace {

using namespace test_util;

constexpr const char* kRootUsage = "Policy:IAMUser/RootCredentialUsage";
constexpr const char* kTrailOff = "Stealth:IAMUser/CloudTrailLoggingDisabled";
constexpr const char* kPolicyChange = "Stealth:IAMUser/PasswordPolicyChange";
constexpr const char* kAdmin = "PrivilegeEscalation:IAMUser/AdministrativePermissions";
constexpr const char* kOpenSg = "Custom:IAMUser/SecurityGroupOpenToWorld";
constexpr const char* kNoMfa = "Custom:IAMUser/RootConsoleLoginWithoutMFA";
constexpr const char* kOutside =
    "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS";
constexpr const char* kInside =
    "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS";

const std::vector<RuleCase>& account_cases() {
    static const std::vector<RuleCase> cases = {
        // ---- Policy:IAMUser/RootCredentialUsage
        {"Root_ApiCall",
         kRoot,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","readOnly":true})",
         {{kRootUsage, 2}}},
        {"Root_InvokedByService",
         kRoot,
         R"({"userIdentity":{"type":"Root","principalId":"111122223333",
             "arn":"arn:aws:iam::111122223333:root","accountId":"111122223333",
             "invokedBy":"cloudformation.amazonaws.com"},
             "sourceIPAddress":"cloudformation.amazonaws.com",
             "userAgent":"cloudformation.amazonaws.com","eventSource":"s3.amazonaws.com",
             "eventName":"CreateBucket","requestParameters":{"bucketName":"stack-bucket"}})",
         {}},
        {"Root_AwsServiceEvent",
         kRoot,
         R"({"eventType":"AwsServiceEvent","eventSource":"kms.amazonaws.com",
             "eventName":"RotateKey"})",
         {}},
        {"Root_NotForIamUser",
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","readOnly":true})",
         {}},

        // ---- Stealth:IAMUser/CloudTrailLoggingDisabled
        {"Trail_StopLogging",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging",
             "requestParameters":{"name":"arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}})",
         {{kTrailOff, 2}}},
        {"Trail_DeleteTrail",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"DeleteTrail",
             "requestParameters":{"name":"main"}})",
         {{kTrailOff, 2}}},
        {"Trail_UpdateTrailValidationOff",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"UpdateTrail",
             "requestParameters":{"name":"main","enableLogFileValidation":false}})",
         {{kTrailOff, 2}}},
        {"Trail_PutEventSelectorsNoManagement",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"PutEventSelectors",
             "requestParameters":{"trailName":"main","eventSelectors":[
               {"readWriteType":"All","includeManagementEvents":false,
                "dataResources":[{"type":"AWS::S3::Object","values":["arn:aws:s3"]}]},
               {"readWriteType":"WriteOnly","includeManagementEvents":false}]}})",
         {{kTrailOff, 2}}},
        {"Trail_StartLoggingIsBenign",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"StartLogging",
             "requestParameters":{"name":"main"}})",
         {}},
        {"Trail_FailedStopLogging",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging",
             "errorCode":"AccessDenied","errorMessage":"User is not authorized",
             "requestParameters":{"name":"main"}})",
         {}},
        {"Trail_UpdateTrailBucketOnly",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"UpdateTrail",
             "requestParameters":{"name":"main","s3BucketName":"new-trail-bucket"}})",
         {}},
        {"Trail_PutEventSelectorsKeepsManagement",
         kAlice,
         R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"PutEventSelectors",
             "requestParameters":{"trailName":"main","eventSelectors":[
               {"readWriteType":"All","includeManagementEvents":false},
               {"readWriteType":"All","includeManagementEvents":true}]}})",
         {}},

        // ---- Stealth:IAMUser/PasswordPolicyChange (deletion; weakening is stateful)
        {"Password_DeletePolicy",
         kAlice,
         R"({"eventName":"DeleteAccountPasswordPolicy","requestParameters":null})",
         {{kPolicyChange, 5}}},
        {"Password_DeletePolicyFailed",
         kAlice,
         R"({"eventName":"DeleteAccountPasswordPolicy","errorCode":"AccessDenied"})",
         {{kPolicyChange, 2}}},
        {"Password_GetPolicyIsBenign", kAlice, R"({"eventName":"GetAccountPasswordPolicy"})", {}},

        // ---- PrivilegeEscalation:IAMUser/AdministrativePermissions
        {"Admin_AttachToSelf",
         kAlice,
         R"({"eventName":"AttachUserPolicy","requestParameters":{"userName":"alice",
             "policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}})",
         {{kAdmin, 5}}},
        {"Admin_AttachToAnotherUser",
         kAlice,
         R"({"eventName":"AttachUserPolicy","requestParameters":{"userName":"carol",
             "policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}})",
         {}},
        {"Admin_AttachToSelfFailed",
         kAlice,
         R"({"eventName":"AttachUserPolicy","errorCode":"AccessDenied",
             "requestParameters":{"userName":"alice",
             "policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}})",
         {{kAdmin, 2}}},
        {"Admin_InlineAllowAllToSelf",
         kAlice,
         R"({"eventName":"PutUserPolicy","requestParameters":{"userName":"alice",
             "policyName":"everything","policyDocument":
             "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}})",
         {{kAdmin, 5}}},
        {"Admin_InlineNarrowPolicy",
         kAlice,
         R"({"eventName":"PutUserPolicy","requestParameters":{"userName":"alice",
             "policyName":"reports","policyDocument":
             "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}"}})",
         {}},
        {"Admin_ReadOnlyAccess",
         kAlice,
         R"({"eventName":"AttachUserPolicy","requestParameters":{"userName":"alice",
             "policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}})",
         {}},
        {"Admin_RoleAttachesToItsOwnRole",
         kAdminRole,
         R"({"eventName":"AttachRolePolicy","requestParameters":{"roleName":"Admin",
             "policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}})",
         {{kAdmin, 5}}},

        // ---- Custom:IAMUser/SecurityGroupOpenToWorld
        {"SecurityGroup_OpenIpv4",
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
             "requestParameters":{"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[
               {"ipProtocol":"tcp","fromPort":22,"toPort":22,"groups":{},
                "ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]},"ipv6Ranges":{},
                "prefixListIds":{}}]}}})",
         {{kOpenSg, 5}}},
        {"SecurityGroup_OpenIpv6",
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
             "requestParameters":{"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[
               {"ipProtocol":"-1","groups":{},"ipRanges":{},
                "ipv6Ranges":{"items":[{"cidrIpv6":"::/0"}]},"prefixListIds":{}}]}}})",
         {{kOpenSg, 5}}},
        {"SecurityGroup_FlatShapeAnyAddressSlashZero",  // Stratus Red Team's
                                                        // ec2-security-group-open-port-22
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
             "requestParameters":{"cidrIp":"208.236.235.254/0","fromPort":22,
               "groupId":"sg-003dc7f1f1c686164","ipPermissions":{},"ipProtocol":"tcp",
               "toPort":22}})",
         {{kOpenSg, 5}}},
        {"SecurityGroup_PrivateRange",
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
             "requestParameters":{"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[
               {"ipProtocol":"tcp","fromPort":443,"toPort":443,"groups":{},
                "ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]},"ipv6Ranges":{},
                "prefixListIds":{}}]}}})",
         {}},
        {"SecurityGroup_RevokeIsBenign",
         kAlice,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"RevokeSecurityGroupIngress",
             "requestParameters":{"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[
               {"ipProtocol":"tcp","fromPort":22,"toPort":22,
                "ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}}})",
         {}},

        // ---- Custom:IAMUser/RootConsoleLoginWithoutMFA (root sign-in is also root usage)
        {"RootLogin_WithoutMfa",
         kRootConsole,
         R"({"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
             "eventType":"AwsConsoleSignIn","responseElements":{"ConsoleLogin":"Success"},
             "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home",
               "MobileVersion":"No","MFAUsed":"No"}})",
         {{kNoMfa, 5}, {kRootUsage, 2}}},
        {"RootLogin_WithMfa",
         kRootConsole,
         R"({"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
             "eventType":"AwsConsoleSignIn","responseElements":{"ConsoleLogin":"Success"},
             "additionalEventData":{"MobileVersion":"No","MFAUsed":"Yes"}})",
         {{kRootUsage, 2}}},
        {"RootLogin_IamUserWithoutMfa",
         kAlice,
         R"({"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
             "eventType":"AwsConsoleSignIn","responseElements":{"ConsoleLogin":"Success"},
             "additionalEventData":{"MobileVersion":"No","MFAUsed":"No"}})",
         {}},

        // ---- PenTest:IAMUser/* and PenTest:S3/*
        {"PenTest_Kali",
         kAlice,
         R"({"userAgent":"Boto3/1.26.0 Python/3.11.2 Linux/6.1.0-kali7-amd64 Botocore/1.29.0"})",
         {{"PenTest:IAMUser/KaliLinux", 5}}},
        {"PenTest_Parrot",
         kAlice,
         R"({"userAgent":"aws-cli/2.9.0 Python/3.9.2 Linux/5.16.0-12parrot1-amd64 exe/x86_64.parrot.5"})",
         {{"PenTest:IAMUser/ParrotLinux", 5}}},
        {"PenTest_Pentoo",
         kAlice,
         R"({"userAgent":"aws-cli/1.27.0 Python/3.10.9 Linux/6.1.12-PENTOO botocore/1.29.0"})",
         {{"PenTest:IAMUser/PentooLinux", 5}}},
        {"PenTest_S3DataEventKali",
         kAlice,
         R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventCategory":"Data",
             "managementEvent":false,"readOnly":true,
             "userAgent":"[aws-cli/2.13.0 Python/3.11.4 Linux/6.3.0-kali1-amd64]",
             "requestParameters":{"bucketName":"finance-reports",
               "Host":"finance-reports.s3.us-east-1.amazonaws.com","key":"q3.pdf"}})",
         {{"PenTest:S3/KaliLinux", 5}}},
        {"PenTest_DebianIsBenign",
         kAlice,
         R"({"userAgent":"aws-cli/2.15 Python/3.11 Linux/6.1.0-debian"})",
         {}},

        // ---- InstanceCredentialExfiltration (AWS ranges 3.5.140.0/22, 52.94.0.0/16 loaded)
        {"Instance_OutsideAws",
         kInstanceRole,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","readOnly":true,
             "sourceIPAddress":"198.51.100.7"})",
         {{kOutside, 8}}},
        {"Instance_FromAwsAddress",
         kInstanceRole,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","readOnly":true,
             "sourceIPAddress":"3.5.140.9"})",
         {}},
        {"Instance_PersonSessionOutsideAws",
         kAdminRole,
         R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","readOnly":true,
             "sourceIPAddress":"198.51.100.7"})",
         {}},
        {"Instance_OtherAccountsVpcEndpoint",
         kInstanceRole,
         R"({"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","readOnly":true,
             "sourceIPAddress":"10.0.1.5","vpcEndpointId":"vpce-0a1b2c3d4e5f6a7b8",
             "vpcEndpointAccountId":"444455556666"})",
         {{kInside, 8}}},
        // Regression test: instance_credential_exfiltration() used to report OutsideAWS for a call
        // through the account's own VPC endpoint from the instance's private address (10.0.1.5
        // is not in AWS's public ranges). Private (RFC 1918) addresses are never "external".
        {"Instance_OwnVpcEndpointPrivateAddress",
         kInstanceRole,
         R"({"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","readOnly":true,
             "sourceIPAddress":"10.0.1.5","vpcEndpointId":"vpce-0a1b2c3d4e5f6a7b8",
             "vpcEndpointAccountId":"111122223333"})",
         {}},
    };
    return cases;
}

class AccountRuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(AccountRuleTest, ProducesExactlyTheExpectedDetections) {
    const ThreatIntel intel = lab_intel();
    check_case(GetParam(), intel);
}

INSTANTIATE_TEST_SUITE_P(Cases, AccountRuleTest, ::testing::ValuesIn(account_cases()), case_name);

Detection only_detection(std::string_view identity, std::string_view patch) {
    const ThreatIntel intel = lab_intel();
    auto found = run_rules(make_record(identity, patch), &intel);
    EXPECT_EQ(found.size(), 1u) << type_names(found);
    return found.empty() ? Detection{} : found.front();
}

TEST(AccountRuleDetailTest, TrailRulesNameTheTrailArn) {
    Detection d = only_detection(kAlice,
                                 R"({"eventSource":"cloudtrail.amazonaws.com",
                                     "eventName":"DeleteTrail","requestParameters":{"name":"main"}})");
    EXPECT_EQ(d.affected_resources.value("AWS::CloudTrail::Trail", ""),
              "arn:aws:cloudtrail:us-east-1:111122223333:trail/main");
    EXPECT_NE(d.detail.find("main"), std::string::npos);

    d = only_detection(kAlice, R"({"eventSource":"cloudtrail.amazonaws.com",
        "eventName":"StopLogging","requestParameters":
        {"name":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/org"}})");
    EXPECT_EQ(d.affected_resources.value("AWS::CloudTrail::Trail", ""),
              "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org");
}

TEST(AccountRuleDetailTest, PenTestNamesTheDistributionAndBucket) {
    Detection d = only_detection(
        kAlice,
        R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventCategory":"Data",
            "managementEvent":false,"userAgent":"aws-cli/2 Linux/6.3.0-kali1-amd64",
            "requestParameters":{"bucketName":"finance-reports","key":"q3.pdf"}})");
    ASSERT_NE(d.type, nullptr);
    EXPECT_EQ(d.distro, "Kali");
    ASSERT_EQ(d.buckets.size(), 1u);
    EXPECT_EQ(d.buckets[0], "finance-reports");
}

TEST(AccountRuleDetailTest, InstanceCredentialsKeyOnTheCallerAndAccount) {
    Detection outside = only_detection(
        kInstanceRole, R"({"eventName":"ListRoles","sourceIPAddress":"198.51.100.7"})");
    EXPECT_EQ(outside.key_extra, "198.51.100.7");
    Detection inside = only_detection(kInstanceRole, R"({"eventName":"ListRoles",
        "sourceIPAddress":"10.0.1.5","vpcEndpointAccountId":"444455556666"})");
    EXPECT_EQ(inside.key_extra, "444455556666");
    EXPECT_NE(inside.detail.find("444455556666"), std::string::npos);
}

TEST(AccountRuleDetailTest, InstanceSessionNameAloneIdentifiesInstanceCredentials) {
    auto record = record_json(kInstanceRole, R"({"sourceIPAddress":"198.51.100.7"})");
    record["userIdentity"]["sessionContext"].erase("ec2RoleDelivery");
    const ThreatIntel intel = lab_intel();
    auto found = run_rules(parse_record(record), &intel);
    ASSERT_EQ(found.size(), 1u) << type_names(found);
    EXPECT_EQ(found[0].type->name, kOutside);
}

TEST(AccountRuleDetailTest, OutsideAwsNeedsAwsRanges) {
    const auto record = make_record(kInstanceRole, R"({"sourceIPAddress":"198.51.100.7"})");
    ThreatIntel no_ranges;
    EXPECT_TRUE(run_rules(record, &no_ranges).empty());
    EXPECT_TRUE(run_rules(record, nullptr).empty());
    ThreatIntel with_ranges = lab_intel();
    EXPECT_EQ(run_rules(record, &with_ranges).size(), 1u);
}

TEST(AccountRuleDetailTest, OutsideAwsIgnoresServiceAndHostNameCallers) {
    const ThreatIntel intel = lab_intel();
    EXPECT_TRUE(
        run_rules(make_record(kInstanceRole, R"({"sourceIPAddress":"AWS Internal"})"), &intel)
            .empty());
    EXPECT_TRUE(
        run_rules(make_record(kInstanceRole, R"({"sourceIPAddress":"ec2.amazonaws.com"})"), &intel)
            .empty());
}

TEST(AccountRuleDetailTest, MakeDetectionUsesTheCatalogueSeverity) {
    Detection d = make_detection("UnauthorizedAccess:S3/TorIPCaller");
    ASSERT_NE(d.type, nullptr);
    EXPECT_EQ(d.type->name, "UnauthorizedAccess:S3/TorIPCaller");
    EXPECT_DOUBLE_EQ(d.severity, 8);
    EXPECT_TRUE(d.buckets.empty());
    EXPECT_TRUE(d.key_extra.empty());
}

}  // namespace
}  // namespace tripline::detect
