// The AWS managed policy table. Documents follow AWS's published versions; ReadOnlyAccess,
// SecurityAudit and ViewOnlyAccess are cut down to the services Tripline serves but keep AWS's
// own action patterns, so what they allow here they also allow on AWS.
#include "iam/managed_policies.h"

namespace tripline::iam {

namespace {

constexpr std::string_view kArnPrefix = "arn:aws:iam::aws:policy";

// Every managed policy here is a single Allow on "*" resources except IAMUserChangePassword.
std::string allow_all_of(const std::vector<std::string_view>& actions) {
    std::string list;
    for (std::string_view a : actions) {
        list += (list.empty() ? "\"" : ",\"") + std::string(a) + "\"";
    }
    return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)" + list +
           R"(],"Resource":"*"}]})";
}

std::vector<ManagedPolicy> build() {
    std::vector<ManagedPolicy> out;
    out.push_back({"AdministratorAccess",
                   "/",
                   "Provides full access to AWS services and resources.",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",)"
                   R"("Resource":"*"}]})"});
    // Deliberately without secretsmanager:GetSecretValue and kms:Decrypt, as on AWS.
    out.push_back({"ReadOnlyAccess",
                   "/",
                   "Provides read-only access to AWS services and resources.",
                   allow_all_of({"athena:Batch*",
                                 "athena:Get*",
                                 "athena:List*",
                                 "cloudtrail:Describe*",
                                 "cloudtrail:Get*",
                                 "cloudtrail:List*",
                                 "cloudtrail:LookupEvents",
                                 "cloudwatch:Describe*",
                                 "cloudwatch:Get*",
                                 "cloudwatch:List*",
                                 "ec2:Describe*",
                                 "ec2:Get*",
                                 "events:Describe*",
                                 "events:List*",
                                 "events:Test*",
                                 "guardduty:Describe*",
                                 "guardduty:Get*",
                                 "guardduty:List*",
                                 "iam:Generate*",
                                 "iam:Get*",
                                 "iam:List*",
                                 "iam:Simulate*",
                                 "kms:Describe*",
                                 "kms:Get*",
                                 "kms:List*",
                                 "logs:Describe*",
                                 "logs:FilterLogEvents",
                                 "logs:Get*",
                                 "logs:ListTagsForResource",
                                 "logs:ListTagsLogGroup",
                                 "logs:StartQuery",
                                 "logs:StopQuery",
                                 "logs:TestMetricFilter",
                                 "macie2:Describe*",
                                 "macie2:Get*",
                                 "macie2:List*",
                                 "s3:DescribeJob",
                                 "s3:Get*",
                                 "s3:List*",
                                 "secretsmanager:Describe*",
                                 "secretsmanager:GetResourcePolicy",
                                 "secretsmanager:List*",
                                 "sns:Check*",
                                 "sns:Get*",
                                 "sns:List*",
                                 "sqs:Get*",
                                 "sqs:List*",
                                 "sqs:Receive*",
                                 "sts:GetAccessKeyInfo",
                                 "sts:GetCallerIdentity",
                                 "sts:GetSessionToken"})});
    // Configuration metadata only: no object reads, no secret values, no message receipt.
    out.push_back({"SecurityAudit",
                   "/",
                   "The security audit template grants access to read security configuration "
                   "metadata. It is useful for software that audits the configuration of an AWS "
                   "account.",
                   allow_all_of({"athena:GetWorkGroup",
                                 "athena:ListWorkGroups",
                                 "cloudtrail:DescribeTrails",
                                 "cloudtrail:GetEventSelectors",
                                 "cloudtrail:GetInsightSelectors",
                                 "cloudtrail:GetTrail",
                                 "cloudtrail:GetTrailStatus",
                                 "cloudtrail:ListTags",
                                 "cloudtrail:ListTrails",
                                 "cloudtrail:LookupEvents",
                                 "cloudwatch:Describe*",
                                 "cloudwatch:ListMetrics",
                                 "ec2:Describe*",
                                 "ec2:GetEbsEncryptionByDefault",
                                 "events:DescribeEventBus",
                                 "events:DescribeRule",
                                 "events:ListEventBuses",
                                 "events:ListRules",
                                 "events:ListTargetsByRule",
                                 "guardduty:Get*",
                                 "guardduty:List*",
                                 "iam:GenerateCredentialReport",
                                 "iam:GenerateServiceLastAccessedDetails",
                                 "iam:Get*",
                                 "iam:List*",
                                 "iam:SimulateCustomPolicy",
                                 "iam:SimulatePrincipalPolicy",
                                 "kms:Describe*",
                                 "kms:Get*",
                                 "kms:List*",
                                 "logs:Describe*",
                                 "logs:ListTagsLogGroup",
                                 "macie2:GetMacieSession",
                                 "macie2:ListFindings",
                                 "s3:GetAccountPublicAccessBlock",
                                 "s3:GetBucket*",
                                 "s3:GetEncryptionConfiguration",
                                 "s3:GetLifecycleConfiguration",
                                 "s3:GetReplicationConfiguration",
                                 "s3:ListAccessPoints",
                                 "s3:ListAllMyBuckets",
                                 "secretsmanager:DescribeSecret",
                                 "secretsmanager:GetResourcePolicy",
                                 "secretsmanager:ListSecretVersionIds",
                                 "secretsmanager:ListSecrets",
                                 "sns:GetTopicAttributes",
                                 "sns:ListSubscriptions",
                                 "sns:ListSubscriptionsByTopic",
                                 "sns:ListTagsForResource",
                                 "sns:ListTopics",
                                 "sqs:GetQueueAttributes",
                                 "sqs:ListDeadLetterSourceQueues",
                                 "sqs:ListQueueTags",
                                 "sqs:ListQueues"})});
    out.push_back({"ViewOnlyAccess",
                   "/job-function/",
                   "This policy grants permissions to view resources and basic metadata across "
                   "all AWS services.",
                   allow_all_of({"athena:ListWorkGroups",
                                 "cloudtrail:DescribeTrails",
                                 "cloudtrail:GetTrailStatus",
                                 "cloudtrail:ListTags",
                                 "cloudtrail:LookupEvents",
                                 "cloudwatch:Describe*",
                                 "cloudwatch:List*",
                                 "ec2:Describe*",
                                 "events:DescribeRule",
                                 "events:ListRuleNamesByTarget",
                                 "events:ListRules",
                                 "events:ListTargetsByRule",
                                 "guardduty:List*",
                                 "iam:GetAccountSummary",
                                 "iam:GetLoginProfile",
                                 "iam:List*",
                                 "kms:ListAliases",
                                 "kms:ListKeys",
                                 "logs:DescribeLogGroups",
                                 "logs:DescribeLogStreams",
                                 "logs:DescribeMetricFilters",
                                 "s3:GetBucketLocation",
                                 "s3:ListAllMyBuckets",
                                 "s3:ListBucket",
                                 "secretsmanager:ListSecrets",
                                 "sns:ListSubscriptions",
                                 "sns:ListSubscriptionsByTopic",
                                 "sns:ListTopics",
                                 "sqs:ListQueues"})});
    out.push_back({"IAMFullAccess",
                   "/",
                   "Provides full access to IAM via the AWS Management Console.",
                   allow_all_of({"iam:*",
                                 "organizations:DescribeAccount",
                                 "organizations:DescribeOrganization",
                                 "organizations:DescribeOrganizationalUnit",
                                 "organizations:DescribePolicy",
                                 "organizations:ListChildren",
                                 "organizations:ListParents",
                                 "organizations:ListPoliciesForTarget",
                                 "organizations:ListRoots",
                                 "organizations:ListPolicies",
                                 "organizations:ListTargetsForPolicy"})});
    out.push_back({"IAMReadOnlyAccess",
                   "/",
                   "Provides read only access to IAM via the AWS Management Console.",
                   allow_all_of({"iam:GenerateCredentialReport",
                                 "iam:GenerateServiceLastAccessedDetails",
                                 "iam:Get*",
                                 "iam:List*",
                                 "iam:SimulateCustomPolicy",
                                 "iam:SimulatePrincipalPolicy"})});
    out.push_back({"AmazonS3FullAccess",
                   "/",
                   "Provides full access to all buckets via the AWS Management Console.",
                   allow_all_of({"s3:*", "s3-object-lambda:*"})});
    out.push_back({"AmazonS3ReadOnlyAccess",
                   "/",
                   "Provides read only access to all buckets via the AWS Management Console.",
                   allow_all_of({"s3:Get*",
                                 "s3:List*",
                                 "s3:Describe*",
                                 "s3-object-lambda:Get*",
                                 "s3-object-lambda:List*"})});
    // ${aws:username} confines ChangePassword to the caller's own user.
    out.push_back(
        {"IAMUserChangePassword",
         "/",
         "Provides the ability for an IAM user to change their own password.",
         R"({"Version":"2012-10-17","Statement":[)"
         R"({"Effect":"Allow","Action":["iam:ChangePassword"],)"
         R"("Resource":["arn:aws:iam::*:user/${aws:username}"]},)"
         R"({"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]})"});
    return out;
}

}  // namespace

const std::vector<ManagedPolicy>& aws_managed_policies() {
    static const std::vector<ManagedPolicy> policies = build();
    return policies;
}

const ManagedPolicy* find_aws_managed_policy(std::string_view arn_or_name) {
    bool is_arn = arn_or_name.substr(0, kArnPrefix.size()) == kArnPrefix;
    for (const auto& p : aws_managed_policies()) {
        if (is_arn ? arn_or_name == p.arn() : arn_or_name == p.name) {
            return &p;
        }
    }
    return nullptr;
}

}  // namespace tripline::iam
