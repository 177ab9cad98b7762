// Amazon Resource Names: "arn:partition:service:region:account-id:resource". Every Tripline
// resource is namespaced by account and region and named by its ARN, as in AWS.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline {

struct Arn {
    std::string partition = "aws";
    std::string service;
    std::string region;      // empty for global services (IAM, S3 buckets)
    std::string account_id;  // empty for S3 buckets and AWS-managed resources
    std::string
        resource;  // everything after the fifth colon: "topic-name", "rule/name", "user/alice"

    std::string to_string() const;

    // The part of `resource` before its first '/' or ':' ("rule" in "rule/name"); empty when none.
    std::string_view resource_type() const;
    // The part after the first '/' or ':' ("name" in "rule/name"); the whole resource when none.
    std::string_view resource_id() const;

    bool operator==(const Arn&) const = default;
};

// Parses an ARN; errors say which part is missing or malformed.
Result<Arn> parse_arn(std::string_view text);

bool is_valid_account_id(std::string_view text);

}  // namespace tripline
