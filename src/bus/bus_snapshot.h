// BusSnapshot: what dispatch needs of one event bus, compiled from its rules: one pattern::RuleSet
// over the rules that can receive events (not DISABLED, with a pattern and at least one target),
// and for each of them its name, ARN, state and targets with their input settings compiled.
//
// Immutable once built; shared as std::shared_ptr<const BusSnapshot> and replaced as a whole when
// the bus's rules change, so dispatch reads it without locks. A stored rule whose pattern or target
// no longer compiles (a document written by another version) is skipped with a logged warning
// rather than failing the bus.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bus/bus_model.h"
#include "pattern/rule_set.h"
#include "transform/target_input.h"

namespace tripline::bus {

struct CompiledTarget {
    std::string id;
    std::string arn;
    std::string json;  // the stored target object
    transform::TargetInput input;
};

struct CompiledRule {
    std::string name;
    std::string arn;
    RuleState state = RuleState::kEnabled;
    std::vector<CompiledTarget> targets;
};

struct BusSnapshot {
    std::uint64_t generation = 0;                      // of the bus's rules when it was built
    std::shared_ptr<const pattern::RuleSet> rule_set;  // RuleId = index into `rules`
    std::vector<CompiledRule> rules;
};

std::shared_ptr<const BusSnapshot> build_bus_snapshot(const std::vector<Rule>& rules,
                                                      std::uint64_t generation);

}  // namespace tripline::bus
