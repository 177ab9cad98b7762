// BusService: targets of rules.
#include <algorithm>
#include <charconv>

#include "bus/bus_names.h"
#include "bus/bus_service.h"
#include "bus/target_spec.h"

namespace tripline::bus {

namespace {

Error too_many_targets() {
    return make_error(Errc::kLimitExceeded,
                      "The requested resource exceeds the maximum number allowed.");
}

}  // namespace

Result<std::vector<TargetFailure>> BusService::put_targets(
    const Scope& scope,
    std::string_view bus_name,
    std::string_view rule_name,
    const std::vector<std::string>& targets) {
    TRIPLINE_TRY(check_rule_name(rule_name, "rule"));
    if (targets.empty()) {
        return model_violation(
            "targets", "[]", "Member must have length greater than or equal to 1");
    }
    if (targets.size() > kMaxTargetsPerRequest) {
        return too_many_targets();
    }
    std::vector<TargetCheck> checks;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        TRIPLINE_ASSIGN_OR_RETURN(TargetCheck check, check_target(targets[i], i + 1));
        checks.push_back(std::move(check));
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    std::vector<TargetFailure> failures;
    TRIPLINE_TRY(update_rule(scope, bus, rule_name, [&](Rule& rule) -> Status {
        failures.clear();
        for (const TargetCheck& check : checks) {
            if (check.entry_error) {
                failures.push_back({check.entry.id, *check.entry_error});
                continue;
            }
            auto it = std::find_if(rule.targets.begin(),
                                   rule.targets.end(),
                                   [&](const TargetEntry& t) { return t.id == check.entry.id; });
            if (it != rule.targets.end()) {
                *it = check.entry;
            } else {
                rule.targets.push_back(check.entry);
            }
        }
        if (rule.targets.size() > kMaxTargetsPerRule) {
            return too_many_targets();
        }
        return ok_status();
    }));
    return failures;
}

Result<std::vector<TargetFailure>> BusService::remove_targets(
    const Scope& scope,
    std::string_view bus_name,
    std::string_view rule_name,
    const std::vector<std::string>& ids,
    bool /*force: only managed rules need it, and Tripline has none*/) {
    TRIPLINE_TRY(check_rule_name(rule_name, "rule"));
    if (ids.empty()) {
        return model_violation("ids", "[]", "Member must have length greater than or equal to 1");
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        TRIPLINE_TRY(check_target_id(ids[i], "ids." + std::to_string(i + 1) + ".member"));
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    std::vector<TargetFailure> failures;
    TRIPLINE_TRY(update_rule(scope, bus, rule_name, [&](Rule& rule) -> Status {
        failures.clear();
        for (const std::string& id : ids) {
            auto removed =
                std::erase_if(rule.targets, [&](const TargetEntry& t) { return t.id == id; });
            if (removed == 0) {
                failures.push_back(
                    {id,
                     make_error(Errc::kNotFound,
                                "Rule '" + rule.name + "' does not have a target with the Id '" +
                                    id + "'.")});
            }
        }
        return ok_status();
    }));
    return failures;
}

Result<Page<TargetEntry>> BusService::list_targets_by_rule(const Scope& scope,
                                                           std::string_view bus_name,
                                                           std::string_view rule_name,
                                                           int limit,
                                                           std::string_view next_token) {
    TRIPLINE_TRY(check_rule_name(rule_name, "rule"));
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    TRIPLINE_ASSIGN_OR_RETURN(Rule rule, load_rule(scope, bus, rule_name));
    // Targets keep the order they were put in; the token is the index of the next one.
    std::size_t start = 0;
    if (!next_token.empty()) {
        auto [ptr, ec] =
            std::from_chars(next_token.data(), next_token.data() + next_token.size(), start);
        if (ec != std::errc() || ptr != next_token.data() + next_token.size()) {
            return make_error(Errc::kInvalidArgument, "The NextToken is not valid.");
        }
    }
    const std::size_t page = limit > 0 ? static_cast<std::size_t>(limit) : rule.targets.size();
    Page<TargetEntry> out;
    for (std::size_t i = start; i < rule.targets.size(); ++i) {
        if (out.items.size() == page) {
            out.next_token = std::to_string(i);
            break;
        }
        out.items.push_back(rule.targets[i]);
    }
    return out;
}

}  // namespace tripline::bus
