#include "bus/read_only_events.h"

#include <nlohmann/json.hpp>

namespace tripline::bus {

namespace {

bool has_read_only_prefix(std::string_view name) {
    return name.starts_with("Describe") || name.starts_with("Get") || name.starts_with("List");
}

// A pattern value (array of match values) under detail.eventName that can only match read-only
// names.
bool only_read_only_names(const nlohmann::json& values) {
    if (!values.is_array() || values.empty()) {
        return false;
    }
    for (const auto& v : values) {
        if (v.is_string()) {
            if (!has_read_only_prefix(v.get<std::string>())) {
                return false;
            }
        } else if (v.is_object() && v.size() == 1 && v.contains("prefix") &&
                   v["prefix"].is_string()) {
            if (!has_read_only_prefix(v["prefix"].get<std::string>())) {
                return false;
            }
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

bool is_read_only_management_event(simdjson::dom::element event) {
    std::string_view source;
    std::string_view detail_type;
    if (event["source"].get(source) != simdjson::SUCCESS || !source.starts_with("aws.") ||
        event["detail-type"].get(detail_type) != simdjson::SUCCESS ||
        detail_type != kCloudTrailApiCallDetailType) {
        return false;
    }
    simdjson::dom::object detail;
    if (event["detail"].get(detail) != simdjson::SUCCESS) {
        return false;
    }
    bool read_only = false;
    if (detail["readOnly"].get(read_only) != simdjson::SUCCESS || !read_only) {
        return false;
    }
    bool management = true;
    if (detail["managementEvent"].get(management) == simdjson::SUCCESS && !management) {
        return false;
    }
    std::string_view category;
    if (detail["eventCategory"].get(category) == simdjson::SUCCESS && category != "Management") {
        return false;
    }
    std::string_view name;
    return detail["eventName"].get(name) == simdjson::SUCCESS && has_read_only_prefix(name);
}

bool state_receives(RuleState state, bool read_only_management_event) {
    switch (state) {
        case RuleState::kDisabled:
            return false;
        case RuleState::kEnabled:
            return !read_only_management_event;
        case RuleState::kEnabledWithAllCloudTrailManagementEvents:
            return true;
    }
    return false;
}

std::optional<std::string> read_only_rule_warning(const Rule& rule) {
    if (rule.state != RuleState::kEnabled || !rule.event_pattern) {
        return std::nullopt;
    }
    nlohmann::json pattern = nlohmann::json::parse(*rule.event_pattern, nullptr, false);
    if (pattern.is_discarded() || !pattern.is_object()) {
        return std::nullopt;
    }
    const nlohmann::json* detail = nullptr;
    if (auto it = pattern.find("detail"); it != pattern.end() && it->is_object()) {
        detail = &*it;
    }
    bool read_only_only = false;
    if (detail != nullptr) {
        if (auto it = detail->find("eventName"); it != detail->end()) {
            read_only_only = only_read_only_names(*it);
        }
        if (auto it = detail->find("readOnly"); it != detail->end()) {
            read_only_only = read_only_only || *it == nlohmann::json::array({true});
        }
    }
    if (auto it = pattern.find("detail.eventName"); it != pattern.end()) {
        read_only_only = read_only_only || only_read_only_names(*it);
    }
    if (!read_only_only) {
        return std::nullopt;
    }
    return "rule " + rule.name +
           " is ENABLED but its pattern only matches read-only CloudTrail "
           "management events (Describe*/Get*/List* calls such as GetCallerIdentity), which "
           "EventBridge delivers only to rules in state "
           "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: as written it never fires; put it "
           "again with --state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
}

}  // namespace tripline::bus
