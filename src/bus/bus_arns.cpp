#include "bus/bus_arns.h"

#include "base/arn.h"

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

Result<EventsResourceName> parse_events_arn(std::string_view text) {
    auto arn = parse_arn(text);
    auto invalid = [&] {
        return make_error(Errc::kInvalidArgument,
                          "'" + std::string(text) + "' is not an event bus or rule ARN");
    };
    if (!arn || arn->service != "events") {
        return invalid();
    }
    EventsResourceName out;
    out.account_id = arn->account_id;
    out.region = arn->region;
    std::string_view type = arn->resource_type();
    std::string_view id = arn->resource_id();
    if (id.empty()) {
        return invalid();
    }
    if (type == "event-bus") {
        out.kind = EventsResourceName::Kind::kEventBus;
        out.bus_name = id;
        return out;
    }
    if (type == "rule") {
        out.kind = EventsResourceName::Kind::kRule;
        std::size_t slash = id.rfind('/');
        if (slash == std::string_view::npos) {
            out.bus_name = kDefaultBusName;
            out.rule_name = id;
        } else {
            out.bus_name = id.substr(0, slash);
            out.rule_name = id.substr(slash + 1);
        }
        if (out.bus_name.empty() || out.rule_name.empty()) {
            return invalid();
        }
        return out;
    }
    return invalid();
}

}  // namespace tripline::bus
