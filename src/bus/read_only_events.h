// The read-only CloudTrail rule (cloudtrail.md §5): a rule in state ENABLED does not receive
// read-only management events delivered by CloudTrail;
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS receives them; DISABLED receives nothing.
// Tripline's [inferred] exact criterion: the event's source starts with "aws.", its detail-type is
// "AWS API Call via CloudTrail", detail.readOnly is true, it is a management event
// (detail.managementEvent not false, detail.eventCategory absent or "Management") and
// detail.eventName starts with Describe, Get or List.
//
// Pure functions; thread-safe.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "bus/bus_model.h"

namespace tripline::bus {

inline constexpr std::string_view kCloudTrailApiCallDetailType = "AWS API Call via CloudTrail";

// `event` is a parsed EventBridge event (an object; anything else is not read-only).
bool is_read_only_management_event(simdjson::dom::element event);

// Whether a rule in `state` receives an event, given is_read_only_management_event() of it.
bool state_receives(RuleState state, bool read_only_management_event);

// A warning for a rule that can never fire: state ENABLED and a pattern that only matches
// read-only CloudTrail calls (every detail.eventName value or prefix starts with Describe, Get or
// List, or detail.readOnly is [true]). Heuristic, checks the pattern's top level (not $or).
std::optional<std::string> read_only_rule_warning(const Rule& rule);

}  // namespace tripline::bus
