// The AWS managed policies Tripline ships: every document is a valid identity policy, lookups by
// name and ARN work, and the policies allow what AWS's do (and, for the read-only ones, nothing
// that reveals secrets or changes state).
#include "iam/managed_policies.h"

#include <gtest/gtest.h>

#include "iam/policy.h"

namespace tripline::iam {
namespace {

PolicyDocument parsed(const std::string& name) {
    const ManagedPolicy* policy = find_aws_managed_policy(name);
    EXPECT_NE(policy, nullptr) << name;
    if (policy == nullptr) {
        return {};
    }
    auto doc = parse_policy(policy->document, PolicyKind::kIdentity);
    EXPECT_TRUE(doc) << name << ": " << doc.error().message;
    return doc ? *doc : PolicyDocument{};
}

Decision decide(const PolicyDocument& doc,
                const std::string& action,
                const std::string& resource = "*",
                std::map<std::string, std::vector<std::string>> keys = {}) {
    return evaluate({&doc}, RequestContext{action, resource, std::move(keys)});
}

TEST(ManagedPoliciesTest, EveryDocumentParsesAsAnIdentityPolicy) {
    ASSERT_GE(aws_managed_policies().size(), 8u);
    for (const auto& policy : aws_managed_policies()) {
        auto doc = parse_policy(policy.document, PolicyKind::kIdentity, 6144);
        EXPECT_TRUE(doc) << policy.name << ": " << doc.error().message;
        EXPECT_FALSE(policy.description.empty()) << policy.name;
        EXPECT_EQ(policy.path.front(), '/');
        EXPECT_EQ(policy.path.back(), '/');
    }
}

TEST(ManagedPoliciesTest, FindsByNameAndArn) {
    const ManagedPolicy* by_name = find_aws_managed_policy("ReadOnlyAccess");
    ASSERT_NE(by_name, nullptr);
    EXPECT_EQ(find_aws_managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess"), by_name);
    EXPECT_EQ(by_name->arn(), "arn:aws:iam::aws:policy/ReadOnlyAccess");

    const ManagedPolicy* job =
        find_aws_managed_policy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
    ASSERT_NE(job, nullptr);
    EXPECT_EQ(job->path, "/job-function/");
    EXPECT_EQ(find_aws_managed_policy("arn:aws:iam::aws:policy/ViewOnlyAccess"), nullptr);

    EXPECT_EQ(find_aws_managed_policy("NoSuchPolicy"), nullptr);
    EXPECT_EQ(find_aws_managed_policy("arn:aws:iam::123456789012:policy/ReadOnlyAccess"), nullptr);
    for (const char* name : {"AdministratorAccess",
                             "SecurityAudit",
                             "IAMFullAccess",
                             "IAMReadOnlyAccess",
                             "AmazonS3FullAccess",
                             "AmazonS3ReadOnlyAccess",
                             "IAMUserChangePassword"}) {
        EXPECT_NE(find_aws_managed_policy(name), nullptr) << name;
    }
}

TEST(ManagedPoliciesTest, AdministratorAccessAllowsEverything) {
    auto admin = parsed("AdministratorAccess");
    EXPECT_EQ(decide(admin, "iam:CreateUser", "arn:aws:iam::123456789012:user/x"),
              Decision::kAllow);
    EXPECT_EQ(decide(admin, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k"),
              Decision::kAllow);
    EXPECT_EQ(decide(admin, "secretsmanager:GetSecretValue"), Decision::kAllow);
}

TEST(ManagedPoliciesTest, ReadOnlyAccessReadsButNeverWritesOrRevealsSecrets) {
    auto ro = parsed("ReadOnlyAccess");
    EXPECT_EQ(decide(ro, "s3:GetObject", "arn:aws:s3:::lab/report.csv"), Decision::kAllow);
    EXPECT_EQ(decide(ro, "iam:ListUsers"), Decision::kAllow);
    EXPECT_EQ(decide(ro, "cloudtrail:LookupEvents"), Decision::kAllow);
    EXPECT_EQ(decide(ro, "guardduty:ListFindings"), Decision::kAllow);
    EXPECT_EQ(decide(ro, "sqs:ReceiveMessage"), Decision::kAllow);
    EXPECT_EQ(decide(ro, "iam:CreateUser"), Decision::kImplicitDeny);
    EXPECT_EQ(decide(ro, "s3:PutObject", "arn:aws:s3:::lab/x"), Decision::kImplicitDeny);
    EXPECT_EQ(decide(ro, "secretsmanager:GetSecretValue"), Decision::kImplicitDeny);
    EXPECT_EQ(decide(ro, "kms:Decrypt"), Decision::kImplicitDeny);
    EXPECT_EQ(decide(ro, "sqs:DeleteMessage"), Decision::kImplicitDeny);
}

TEST(ManagedPoliciesTest, SecurityAuditSeesConfigurationNotData) {
    auto audit = parsed("SecurityAudit");
    EXPECT_EQ(decide(audit, "iam:GetAccountAuthorizationDetails"), Decision::kAllow);
    EXPECT_EQ(decide(audit, "s3:GetBucketPolicy", "arn:aws:s3:::lab"), Decision::kAllow);
    EXPECT_EQ(decide(audit, "cloudtrail:GetEventSelectors"), Decision::kAllow);
    EXPECT_EQ(decide(audit, "s3:GetObject", "arn:aws:s3:::lab/x"), Decision::kImplicitDeny);
    EXPECT_EQ(decide(audit, "secretsmanager:GetSecretValue"), Decision::kImplicitDeny);
    EXPECT_EQ(decide(audit, "sqs:ReceiveMessage"), Decision::kImplicitDeny);
}

TEST(ManagedPoliciesTest, IamAndS3Policies) {
    auto iam_full = parsed("IAMFullAccess");
    EXPECT_EQ(decide(iam_full, "iam:CreateUser"), Decision::kAllow);
    EXPECT_EQ(decide(iam_full, "organizations:ListRoots"), Decision::kAllow);
    EXPECT_EQ(decide(iam_full, "s3:GetObject"), Decision::kImplicitDeny);

    auto iam_ro = parsed("IAMReadOnlyAccess");
    EXPECT_EQ(decide(iam_ro, "iam:GetUser"), Decision::kAllow);
    EXPECT_EQ(decide(iam_ro, "iam:DeleteUser"), Decision::kImplicitDeny);

    auto s3_full = parsed("AmazonS3FullAccess");
    EXPECT_EQ(decide(s3_full, "s3:DeleteBucket", "arn:aws:s3:::lab"), Decision::kAllow);
    EXPECT_EQ(decide(s3_full, "sqs:SendMessage"), Decision::kImplicitDeny);

    auto s3_ro = parsed("AmazonS3ReadOnlyAccess");
    EXPECT_EQ(decide(s3_ro, "s3:ListBucket", "arn:aws:s3:::lab"), Decision::kAllow);
    EXPECT_EQ(decide(s3_ro, "s3:PutObject", "arn:aws:s3:::lab/x"), Decision::kImplicitDeny);
}

TEST(ManagedPoliciesTest, IamUserChangePasswordOnlyOnOwnUser) {
    auto change = parsed("IAMUserChangePassword");
    std::map<std::string, std::vector<std::string>> alice{{"aws:username", {"alice"}}};
    EXPECT_EQ(decide(change, "iam:ChangePassword", "arn:aws:iam::123456789012:user/alice", alice),
              Decision::kAllow);
    EXPECT_EQ(decide(change, "iam:ChangePassword", "arn:aws:iam::123456789012:user/bob", alice),
              Decision::kImplicitDeny);
    EXPECT_EQ(
        decide(change, "iam:ChangePassword", "arn:aws:iam::123456789012:user/alice"),
        Decision::kImplicitDeny);  // no username in the context: the variable resolves to nothing
    EXPECT_EQ(decide(change, "iam:GetAccountPasswordPolicy", "*", alice), Decision::kAllow);
    EXPECT_EQ(
        decide(change, "iam:UpdateLoginProfile", "arn:aws:iam::123456789012:user/alice", alice),
        Decision::kImplicitDeny);
}

}  // namespace
}  // namespace tripline::iam
