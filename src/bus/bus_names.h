// Validation of EventBridge names and model constraints, worded as AWS's ValidationException
// messages ("1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint:
// Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+"), so that the API can pass
// them through unchanged. `field` is the member's path as AWS names it ("name",
// "targets.1.member.id").
//
// Pure functions; thread-safe. Errors: Errc::kInvalidArgument.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::bus {

inline constexpr std::size_t kMaxRuleNameLength = 64;
inline constexpr std::size_t kMaxBusNameLength = 256;
inline constexpr std::size_t kMaxTargetIdLength = 64;
inline constexpr std::size_t kMaxArnLength = 1600;
inline constexpr std::size_t kMaxDescriptionLength = 512;
inline constexpr std::size_t kMaxScheduleExpressionLength = 256;

// "1 validation error detected: Value '<value>' at '<field>' failed to satisfy constraint:
// <constraint>" (value null when absent).
Error model_violation(std::string_view field,
                      std::optional<std::string_view> value,
                      std::string_view constraint);

// Lengths count Unicode code points, as the model does.
std::size_t code_points(std::string_view text);

// Required string of `min`..`max` code points.
Status check_length(std::string_view field,
                    std::string_view value,
                    std::size_t min,
                    std::size_t max);

// Rule names and target ids: 1–64 of [.\-_A-Za-z0-9].
Status check_rule_name(std::string_view value, std::string_view field = "name");
Status check_target_id(std::string_view value, std::string_view field);
// Names of new event buses: 1–256 of [/.\-_A-Za-z0-9], not "default", not starting "aws.".
Status check_new_bus_name(std::string_view value);

// The bus an EventBusName member names: a name, or an event-bus ARN of the caller's account and
// region (another account's bus is reported as missing: Tripline keeps no cross-account buses).
// Empty means the default bus. Errors: kInvalidArgument (malformed), kNotFound.
Result<std::string> resolve_bus_name(std::string_view name_or_arn,
                                     std::string_view account_id,
                                     std::string_view region,
                                     std::string_view field = "eventBusName");

// "Event bus <name> does not exist."
Error bus_not_found(std::string_view bus_name);
// "Rule <name> does not exist on EventBus <bus>."
Error rule_not_found(std::string_view rule_name, std::string_view bus_name);

}  // namespace tripline::bus
