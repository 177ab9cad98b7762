// IAM policy documents and their evaluation (issue 4, item 1): the JSON policy language of
// identity-based policies (user, group and role policies, managed policy versions) and of role
// trust policies, parsed and validated as IAM does at Put*/Create* time, then evaluated as AWS's
// policy evaluation logic documents for a single account: an explicit Deny wins, otherwise any
// Allow allows, otherwise the request is implicitly denied.
//
// Supported: Version ("2012-10-17", "2008-10-17"), Statement (object or array), Sid, Effect,
// Action/NotAction (case-insensitive, "*" and "?" wildcards, "service:Op*"), Resource/NotResource
// (case-sensitive wildcards; "*"), Principal/NotPrincipal (trust policies only: "*", {"AWS": ARNs,
// account ids or "*"}, {"Service": ...}, {"Federated": ...}), Condition with the operators
// String{Equals,NotEquals,EqualsIgnoreCase,NotEqualsIgnoreCase,Like,NotLike},
// Numeric{Equals,NotEquals,LessThan,LessThanEquals,GreaterThan,GreaterThanEquals},
// Date{Equals,NotEquals,LessThan,LessThanEquals,GreaterThan,GreaterThanEquals}, Bool,
// IpAddress/NotIpAddress, Arn{Equals,Like,NotEquals,NotLike}, Null, each with "...IfExists", and
// the ForAnyValue:/ForAllValues: set prefixes. Policy variables (${aws:username}) in Resource and
// condition values are substituted from the request's context keys.
//
// Pure: no I/O, no clock (aws:CurrentTime comes in the context). Thread-safety: plain values.
// Errors: MalformedPolicyDocument with IAM's wording, e.g. "Syntax errors in policy.",
// "Policy document must be version 2012-10-17 or greater.", "Missing required field Effect",
// "Has prohibited field Principal", "Invalid principal in policy: ...".
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/coded_result.h"

namespace tripline::iam {

enum class PolicyKind {
    kIdentity,  // attached to a user, group or role: Principal is prohibited
    kTrust,     // a role's AssumeRolePolicyDocument: Principal is required, Resource prohibited
};

struct PolicyCondition {
    std::string op;   // "StringEquals" (without the IfExists suffix and the set prefix)
    std::string set;  // "", "ForAnyValue", "ForAllValues"
    bool if_exists = false;
    std::string key;  // "aws:SourceIp" (as written; keys compare case-insensitively)
    std::vector<std::string> values;
};

struct PolicyStatement {
    std::string sid;
    bool allow = true;
    bool not_action = false;
    std::vector<std::string> actions;
    bool not_resource = false;
    std::vector<std::string> resources;
    bool not_principal = false;
    // "AWS" / "Service" / "Federated" / "*" → values.
    std::map<std::string, std::vector<std::string>> principals;
    std::vector<PolicyCondition> conditions;
};

struct PolicyDocument {
    std::string version;
    std::vector<PolicyStatement> statements;
};

// Documents larger than `max_bytes` (IAM's quota for the policy's kind, counted without
// whitespace as IAM does) get LimitExceeded; nesting deeper than 32 levels or more than 1,000
// statements are MalformedPolicyDocument.
CodedResult<PolicyDocument> parse_policy(std::string_view text,
                                         PolicyKind kind,
                                         std::size_t max_bytes = 131072);

// What a request asks for. Context keys are matched case-insensitively; values are strings as in
// the request context ("true", "203.0.113.7", "2026-11-28T10:00:00Z"); multi-valued keys
// (aws:TagKeys) have several values.
struct RequestContext {
    std::string action;    // "iam:CreateUser"
    std::string resource;  // an ARN, or "*" when the operation has no resource
    std::map<std::string, std::vector<std::string>> keys;  // "aws:SourceIp" → {"127.0.0.1"}
};

enum class Decision { kImplicitDeny, kAllow, kExplicitDeny };

// Evaluates identity-based policies: explicit Deny anywhere wins, then any Allow.
Decision evaluate(const std::vector<const PolicyDocument*>& policies,
                  const RequestContext& request);

// The caller as a trust policy's Principal element sees it.
struct TrustCaller {
    std::string arn;         // "arn:aws:iam::123456789012:user/alice"
    std::string account_id;  // "123456789012"
    std::string service;     // "ec2.amazonaws.com" when a service assumes the role; else empty
};

// Evaluates a role's trust policy for `request.action` ("sts:AssumeRole"): a statement applies
// when its Principal names the caller's ARN, the caller's account ("123456789012" or
// "arn:aws:iam::123456789012:root"), "*", or the caller's service.
Decision evaluate_trust(const PolicyDocument& trust,
                        const TrustCaller& caller,
                        const RequestContext& request);

// True when an Allow of the trust policy names the caller itself (its ARN, its role for a role
// session, its service or federated provider) rather than only its account or "*". When it does
// not, AssumeRole also needs an identity-based Allow for sts:AssumeRole, as in AWS.
bool trust_names_caller_directly(const PolicyDocument& trust, const TrustCaller& caller);

// IAM's wildcard match: '*' any run, '?' one character. `ignore_case` for actions.
bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case);

}  // namespace tripline::iam
