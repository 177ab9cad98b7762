// ARNs of EventBridge resources (eventbridge-targets.md §2-3) and the names they carry.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::bus {

inline constexpr std::string_view kDefaultBusName = "default";

// arn:aws:events:<region>:<account>:event-bus/<name>
std::string event_bus_arn(std::string_view account_id,
                          std::string_view region,
                          std::string_view bus_name);
// Default bus: arn:aws:events:<r>:<a>:rule/<name>; custom bus: …:rule/<bus>/<name>.
std::string rule_arn(std::string_view account_id,
                     std::string_view region,
                     std::string_view bus_name,
                     std::string_view rule_name);

// What an events ARN names: an event bus or a rule (with its bus).
struct EventsResourceName {
    enum class Kind { kEventBus, kRule };
    Kind kind = Kind::kEventBus;
    std::string account_id;
    std::string region;
    std::string bus_name;
    std::string rule_name;  // kRule only
};

// Parses an event-bus or rule ARN. A rule ARN's last '/'-separated segment is the rule name (rule
// names contain no '/'); what precedes it is the bus (default when absent). Errors:
// kInvalidArgument for anything else.
Result<EventsResourceName> parse_events_arn(std::string_view arn);

}  // namespace tripline::bus
