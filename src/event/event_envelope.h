// EventEnvelope: the EventBridge event as rules match it and targets receive it:
//   {"version":"0","id":"<uuid>","detail-type":"...","source":"aws.sts","account":"123456789012",
//    "time":"2026-11-22T08:00:00Z","region":"us-east-1","resources":[],"detail":{...}}
// (../shared/specs/eventbridge-targets.md §1, cloudtrail.md §5). `detail` is kept as minified JSON
// text; `time` as the string given.
//
// parse_event_envelope() requires "id", "detail-type", "source", "account", "time" and "region"
// (strings, as TestEventPattern does); "version" (string, default "0"), "resources" (array of
// strings, default []) and "detail" (object, default {}) may be absent; other keys are ignored.
// to_json() writes AWS's key order, compact.
//
// Thread-safety: plain values and pure functions; parsing uses thread_local_parser() (invalidating
// its previous elements on this thread).
// Errors: Errc::kInvalidArgument naming the field ("missing field 'id'", "field 'detail-type' must
// be a string", "field 'detail' must be an object"), invalid JSON; Errc::kLimitExceeded past
// kMaxEventBytes or the nesting limit.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "event/cloudtrail_record.h"

namespace tripline::event {

// EventBridge's PutEvents entry limit is 256 KB; events built from CloudTrail records may be larger
// and are still representable, so the parser's bound is the record bound plus the envelope.
inline constexpr std::size_t kMaxEventBytes = kMaxCloudTrailRecordBytes + 64 * 1024;

struct EventEnvelope {
    std::string version = "0";
    std::string id;
    std::string detail_type;  // "detail-type"
    std::string source;
    std::string account;
    std::string time;
    std::string region;
    std::vector<std::string> resources;
    RawJson detail = "{}";  // minified JSON text of an object

    bool operator==(const EventEnvelope&) const = default;
};

Result<EventEnvelope> parse_event_envelope(std::string_view json);
Result<EventEnvelope> parse_event_envelope(simdjson::dom::element event);

std::string to_json(const EventEnvelope& event);
void append_json(std::string& out, const EventEnvelope& event);

// The detail-type EventBridge gives a CloudTrail record of this eventType: "AWS API Call via
// CloudTrail" (AwsApiCall and anything unknown), "AWS Console Sign In via CloudTrail"
// (AwsConsoleSignIn), "AWS Console Action via CloudTrail", "AWS Service Event via CloudTrail",
// "AWS Insight via CloudTrail" (AwsCloudTrailInsight), "AWS Network Activity Event via CloudTrail"
// (AwsVpceEvents).
std::string_view cloudtrail_detail_type(std::string_view event_type);

// The event source for a record's eventSource: "aws." + the part before the first '.'
// ("sts.amazonaws.com" -> "aws.sts"); "aws.cloudtrail" when the record has none (Insights).
std::string cloudtrail_event_bus_source(std::string_view event_source);

// The event CloudTrail puts on the default bus for `record`: detail-type and source as above
// (Insights records always get source "aws.cloudtrail"), account = recipientAccountId (falling back
// to userIdentity.accountId), time = eventTime, region = awsRegion, resources = [] (as observed),
// detail = to_json(record).
EventEnvelope envelope_for_cloudtrail_record(const CloudTrailRecord& record, std::string id);
// The same, with `record_json` = to_json(record) already made by the caller (the pipeline
// serialises each record once for the log files and the bus).
EventEnvelope envelope_for_cloudtrail_record(const CloudTrailRecord& record,
                                             std::string id,
                                             std::string record_json);

}  // namespace tripline::event
