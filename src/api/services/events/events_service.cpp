#include "api/services/events/events_service.h"

#include "api/services/events/events_json.h"
#include "bus/bus_names.h"
#include "bus/bus_service.h"

namespace tripline::api::services {

using namespace events;  // NOLINT(google-build-using-namespace): this service's own helpers

ServiceReply EventsService::handle(ApiCall& call) {
    using Handler = ServiceReply (EventsService::*)(ApiCall&);
    static const std::pair<std::string_view, Handler> kOperations[] = {
        {"CreateEventBus", &EventsService::create_event_bus},
        {"DeleteEventBus", &EventsService::delete_event_bus},
        {"DescribeEventBus", &EventsService::describe_event_bus},
        {"ListEventBuses", &EventsService::list_event_buses},
        {"PutRule", &EventsService::put_rule},
        {"DescribeRule", &EventsService::describe_rule},
        {"ListRules", &EventsService::list_rules},
        {"DeleteRule", &EventsService::delete_rule},
        {"ListRuleNamesByTarget", &EventsService::list_rule_names_by_target},
        {"TagResource", &EventsService::tag_resource},
        {"UntagResource", &EventsService::untag_resource},
        {"ListTagsForResource", &EventsService::list_tags_for_resource},
        {"PutTargets", &EventsService::put_targets},
        {"RemoveTargets", &EventsService::remove_targets},
        {"ListTargetsByRule", &EventsService::list_targets_by_rule},
        {"PutEvents", &EventsService::put_events},
        {"TestEventPattern", &EventsService::test_event_pattern},
        {"CreateConnection", &EventsService::create_connection},
        {"UpdateConnection", &EventsService::update_connection},
        {"DescribeConnection", &EventsService::describe_connection},
        {"ListConnections", &EventsService::list_connections},
        {"DeleteConnection", &EventsService::delete_connection},
        {"CreateApiDestination", &EventsService::create_api_destination},
        {"UpdateApiDestination", &EventsService::update_api_destination},
        {"DescribeApiDestination", &EventsService::describe_api_destination},
        {"ListApiDestinations", &EventsService::list_api_destinations},
        {"DeleteApiDestination", &EventsService::delete_api_destination},
    };
    // CloudTrail records EventBridge parameters in lowerCamelCase; handlers may refine this.
    if (call.input.is_object() && !call.input.empty()) {
        call.request_parameters = lower_camel(call.input);
    }
    if (call.operation == "EnableRule" || call.operation == "DisableRule") {
        return set_rule_state(call, call.operation == "EnableRule");
    }
    for (const auto& [name, handler] : kOperations) {
        if (call.operation == name) {
            return (this->*handler)(call);
        }
    }
    return ApiError{400,
                    "UnknownOperationException",
                    "Tripline does not implement the EventBridge operation " + call.operation +
                        " (see docs/eventbridge.md)."};
}

// ---- event buses

ServiceReply EventsService::create_event_bus(ApiCall& call) {
    auto name = required_string(call.input, "Name", "name");
    if (!name) {
        return to_api_error(name.error());
    }
    if (call.input.contains("EventSourceName")) {
        return ApiError{400,
                        "ValidationException",
                        "Partner event buses (EventSourceName) are not supported by Tripline."};
    }
    auto description = optional_string(call.input, "Description");
    auto tags = optional_tags(call.input, "Tags");
    if (!description || !tags) {
        return to_api_error(!description ? description.error() : tags.error());
    }
    auto bus = buses_.create_event_bus(scope_of(call), *name, *description, *tags);
    if (!bus) {
        return to_api_error(bus.error());
    }
    nlohmann::json out = {{"EventBusArn", bus->arn}};
    if (bus->description) {
        out["Description"] = *bus->description;
    }
    call.response_elements = {{"eventBusArn", bus->arn}};
    return json_reply(call, out);
}

ServiceReply EventsService::delete_event_bus(ApiCall& call) {
    auto name = required_string(call.input, "Name", "name");
    if (!name) {
        return to_api_error(name.error());
    }
    if (auto status = buses_.delete_event_bus(scope_of(call), *name); !status) {
        return to_api_error(status.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply EventsService::describe_event_bus(ApiCall& call) {
    auto name = optional_string(call.input, "Name");
    if (!name) {
        return to_api_error(name.error());
    }
    auto bus = buses_.describe_event_bus(scope_of(call), name->value_or(""));
    if (!bus) {
        return to_api_error(bus.error());
    }
    return json_reply(call, bus_to_json(*bus));
}

ServiceReply EventsService::list_event_buses(ApiCall& call) {
    auto prefix = optional_string(call.input, "NamePrefix");
    auto token = optional_string(call.input, "NextToken");
    auto limit = optional_limit(call.input);
    if (!prefix || !token || !limit) {
        return to_api_error(!prefix ? prefix.error() : !token ? token.error() : limit.error());
    }
    auto page =
        buses_.list_event_buses(scope_of(call), prefix->value_or(""), *limit, token->value_or(""));
    if (!page) {
        return to_api_error(page.error());
    }
    nlohmann::json out = {{"EventBuses", nlohmann::json::array()}};
    for (const auto& bus : page->items) {
        out["EventBuses"].push_back(bus_to_json(bus));
    }
    if (!page->next_token.empty()) {
        out["NextToken"] = page->next_token;
    }
    return json_reply(call, out);
}

// ---- rules

ServiceReply EventsService::put_rule(ApiCall& call) {
    bus::RuleSpec spec;
    auto name = required_string(call.input, "Name", "name");
    if (!name) {
        return to_api_error(name.error());
    }
    spec.name = std::move(*name);
    struct Member {
        const char* key;
        std::optional<std::string>* target;
    };
    std::optional<std::string> bus_name;
    for (Member m : {Member{"EventBusName", &bus_name},
                     Member{"EventPattern", &spec.event_pattern},
                     Member{"ScheduleExpression", &spec.schedule_expression},
                     Member{"State", &spec.state},
                     Member{"Description", &spec.description},
                     Member{"RoleArn", &spec.role_arn}}) {
        auto value = optional_string(call.input, m.key);
        if (!value) {
            return to_api_error(value.error());
        }
        *m.target = std::move(*value);
    }
    spec.bus = bus_name.value_or("");
    auto tags = optional_tags(call.input, "Tags");
    if (!tags) {
        return to_api_error(tags.error());
    }
    spec.tags = std::move(*tags);
    auto result = buses_.put_rule(scope_of(call), spec);
    if (!result) {
        return to_api_error(result.error());
    }
    call.response_elements = {{"ruleArn", result->rule.arn}};
    return json_reply(call, {{"RuleArn", result->rule.arn}});
}

ServiceReply EventsService::describe_rule(ApiCall& call) {
    auto name = required_string(call.input, "Name", "name");
    auto bus = optional_string(call.input, "EventBusName");
    if (!name || !bus) {
        return to_api_error(!name ? name.error() : bus.error());
    }
    auto rule = buses_.describe_rule(scope_of(call), bus->value_or(""), *name);
    if (!rule) {
        return to_api_error(rule.error());
    }
    return json_reply(call, rule_to_json(*rule, true));
}

ServiceReply EventsService::list_rules(ApiCall& call) {
    auto prefix = optional_string(call.input, "NamePrefix");
    auto bus = optional_string(call.input, "EventBusName");
    auto token = optional_string(call.input, "NextToken");
    auto limit = optional_limit(call.input);
    if (!prefix || !bus || !token || !limit) {
        return to_api_error(!prefix  ? prefix.error()
                            : !bus   ? bus.error()
                            : !token ? token.error()
                                     : limit.error());
    }
    auto page = buses_.list_rules(
        scope_of(call), bus->value_or(""), prefix->value_or(""), *limit, token->value_or(""));
    if (!page) {
        return to_api_error(page.error());
    }
    nlohmann::json out = {{"Rules", nlohmann::json::array()}};
    for (const auto& rule : page->items) {
        out["Rules"].push_back(rule_to_json(rule, false));
    }
    if (!page->next_token.empty()) {
        out["NextToken"] = page->next_token;
    }
    return json_reply(call, out);
}

ServiceReply EventsService::delete_rule(ApiCall& call) {
    auto name = required_string(call.input, "Name", "name");
    auto bus = optional_string(call.input, "EventBusName");
    if (!name || !bus) {
        return to_api_error(!name ? name.error() : bus.error());
    }
    auto status = buses_.delete_rule(
        scope_of(call), bus->value_or(""), *name, optional_bool(call.input, "Force"));
    if (!status) {
        return to_api_error(status.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply EventsService::set_rule_state(ApiCall& call, bool enable) {
    auto name = required_string(call.input, "Name", "name");
    auto bus = optional_string(call.input, "EventBusName");
    if (!name || !bus) {
        return to_api_error(!name ? name.error() : bus.error());
    }
    auto status =
        buses_.set_rule_state(scope_of(call),
                              bus->value_or(""),
                              *name,
                              enable ? bus::RuleState::kEnabled : bus::RuleState::kDisabled);
    if (!status) {
        return to_api_error(status.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply EventsService::list_rule_names_by_target(ApiCall& call) {
    auto target = required_string(call.input, "TargetArn", "targetArn");
    auto bus = optional_string(call.input, "EventBusName");
    auto token = optional_string(call.input, "NextToken");
    auto limit = optional_limit(call.input);
    if (!target || !bus || !token || !limit) {
        return to_api_error(!target  ? target.error()
                            : !bus   ? bus.error()
                            : !token ? token.error()
                                     : limit.error());
    }
    auto page = buses_.list_rule_names_by_target(
        scope_of(call), bus->value_or(""), *target, *limit, token->value_or(""));
    if (!page) {
        return to_api_error(page.error());
    }
    nlohmann::json out = {{"RuleNames", page->items}};
    if (!page->next_token.empty()) {
        out["NextToken"] = page->next_token;
    }
    return json_reply(call, out);
}

// ---- tags

ServiceReply EventsService::tag_resource(ApiCall& call) {
    auto arn = required_string(call.input, "ResourceARN", "resourceARN");
    if (!arn) {
        return to_api_error(arn.error());
    }
    if (!call.input.contains("Tags")) {
        return to_api_error(bus::model_violation("tags", std::nullopt, "Member must not be null"));
    }
    auto tags = optional_tags(call.input, "Tags");
    if (!tags) {
        return to_api_error(tags.error());
    }
    if (auto status = buses_.tag_resource(scope_of(call), *arn, *tags); !status) {
        return to_api_error(status.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply EventsService::untag_resource(ApiCall& call) {
    auto arn = required_string(call.input, "ResourceARN", "resourceARN");
    if (!arn) {
        return to_api_error(arn.error());
    }
    std::vector<std::string> keys;
    auto it = call.input.find("TagKeys");
    if (it == call.input.end() || !it->is_array()) {
        return to_api_error(
            bus::model_violation("tagKeys", std::nullopt, "Member must not be null"));
    }
    for (const auto& key : *it) {
        if (key.is_string()) {
            keys.push_back(key.get<std::string>());
        }
    }
    if (auto status = buses_.untag_resource(scope_of(call), *arn, keys); !status) {
        return to_api_error(status.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply EventsService::list_tags_for_resource(ApiCall& call) {
    auto arn = required_string(call.input, "ResourceARN", "resourceARN");
    if (!arn) {
        return to_api_error(arn.error());
    }
    auto tags = buses_.list_tags_for_resource(scope_of(call), *arn);
    if (!tags) {
        return to_api_error(tags.error());
    }
    return json_reply(call, {{"Tags", tags_to_json(*tags)}});
}

}  // namespace tripline::api::services
