// Bucket-level policy rules (guardduty.md §3): Block Public Access turned off, buckets made public,
// server access logging turned off. All look at successful calls of s3.amazonaws.com only.
#include <algorithm>

#include "detect/record_rules.h"

namespace tripline::detect {

namespace {

constexpr std::string_view kAllUsers = "acs.amazonaws.com/groups/global/AllUsers";
constexpr std::string_view kAuthenticatedUsers =
    "acs.amazonaws.com/groups/global/AuthenticatedUsers";

Detection bucket_detection(std::string_view type, const RecordFacts& facts) {
    Detection d = make_detection(type);
    if (std::string bucket = facts.bucket(); !bucket.empty()) {
        d.buckets.push_back(std::move(bucket));
    }
    return d;
}

// Any of the four flags false (or absent) in a PublicAccessBlockConfiguration.
bool block_public_access_weakened(const nlohmann::json& params) {
    if (!params.is_object()) {
        return false;
    }
    auto config = params.find("PublicAccessBlockConfiguration");
    if (config == params.end() || !config->is_object()) {
        return false;
    }
    for (const char* flag :
         {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}) {
        auto value = config->find(flag);
        if (value == config->end() || json_flag(*value) != true) {
            return true;
        }
    }
    return false;
}

bool is_everyone(const nlohmann::json& principal) {
    if (principal == "*") {
        return true;
    }
    if (principal.is_object()) {
        auto aws = principal.find("AWS");
        if (aws != principal.end()) {
            return *aws == "*" || (aws->is_array() && std::ranges::find(*aws, "*") != aws->end());
        }
    }
    return false;
}

// A bucket policy with an unconditioned Allow for everyone. CloudTrail records the policy as an
// object or, from some clients, as its JSON text.
bool policy_grants_everyone(const nlohmann::json& params) {
    if (!params.is_object() || !params.contains("bucketPolicy")) {
        return false;
    }
    nlohmann::json policy = params["bucketPolicy"];
    if (policy.is_string()) {
        policy = nlohmann::json::parse(policy.get<std::string>(), nullptr, false);
    }
    if (!policy.is_object()) {
        return false;
    }
    nlohmann::json statements = policy.value("Statement", nlohmann::json());
    if (statements.is_object()) {
        statements = nlohmann::json::array({statements});
    }
    if (!statements.is_array()) {
        return false;
    }
    return std::ranges::any_of(statements, [](const nlohmann::json& s) {
        return s.is_object() && s.value("Effect", "") == "Allow" &&
               is_everyone(s.value("Principal", nlohmann::json())) && !s.contains("Condition");
    });
}

// The canned ACL of a PutBucketAcl / CreateBucket ("x-amz-acl": ["public-read"] or a string).
std::string canned_acl(const nlohmann::json& params) {
    if (!params.is_object()) {
        return {};
    }
    auto acl = params.find("x-amz-acl");
    if (acl == params.end()) {
        return {};
    }
    if (acl->is_array() && !acl->empty() && acl->front().is_string()) {
        return acl->front().get<std::string>();
    }
    return acl->is_string() ? acl->get<std::string>() : std::string();
}

void bucket_made_public(const RecordFacts& facts, std::vector<Detection>& out) {
    std::string_view api = facts.api();
    const nlohmann::json& params = facts.request();
    if (api == "PutBucketPolicy" && policy_grants_everyone(params)) {
        Detection d = bucket_detection("Policy:S3/BucketAnonymousAccessGranted", facts);
        d.detail = "the bucket policy allows everyone (Principal \"*\") without a condition.";
        out.push_back(std::move(d));
        return;
    }
    if (api != "PutBucketAcl" && api != "CreateBucket") {
        return;
    }
    std::string acl = canned_acl(params);
    const std::string grants = params.is_object() ? params.dump() : std::string();
    if (acl == "public-read" || acl == "public-read-write" ||
        grants.find(kAllUsers) != std::string::npos) {
        Detection d = bucket_detection("Policy:S3/BucketAnonymousAccessGranted", facts);
        d.detail = acl.empty() ? "an ACL grant to AllUsers." : "the canned ACL " + acl + ".";
        out.push_back(std::move(d));
    } else if (acl == "authenticated-read" ||
               grants.find(kAuthenticatedUsers) != std::string::npos) {
        out.push_back(bucket_detection("Policy:S3/BucketPublicAccessGranted", facts));
    }
}

}  // namespace

void detect_s3_rules(const RecordFacts& facts, std::vector<Detection>& out) {
    if (facts.service() != "s3.amazonaws.com" || !facts.succeeded()) {
        return;
    }
    std::string_view api = facts.api();
    if (api == "DeleteBucketPublicAccessBlock" ||
        (api == "PutBucketPublicAccessBlock" && block_public_access_weakened(facts.request()))) {
        out.push_back(bucket_detection("Policy:S3/BucketBlockPublicAccessDisabled", facts));
    } else if (api == "DeleteAccountPublicAccessBlock" || api == "DeletePublicAccessBlock" ||
               ((api == "PutAccountPublicAccessBlock" || api == "PutPublicAccessBlock") &&
                block_public_access_weakened(facts.request()))) {
        out.push_back(make_detection("Policy:S3/AccountBlockPublicAccessDisabled"));
    } else if (api == "PutBucketLogging") {
        const nlohmann::json& params = facts.request();
        auto status = params.is_object() ? params.find("BucketLoggingStatus") : params.end();
        const bool disabled = params.is_object() && status != params.end() &&
                              (!status->is_object() || !status->contains("LoggingEnabled"));
        if (disabled) {
            out.push_back(bucket_detection("Stealth:S3/ServerAccessLoggingDisabled", facts));
        }
    } else {
        bucket_made_public(facts, out);
    }
}

}  // namespace tripline::detect
