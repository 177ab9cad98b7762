// The EventBridge control-plane resources as the bus stores them: event buses, rules and the
// targets inside each rule, with their JSON documents in the ResourceStore (types
// "events:event-bus" and "events:rule"; a rule's store name is "<bus>/<rule>", unique because rule
// names contain no '/').
//
// Targets are kept as the JSON object the client sent (member order and string contents exactly
// as received), so ListTargetsByRule returns an InputTransformer byte-for-byte as it was put.
//
// Plain values; the document functions are pure and thread-safe. Errors: kInvalidArgument for a
// document that is not what these functions write (names the member).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::bus {

inline constexpr std::string_view kBusResourceType = "events:event-bus";
inline constexpr std::string_view kRuleResourceType = "events:rule";

enum class RuleState {
    kEnabled,                                  // all events but read-only CloudTrail mgmt events
    kDisabled,                                 // nothing
    kEnabledWithAllCloudTrailManagementEvents  // everything
};

// "ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS".
std::string_view rule_state_name(RuleState state);
// Errors: kInvalidArgument with the model's enum message naming `field`.
Result<RuleState> parse_rule_state(std::string_view text, std::string_view field = "state");

struct Tag {
    std::string key;
    std::string value;
    bool operator==(const Tag&) const = default;
};

// One target of a rule: its Id and Arn, and the whole target object as compact JSON text.
struct TargetEntry {
    std::string id;
    std::string arn;
    std::string json;
    bool operator==(const TargetEntry&) const = default;
};

struct Rule {
    std::string name;
    std::string bus_name;
    std::string arn;
    std::optional<std::string> event_pattern;  // exactly as given
    std::optional<std::string> schedule_expression;
    RuleState state = RuleState::kEnabled;
    std::optional<std::string> description;
    std::optional<std::string> role_arn;
    std::string created_by;  // account id
    std::vector<Tag> tags;
    std::vector<TargetEntry> targets;  // in the order they were first put
};

struct EventBus {
    std::string name;
    std::string arn;
    std::optional<std::string> description;
    std::vector<Tag> tags;
    TimePoint creation_time;
    TimePoint last_modified_time;
};

// The ResourceStore name of a rule.
std::string rule_store_name(std::string_view bus_name, std::string_view rule_name);

std::string rule_to_document(const Rule& rule);
Result<Rule> rule_from_document(std::string_view document);

// Creation/modification times are the store row's, not part of the document.
std::string bus_to_document(const EventBus& bus);
Result<EventBus> bus_from_document(std::string_view document);

// Sets or replaces each tag of `add` in `tags` (by key, keeping order of first appearance).
void merge_tags(std::vector<Tag>& tags, const std::vector<Tag>& add);
// Removes the tags with these keys.
void remove_tags(std::vector<Tag>& tags, const std::vector<std::string>& keys);

}  // namespace tripline::bus
