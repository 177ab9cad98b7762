// CloudTrailRecord: one CloudTrail event record (eventVersion 1.08-1.11, older ones too), the unit
// every producer in Tripline emits and every consumer (trail files, EventBridge, CloudWatch Logs,
// detectors, Athena) reads. Field list: ../shared/specs/cloudtrail.md §1-§2.
//
// The model is lossless. Each modelled field is a std::optional that is set exactly when the record
// has that key with the expected JSON type. Every other member - keys Tripline does not model, a
// modelled key holding null or an unexpected type (hand-edited records have "readOnly":"true"), a
// duplicate key - is kept verbatim in `other_members` (name + minified JSON text, in document
// order) and written back by to_json(). Free-form values (requestParameters, responseElements, ...)
// are RawJson: the value's minified JSON text, "null" when the record says null. So absent stays
// absent, null stays null, and parse(to_json(r)) == r.
//
// to_json() writes members in CloudTrail's usual order (eventVersion, userIdentity, eventTime,
// ...), then other_members; nested objects likewise. Numbers inside raw values are written in
// canonical form (json/number.h), so "1.0" comes back as "1": equal by value, not byte for byte.
//
// Ownership: records own all their strings. Thread-safety: plain values; the parse functions use a
// per-thread parser (see json_parser.h) or the one passed in.
// Errors: Errc::kInvalidArgument for invalid JSON or a record that is not an object ("CloudTrail
// record must be a JSON object"), a log file without a "Records" array; Errc::kLimitExceeded past
// kMaxCloudTrailRecordBytes / kMaxCloudTrailLogFileBytes or the nesting limit.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "json/json_parser.h"

