// BusService: rules and tags.
#include <spdlog/spdlog.h>

#include "bus/bus_arns.h"
#include "bus/bus_names.h"
#include "bus/bus_service.h"
#include "bus/internal/paginate.h"
#include "bus/read_only_events.h"
#include "bus/rule_pattern.h"
#include "bus/schedule_expression.h"
#include "storage/resource_store.h"
#include "storage/transaction.h"

namespace tripline::bus {

namespace {

std::string_view rule_name_of(const Rule& rule) { return rule.name; }

Status check_tags(const std::vector<Tag>& tags, std::string_view field) {
    for (std::size_t i = 0; i < tags.size(); ++i) {
        const std::string prefix = std::string(field) + "." + std::to_string(i + 1) + ".member.";
        TRIPLINE_TRY(check_length(prefix + "key", tags[i].key, 1, 128));
        TRIPLINE_TRY(check_length(prefix + "value", tags[i].value, 0, 256));
        for (std::size_t j = 0; j < i; ++j) {
            if (tags[j].key == tags[i].key) {
                return make_error(Errc::kInvalidArgument,
                                  "Invalid parameter: Duplicated keys are not allowed.");
            }
        }
    }
    return ok_status();
}

Status check_rule_spec(const RuleSpec& spec, std::string_view bus) {
    TRIPLINE_TRY(check_rule_name(spec.name));
    if (spec.event_pattern) {
        TRIPLINE_TRY(check_length("eventPattern", *spec.event_pattern, 0, kMaxEventPatternLength));
    }
    if (spec.schedule_expression) {
        TRIPLINE_TRY(check_length(
            "scheduleExpression", *spec.schedule_expression, 0, kMaxScheduleExpressionLength));
    }
    if (spec.description) {
        TRIPLINE_TRY(check_length("description", *spec.description, 0, kMaxDescriptionLength));
    }
    if (spec.role_arn) {
        TRIPLINE_TRY(check_length("roleArn", *spec.role_arn, 1, kMaxArnLength));
    }
    if (spec.state) {
        TRIPLINE_TRY(parse_rule_state(*spec.state));
    }
    TRIPLINE_TRY(check_tags(spec.tags, "tags"));
    const bool has_pattern = spec.event_pattern && !spec.event_pattern->empty();
    const bool has_schedule = spec.schedule_expression && !spec.schedule_expression->empty();
    if (!has_pattern && !has_schedule) {
        return make_error(Errc::kInvalidArgument,
                          "Parameter(s) EventPattern or ScheduleExpression must be specified.");
    }
    if (has_schedule) {
        if (bus != kDefaultBusName) {
            return make_error(Errc::kInvalidArgument,
                              "ScheduleExpression is supported only on the default event bus.");
        }
        TRIPLINE_TRY(check_schedule_expression(*spec.schedule_expression));
    }
    return ok_status();
}

}  // namespace

Result<PutRuleResult> BusService::put_rule(const Scope& scope, const RuleSpec& spec) {
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus,
                              resolve_bus_name(spec.bus, scope.account_id, scope.region));
    TRIPLINE_TRY(check_rule_spec(spec, bus));
    if (spec.event_pattern && !spec.event_pattern->empty()) {
        TRIPLINE_TRY(compile_rule_pattern(*spec.event_pattern));
    }
    if (!bus_exists(scope.account_id, scope.region, bus)) {
        return bus_not_found(bus);
    }
    PutRuleResult result;
    Rule& rule = result.rule;
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        rule = Rule();
        auto existing = load_rule(scope, bus, spec.name);
        if (existing) {
            // Replacing keeps the targets and tags; every other member is as given now.
            rule.targets = std::move(existing->targets);
            rule.tags = std::move(existing->tags);
            rule.created_by = std::move(existing->created_by);
        } else if (existing.error().code != Errc::kNotFound) {
            return existing.error();
        } else {
            rule.created_by = scope.account_id;
        }
        rule.name = spec.name;
        rule.bus_name = bus;
        rule.arn = rule_arn(scope.account_id, scope.region, bus, spec.name);
        if (spec.event_pattern && !spec.event_pattern->empty()) {
            rule.event_pattern = spec.event_pattern;
        }
        if (spec.schedule_expression && !spec.schedule_expression->empty()) {
            rule.schedule_expression = spec.schedule_expression;
        }
        rule.state = spec.state ? *parse_rule_state(*spec.state) : RuleState::kEnabled;
        rule.description = spec.description;
        rule.role_arn = spec.role_arn;
        merge_tags(rule.tags, spec.tags);
        return store_rule(scope, rule);
    }));
    invalidate(scope.account_id, scope.region, bus);
    result.warning = read_only_rule_warning(rule);
    if (result.warning) {
        spdlog::warn("{}", *result.warning);
    }
    if (rule.schedule_expression) {
        spdlog::info("rule {}: schedule '{}' stored; scheduled rules do not fire in Tripline yet",
                     rule.arn,
                     *rule.schedule_expression);
    }
    return result;
}

Result<Rule> BusService::describe_rule(const Scope& scope,
                                       std::string_view bus_name,
                                       std::string_view name) {
    TRIPLINE_TRY(check_rule_name(name));
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    return load_rule(scope, bus, name);
}

