#include "bus/bus_arns.h"

namespace tripline::bus {

namespace {

std::string events_prefix(std::string_view account_id, std::string_view region) {
    std::string arn = "arn:aws:events:";
    arn.append(region).append(":").append(account_id).append(":");
    return arn;
}

}  // namespace

std::string event_bus_arn(std::string_view account_id,
                          std::string_view region,
                          std::string_view bus_name) {
    return events_prefix(account_id, region).append("event-bus/").append(bus_name);
}

std::string rule_arn(std::string_view account_id,
                     std::string_view region,
                     std::string_view bus_name,
                     std::string_view rule_name) {
    std::string arn = events_prefix(account_id, region).append("rule/");
    if (bus_name != kDefaultBusName) {
        arn.append(bus_name).append("/");
    }
    return arn.append(rule_name);
}

}  // namespace tripline::bus
