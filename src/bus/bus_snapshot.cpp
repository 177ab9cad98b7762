#include "bus/bus_snapshot.h"

#include <spdlog/spdlog.h>

#include "bus/rule_pattern.h"

namespace tripline::bus {

std::shared_ptr<const BusSnapshot> build_bus_snapshot(const std::vector<Rule>& rules,
                                                      std::uint64_t generation) {
    auto snapshot = std::make_shared<BusSnapshot>();
    snapshot->generation = generation;
    pattern::RuleSet::Builder builder;
    for (const Rule& rule : rules) {
        if (rule.state == RuleState::kDisabled || !rule.event_pattern || rule.targets.empty()) {
            continue;
        }
        auto compiled = compile_rule_pattern(*rule.event_pattern);
        if (!compiled) {
            spdlog::warn("rule {}: stored pattern does not compile, rule skipped: {}",
                         rule.arn,
                         compiled.error().message);
            continue;
        }
        CompiledRule entry;
        entry.name = rule.name;
        entry.arn = rule.arn;
        entry.state = rule.state;
        for (const TargetEntry& target : rule.targets) {
            transform::TemplateOptions options;
            options.target_id = target.id;
            auto input = transform::parse_target_input(target.json, options);
            if (!input) {
                spdlog::warn("rule {}: target {} input does not compile, target skipped: {}",
                             rule.arn,
                             target.id,
                             input.error().message);
                continue;
            }
            entry.targets.push_back({target.id, target.arn, target.json, std::move(*input)});
        }
        if (entry.targets.empty()) {
            continue;
        }
        const auto id = static_cast<pattern::RuleId>(snapshot->rules.size());
        if (!builder.add(id, std::move(*compiled))) {
            continue;
        }
        snapshot->rules.push_back(std::move(entry));
    }
    snapshot->rule_set = std::move(builder).build();
    return snapshot;
}

}  // namespace tripline::bus