Result<Page<Rule>> BusService::list_rules(const Scope& scope,
                                          std::string_view bus_name,
                                          std::string_view name_prefix,
                                          int limit,
                                          std::string_view next_token) {
    if (!name_prefix.empty()) {
        TRIPLINE_TRY(check_rule_name(name_prefix, "namePrefix"));
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    TRIPLINE_ASSIGN_OR_RETURN(auto rules, rules_of(scope.account_id, scope.region, bus));
    std::erase_if(rules, [&](const Rule& r) { return !r.name.starts_with(name_prefix); });
    return internal::paginate(std::move(rules), limit, next_token, rule_name_of);
}

Status BusService::delete_rule(const Scope& scope,
                               std::string_view bus_name,
                               std::string_view name,
                               bool force) {
    TRIPLINE_TRY(check_rule_name(name));
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        auto rule = load_rule(scope, bus, name);
        if (!rule) {
            // Deleting a rule that does not exist succeeds, as in AWS.
            return rule.error().code == Errc::kNotFound ? ok_status() : Status(rule.error());
        }
        if (!rule->targets.empty() && !force) {
            return make_error(Errc::kFailedPrecondition,
                              "Rule can't be deleted since it has targets.");
        }
        return store.remove(
            scope.account_id, scope.region, kRuleResourceType, rule_store_name(bus, name));
    }));
    invalidate(scope.account_id, scope.region, bus);
    return ok_status();
}

Status BusService::set_rule_state(const Scope& scope,
                                  std::string_view bus_name,
                                  std::string_view name,
                                  RuleState state) {
    TRIPLINE_TRY(check_rule_name(name));
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    return update_rule(scope, bus, name, [&](Rule& rule) {
        rule.state = state;
        return ok_status();
    });
}

Result<Page<std::string>> BusService::list_rule_names_by_target(const Scope& scope,
                                                                std::string_view bus_name,
                                                                std::string_view target_arn,
                                                                int limit,
                                                                std::string_view next_token) {
    TRIPLINE_TRY(check_length("targetArn", target_arn, 1, kMaxArnLength));
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, bus_name));
    TRIPLINE_ASSIGN_OR_RETURN(auto rules, rules_of(scope.account_id, scope.region, bus));
    std::vector<std::string> names;
    for (const Rule& rule : rules) {
        for (const TargetEntry& target : rule.targets) {
            if (target.arn == target_arn) {
                names.push_back(rule.name);
                break;
            }
        }
    }
    return internal::paginate(std::move(names), limit, next_token, [](const std::string& n) {
        return std::string_view(n);
    });
}

// ---- tags

Status BusService::tag_resource(const Scope& scope,
                                std::string_view arn,
                                const std::vector<Tag>& tags) {
    TRIPLINE_TRY(check_tags(tags, "tags"));
    TRIPLINE_ASSIGN_OR_RETURN(EventsResourceName name, parse_events_arn(arn));
    if (name.account_id != scope.account_id || name.region != scope.region) {
        return make_error(Errc::kNotFound, "Resource " + std::string(arn) + " does not exist.");
    }
    if (name.kind == EventsResourceName::Kind::kRule) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, name.bus_name));
        return update_rule(scope, bus, name.rule_name, [&](Rule& rule) {
            merge_tags(rule.tags, tags);
            return ok_status();
        });
    }
    storage::ResourceStore store(db_);
    return storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(EventBus bus, describe_event_bus(scope, name.bus_name));
        merge_tags(bus.tags, tags);
        auto stored = store.put({scope.account_id,
                                 scope.region,
                                 std::string(kBusResourceType),
                                 bus.name,
                                 bus.arn,
                                 bus_to_document(bus),
                                 {},
                                 {}},
                                clock_.now());
        return stored ? ok_status() : Status(stored.error());
    });
}

Status BusService::untag_resource(const Scope& scope,
                                  std::string_view arn,
                                  const std::vector<std::string>& keys) {
    TRIPLINE_ASSIGN_OR_RETURN(EventsResourceName name, parse_events_arn(arn));
    if (name.account_id != scope.account_id || name.region != scope.region) {
        return make_error(Errc::kNotFound, "Resource " + std::string(arn) + " does not exist.");
    }
    if (name.kind == EventsResourceName::Kind::kRule) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, name.bus_name));
        return update_rule(scope, bus, name.rule_name, [&](Rule& rule) {
            remove_tags(rule.tags, keys);
            return ok_status();
        });
    }
    storage::ResourceStore store(db_);
    return storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(EventBus bus, describe_event_bus(scope, name.bus_name));
        remove_tags(bus.tags, keys);
        auto stored = store.put({scope.account_id,
                                 scope.region,
                                 std::string(kBusResourceType),
                                 bus.name,
                                 bus.arn,
                                 bus_to_document(bus),
                                 {},
                                 {}},
                                clock_.now());
        return stored ? ok_status() : Status(stored.error());
    });
}

Result<std::vector<Tag>> BusService::list_tags_for_resource(const Scope& scope,
                                                            std::string_view arn) {
    TRIPLINE_ASSIGN_OR_RETURN(EventsResourceName name, parse_events_arn(arn));
    if (name.account_id != scope.account_id || name.region != scope.region) {
        return make_error(Errc::kNotFound, "Resource " + std::string(arn) + " does not exist.");
    }
    if (name.kind == EventsResourceName::Kind::kRule) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string bus, existing_bus(scope, name.bus_name));
        TRIPLINE_ASSIGN_OR_RETURN(Rule rule, load_rule(scope, bus, name.rule_name));
        return rule.tags;
    }
    TRIPLINE_ASSIGN_OR_RETURN(EventBus bus, describe_event_bus(scope, name.bus_name));
    return bus.tags;
}

}  // namespace tripline::bus
