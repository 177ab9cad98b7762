// RecordFacts: the fields of a CloudTrail record that detections read, looked up once per record,
// with the request parameters parsed only when a rule asks for them (most records never need it).
// Ownership: borrows the record, which must outlive the facts. Thread-safety: one thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "event/cloudtrail_record.h"

namespace tripline::detect {

class RecordFacts {
public:
    explicit RecordFacts(const event::CloudTrailRecord& record);

    const event::CloudTrailRecord& record() const { return record_; }
    std::string_view api() const { return api_; }          // eventName
    std::string_view service() const { return service_; }  // eventSource
    std::string_view ip() const { return ip_; }            // sourceIPAddress ("" when absent)
    bool ip_is_address() const { return ip_is_address_; }  // not "AWS Internal" or a host name
    std::string_view identity_type() const { return identity_type_; }
    bool succeeded() const { return !record_.error_code.has_value(); }
    bool invoked_by_service() const;  // userIdentity.invokedBy or an AWS service event
    // Read-only per the record, else by name (Get*/List*/Describe*/Head*).
    bool read_only() const;
    // S3 object-level (data) calls.
    bool is_s3_data_event() const;
    // The caller as GuardDuty names it: user name, role name, "Root", or the ARN.
    std::string principal_name() const;
    std::string principal_arn() const;
    std::string account_id() const;  // recipientAccountId, else userIdentity.accountId
    std::string region() const;      // awsRegion

    // requestParameters / responseElements / additionalEventData as JSON (null when absent or
    // unparsable), parsed on first use.
    const nlohmann::json& request() const;
    const nlohmann::json& response() const;
    const nlohmann::json& additional() const;
    // requestParameters.bucketName, when a string.
    std::string bucket() const;

private:
    const event::CloudTrailRecord& record_;
    std::string_view api_;
    std::string_view service_;
    std::string_view ip_;
    std::string_view identity_type_;
    bool ip_is_address_ = false;
    mutable std::optional<nlohmann::json> request_;
    mutable std::optional<nlohmann::json> response_;
    mutable std::optional<nlohmann::json> additional_;
};

// True for an IPv4 or IPv6 address literal.
bool is_ip_address(std::string_view text);
// True for addresses that never leave a private network: RFC 1918, shared (100.64/10), loopback,
// link-local, IPv6 unique-local and link-local. Calls from them came through a VPC.
bool is_private_address(std::string_view text);
// object[key] when `object` is an object and that member is a string; "" otherwise.
std::string json_string_at(const nlohmann::json& object, std::string_view key);
// A JSON value as a boolean the way CloudTrail writes flags: true/false or "true"/"false".
std::optional<bool> json_flag(const nlohmann::json& value);

}  // namespace tripline::detect
