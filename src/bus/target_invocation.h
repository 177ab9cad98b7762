// TargetInvocation: one matched event on its way to one target of one rule, as stored in the outbox
// (kind kTargetInvocationKind, destination = the target's Arn, payload = to_json()). The bus
// renders the target's input when the event is dispatched, so every retry sends the same text; the
// delivery handler (app/) parses it back with parse_target_invocation() and sends `input` to the
// target, using the target's RetryPolicy and DeadLetterConfig.
//
// Payload: {"event_id":…,"rule_arn":…,"rule_name":…,"account":…,"region":…,"bus_name":…,
//           "target":{<the target object as stored>},"input":"<rendered text>",
//           "event":"<original event>" (only when it differs from input),
//           "event_time":…,"ingestion_time":…}
//
// Plain value; pure functions, thread-safe. Errors: kInvalidArgument naming the missing member.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::bus {

inline constexpr std::string_view kTargetInvocationKind = "events.target";

struct TargetInvocation {
    std::string event_id;
    std::string rule_arn;
    std::string rule_name;
    std::string account;
    std::string region;
    std::string bus_name;     // the bus whose rule matched
    std::string target_json;  // the stored target object: Id, Arn, RetryPolicy, DeadLetterConfig…
    std::string input;        // what the target receives (rendered input)
    std::string event;        // the original event (the DLQ message body); equals input by default
    std::string event_time;   // the event's "time"
    std::string ingestion_time;  // when the bus received it (ISO 8601)

    bool operator==(const TargetInvocation&) const = default;
};

std::string to_json(const TargetInvocation& invocation);
Result<TargetInvocation> parse_target_invocation(std::string_view json);

// Members of the stored target the delivery handler needs, read from target_json.
struct TargetSettings {
    std::string id;
    std::string arn;
    std::string dead_letter_arn;   // empty when none
    std::string message_group_id;  // SqsParameters.MessageGroupId (FIFO queues)
    int maximum_retry_attempts = 185;
    int maximum_event_age_seconds = 86400;
    std::string http_parameters;  // HttpParameters object as JSON text; empty when none
};
Result<TargetSettings> parse_target_settings(std::string_view target_json);

}  // namespace tripline::bus
