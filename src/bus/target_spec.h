// Checking one PutTargets entry (eventbridge-targets.md §4): the model's constraints and the input
// settings fail the whole request (as AWS's ValidationException does); a target Tripline cannot
// deliver to fails only its own entry (PutTargets' FailedEntries), so the other entries still
// apply.
//
// Target kinds Tripline delivers to: SNS topics (arn:aws:sns:…), SQS queues (arn:aws:sqs:…), event
// buses (arn:aws:events:…:event-bus/…), API destinations (arn:aws:events:…:api-destination/…),
// CloudWatch Logs groups and local JSONL files (arn:tripline:file:::<absolute path>, a Tripline
// extension). Other services' ARNs are refused with an entry error saying so.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "bus/bus_model.h"

namespace tripline::bus {

inline constexpr std::size_t kMaxTargetsPerRule = 5;
inline constexpr std::size_t kMaxTargetsPerRequest = 10;
inline constexpr int kMaxRetryAttempts = 185;
inline constexpr int kMinEventAgeSeconds = 60;
inline constexpr int kMaxEventAgeSeconds = 86400;
// Prefix of Tripline's local-file target ARNs; the absolute path follows.
inline constexpr std::string_view kFileTargetArnPrefix = "arn:tripline:file:::";

enum class TargetKind {
    kSnsTopic,
    kSqsQueue,
    kEventBus,
    kFile,
    kApiDestination,
    kLogGroup,   // recognised, not delivered yet
    kOther,      // a well-formed ARN of a service Tripline does not deliver to
    kMalformed,  // not an ARN
};

TargetKind classify_target_arn(std::string_view arn);
// The path of an arn:tripline:file::: target ("" for other ARNs).
std::string_view file_target_path(std::string_view arn);

struct TargetCheck {
    TargetEntry entry;                 // Id, Arn and the target's JSON as given (compact)
    std::optional<Error> entry_error;  // set when only this entry fails
};

// Checks the `index`-th (1-based) target of a PutTargets request, given as JSON object text.
// Errors (the whole request fails): kInvalidArgument with AWS's wording.
Result<TargetCheck> check_target(std::string_view target_json, std::size_t index);

}  // namespace tripline::bus