namespace tripline::event {

inline constexpr std::size_t kMaxCloudTrailRecordBytes = std::size_t{1} << 20;     // 1 MiB
inline constexpr std::size_t kMaxCloudTrailLogFileBytes = std::size_t{128} << 20;  // 128 MiB
inline constexpr std::size_t kMaxCloudTrailDepth = 64;

// One JSON value's text, minified (e.g. R"({"bucketName":"b"})", "null", "\"text\"").
using RawJson = std::string;

// An object member kept verbatim.
struct JsonMember {
    std::string name;
    RawJson value;
    bool operator==(const JsonMember&) const = default;
};
using JsonMembers = std::vector<JsonMember>;

struct SessionIssuer {
    std::optional<std::string> type;  // "Role", "IAMUser", "Root"
    std::optional<std::string> principal_id;
    std::optional<std::string> arn;
    std::optional<std::string> account_id;
    std::optional<std::string> user_name;
    JsonMembers other_members;
    bool operator==(const SessionIssuer&) const = default;
};

struct SessionAttributes {
    std::optional<std::string> creation_date;      // ISO 8601
    std::optional<std::string> mfa_authenticated;  // "true" / "false" (strings in CloudTrail)
    JsonMembers other_members;
    bool operator==(const SessionAttributes&) const = default;
};

struct SessionContext {
    std::optional<SessionIssuer> session_issuer;
    std::optional<RawJson> web_id_federation_data;  // {federatedProvider, attributes}; often {}
    std::optional<SessionAttributes> attributes;
    std::optional<std::string> source_identity;
    std::optional<std::string> ec2_role_delivery;  // "1.0" (IMDSv1) | "2.0" (IMDSv2)
    JsonMembers other_members;
    bool operator==(const SessionContext&) const = default;
};

struct UserIdentity {
    std::optional<std::string> type;  // IAMUser, AssumedRole, Root, FederatedUser, AWSService, ...
    std::optional<std::string> principal_id;
    std::optional<std::string> arn;
    std::optional<std::string> account_id;
    std::optional<std::string> access_key_id;
    std::optional<std::string> user_name;
    std::optional<SessionContext> session_context;
    std::optional<std::string> invoked_by;
    std::optional<std::string> identity_provider;
    std::optional<RawJson> on_behalf_of;  // IAM Identity Center: {userId, identityStoreArn}
    std::optional<std::string> credential_id;
    JsonMembers other_members;
    bool operator==(const UserIdentity&) const = default;
};

struct CloudTrailResource {
    std::optional<std::string> account_id;
    std::optional<std::string> type;  // "AWS::IAM::Role"
    std::optional<std::string> arn;   // JSON key "ARN"
    JsonMembers other_members;
    bool operator==(const CloudTrailResource&) const = default;
};

struct TlsDetails {
    std::optional<std::string> tls_version;
    std::optional<std::string> cipher_suite;
    std::optional<std::string> client_provided_host_header;
    std::optional<std::string> key_exchange;
    JsonMembers other_members;
    bool operator==(const TlsDetails&) const = default;
};

struct CloudTrailRecord {
    std::optional<std::string> event_version;  // "1.11"
    std::optional<UserIdentity> user_identity;
    std::optional<std::string> event_time;    // "2026-11-22T08:00:00Z", as given
    std::optional<std::string> event_source;  // "sts.amazonaws.com"
    std::optional<std::string> event_name;
    std::optional<std::string> aws_region;
    std::optional<std::string> source_ip_address;
    std::optional<std::string> user_agent;
    std::optional<std::string> error_code;
    std::optional<std::string> error_message;
    std::optional<RawJson> request_parameters;
    std::optional<RawJson> response_elements;
    std::optional<RawJson> additional_event_data;
    std::optional<std::string> request_id;  // JSON key "requestID"
    std::optional<std::string> event_id;    // JSON key "eventID"
    std::optional<bool> read_only;
    std::optional<std::vector<CloudTrailResource>> resources;
    std::optional<std::string> event_type;  // AwsApiCall, AwsConsoleSignIn, AwsServiceEvent, ...
    std::optional<std::string> api_version;
    std::optional<bool> management_event;
    std::optional<std::string> recipient_account_id;
    std::optional<std::string> shared_event_id;  // JSON key "sharedEventID"
    std::optional<RawJson> service_event_details;
    std::optional<std::string> vpc_endpoint_id;
    std::optional<std::string> vpc_endpoint_account_id;
    std::optional<std::string> event_category;  // Management, Data, NetworkActivity, Insight
    std::optional<RawJson> addendum;
    std::optional<std::string> session_credential_from_console;  // "true" when present
    std::optional<RawJson> edge_device_details;
    std::optional<TlsDetails> tls_details;
    std::optional<RawJson> insight_details;
    JsonMembers other_members;

    bool operator==(const CloudTrailRecord&) const = default;

    // The value of an unmodelled top-level member (first one with that name), if any.
    const RawJson* other_member(std::string_view name) const;
};

// From a parsed element (e.g. one entry of a log file's Records array). Copies everything out.
Result<CloudTrailRecord> parse_cloudtrail_record(simdjson::dom::element record);
// From JSON text, with thread_local_parser() (invalidating its previous elements on this thread),
// or with `parser`. At most kMaxCloudTrailRecordBytes.
Result<CloudTrailRecord> parse_cloudtrail_record(std::string_view json);
Result<CloudTrailRecord> parse_cloudtrail_record(std::string_view json, json::JsonParser& parser);

// A log file {"Records":[...]} (other top-level keys are ignored). At most
// kMaxCloudTrailLogFileBytes; uses its own parser, released on return. An invalid record is an
// error naming its index ("Records[3]: ...").
Result<std::vector<CloudTrailRecord>> parse_cloudtrail_log_file(std::string_view json);

// Minified JSON in CloudTrail's member order (see above).
std::string to_json(const CloudTrailRecord& record);
void append_json(std::string& out, const CloudTrailRecord& record);
// A log file: {"Records":[...]}.
std::string to_cloudtrail_log_file(const std::vector<CloudTrailRecord>& records);

}  // namespace tripline::event
