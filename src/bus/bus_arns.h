// ARNs of EventBridge resources (eventbridge-targets.md §2-3).
#pragma once

#include <string>
#include <string_view>

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

}  // namespace tripline::bus
