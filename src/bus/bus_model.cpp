#include "bus/bus_model.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace tripline::bus {

namespace {

using Json = nlohmann::ordered_json;

Error bad_document(std::string_view what) {
    return make_error(Errc::kInvalidArgument, "events document: " + std::string(what));
}

void put_optional(Json& doc, const char* key, const std::optional<std::string>& value) {
    if (value) {
        doc[key] = *value;
    }
}

std::optional<std::string> get_optional(const Json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

Json tags_to_json(const std::vector<Tag>& tags) {
    Json out = Json::array();
    for (const Tag& tag : tags) {
        out.push_back(Json{{"Key", tag.key}, {"Value", tag.value}});
    }
    return out;
}

Result<std::vector<Tag>> tags_from_json(const Json& doc) {
    std::vector<Tag> tags;
    auto it = doc.find("Tags");
    if (it == doc.end()) {
        return tags;
    }
    if (!it->is_array()) {
        return bad_document("Tags must be an array");
    }
    for (const Json& tag : *it) {
        if (!tag.is_object() || !tag.contains("Key") || !tag["Key"].is_string()) {
            return bad_document("each tag needs a string Key");
        }
        tags.push_back({tag["Key"].get<std::string>(), tag.value("Value", std::string())});
    }
    return tags;
}

Result<Json> parse_object(std::string_view document) {
    Json doc = Json::parse(document, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return bad_document("not a JSON object");
    }
    return doc;
}

std::string required_string(const Json& doc, const char* key, Status& status) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) {
        status = bad_document(std::string("missing string member ") + key);
        return {};
    }
    return it->get<std::string>();
}

}  // namespace

std::string_view rule_state_name(RuleState state) {
    switch (state) {
        case RuleState::kEnabled:
            return "ENABLED";
        case RuleState::kDisabled:
            return "DISABLED";
        case RuleState::kEnabledWithAllCloudTrailManagementEvents:
            return "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
    }
    return "ENABLED";
}

Result<RuleState> parse_rule_state(std::string_view text, std::string_view field) {
    for (RuleState s : {RuleState::kEnabled,
                        RuleState::kDisabled,
                        RuleState::kEnabledWithAllCloudTrailManagementEvents}) {
        if (text == rule_state_name(s)) {
            return s;
        }
    }
    return make_error(Errc::kInvalidArgument,
                      "1 validation error detected: Value '" + std::string(text) + "' at '" +
                          std::string(field) +
                          "' failed to satisfy constraint: Member must satisfy enum value set: "
                          "[ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
}

std::string rule_store_name(std::string_view bus_name, std::string_view rule_name) {
    std::string out(bus_name);
    out += '/';
    out += rule_name;
    return out;
}

std::string rule_to_document(const Rule& rule) {
    Json doc;
    doc["Name"] = rule.name;
    doc["EventBusName"] = rule.bus_name;
    doc["Arn"] = rule.arn;
    put_optional(doc, "EventPattern", rule.event_pattern);
    put_optional(doc, "ScheduleExpression", rule.schedule_expression);
    doc["State"] = std::string(rule_state_name(rule.state));
    put_optional(doc, "Description", rule.description);
    put_optional(doc, "RoleArn", rule.role_arn);
    doc["CreatedBy"] = rule.created_by;
    doc["Tags"] = tags_to_json(rule.tags);
    Json targets = Json::array();
    for (const TargetEntry& target : rule.targets) {
        Json parsed = Json::parse(target.json, nullptr, false);
        targets.push_back(parsed.is_discarded() ? Json::object() : std::move(parsed));
    }
    doc["Targets"] = std::move(targets);
    return doc.dump();
}

Result<Rule> rule_from_document(std::string_view document) {
    TRIPLINE_ASSIGN_OR_RETURN(Json doc, parse_object(document));
    Status status = ok_status();
    Rule rule;
    rule.name = required_string(doc, "Name", status);
    rule.bus_name = required_string(doc, "EventBusName", status);
    rule.arn = required_string(doc, "Arn", status);
    std::string state = required_string(doc, "State", status);
    TRIPLINE_TRY(status);
    TRIPLINE_ASSIGN_OR_RETURN(rule.state, parse_rule_state(state));
    rule.event_pattern = get_optional(doc, "EventPattern");
    rule.schedule_expression = get_optional(doc, "ScheduleExpression");
    rule.description = get_optional(doc, "Description");
    rule.role_arn = get_optional(doc, "RoleArn");
    rule.created_by = get_optional(doc, "CreatedBy").value_or("");
    TRIPLINE_ASSIGN_OR_RETURN(rule.tags, tags_from_json(doc));
    auto targets = doc.find("Targets");
    if (targets != doc.end()) {
        if (!targets->is_array()) {
            return bad_document("Targets must be an array");
        }
        for (const Json& target : *targets) {
            if (!target.is_object() || !target.contains("Id") || !target["Id"].is_string() ||
                !target.contains("Arn") || !target["Arn"].is_string()) {
                return bad_document("each target needs string Id and Arn");
            }
            rule.targets.push_back(
                {target["Id"].get<std::string>(), target["Arn"].get<std::string>(), target.dump()});
        }
    }
    return rule;
}

std::string bus_to_document(const EventBus& bus) {
    Json doc;
    doc["Name"] = bus.name;
    doc["Arn"] = bus.arn;
    put_optional(doc, "Description", bus.description);
    doc["Tags"] = tags_to_json(bus.tags);
    return doc.dump();
}

Result<EventBus> bus_from_document(std::string_view document) {
    TRIPLINE_ASSIGN_OR_RETURN(Json doc, parse_object(document));
    Status status = ok_status();
    EventBus bus;
    bus.name = required_string(doc, "Name", status);
    bus.arn = required_string(doc, "Arn", status);
    TRIPLINE_TRY(status);
    bus.description = get_optional(doc, "Description");
    TRIPLINE_ASSIGN_OR_RETURN(bus.tags, tags_from_json(doc));
    return bus;
}

void merge_tags(std::vector<Tag>& tags, const std::vector<Tag>& add) {
    for (const Tag& tag : add) {
        auto it =
            std::find_if(tags.begin(), tags.end(), [&](const Tag& t) { return t.key == tag.key; });
        if (it != tags.end()) {
            it->value = tag.value;
        } else {
            tags.push_back(tag);
        }
    }
}

void remove_tags(std::vector<Tag>& tags, const std::vector<std::string>& keys) {
    std::erase_if(tags, [&](const Tag& t) {
        return std::find(keys.begin(), keys.end(), t.key) != keys.end();
    });
}

}  // namespace tripline::bus
