// RuleSet: many event patterns compiled together, matched against an event in one pass (the rules
// of an event bus). Building interns every field path any rule uses into one PathTable, so matching
// parses the event once and examines only those fields; and it indexes each rule branch by the
// exact values of its most selective exact-only field (e.g. `detail.eventName` or `source`), so an
// event only evaluates the branches whose key value it carries plus the few branches that have no
// such field. Branches without such a field are triggered by one of their leaves instead (the
// most specific one): identical leaves of all rules on the same path are evaluated once per event
// and only when the event has a value at that path, and their results are shared by every branch
// that uses them. Verdicts are those of the reference matcher (matcher.h) — a property test checks
// it.
//
// Thread-safety and ownership: a RuleSet is immutable after build(); share it as
// std::shared_ptr<const RuleSet> and swap the pointer atomically to publish a new rule set (the bus
// does). match() may run concurrently from many threads; each call uses a MatchContext, by default
// a thread_local one. Errors: build() rejects duplicate rule ids; match() fails only for malformed
// or non-object events (Errc::kInvalidArgument).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "pattern/event_document.h"
#include "pattern/event_pattern.h"
#include "pattern/matcher.h"

namespace tripline::pattern {

using RuleId = std::uint64_t;

// Per-thread buffers for RuleSet::match(); reusable across rule sets.
struct MatchContext {
    EventDocument doc;
    MatchScratch scratch;
    std::vector<std::uint32_t> branch_stamp;
    std::vector<std::uint32_t> rule_stamp;
    std::vector<std::uint32_t> candidates;
    std::uint32_t generation = 0;
    // Per distinct leaf of the rule set: the generation its result was computed in, and the values
    // it accepted (indices into doc).
    std::vector<std::uint32_t> leaf_stamp;
    std::vector<std::vector<std::uint32_t>> leaf_values;
    std::string key;  // exact-value key buffer
};

class RuleSet {
public:
    class Builder {
    public:
        Status add(RuleId id, std::string_view pattern_json);
        Status add(RuleId id, EventPattern pattern);
        std::shared_ptr<const RuleSet> build() &&;

    private:
        std::vector<std::pair<RuleId, EventPattern>> rules_;
        std::unordered_map<RuleId, bool> ids_;
    };

    // Ids of all rules matching the event, ascending.
    Result<std::vector<RuleId>> match(std::string_view event_json) const;
    Result<std::vector<RuleId>> match(std::string_view event_json, MatchContext& context) const;

    std::size_t rule_count() const { return rules_.size(); }
    std::size_t branch_count() const { return branches_.size(); }
    // Branches evaluated for every event (no exact-valued field to index them by).
    std::size_t unindexed_branch_count() const { return unindexed_.size(); }
    const PathTable& paths() const { return paths_; }

private:
    struct RuleEntry {
        RuleId id;
        EventPattern pattern;  // keeps the AST the branches point into alive
    };
    struct IndexedBranch {
        std::uint32_t rule = 0;             // index into rules_
        Branch branch;                      // slots re-mapped to paths_
        std::vector<std::uint32_t> leaves;  // distinct-leaf id of each constraint
    };
    struct DistinctLeaf {
        std::uint32_t slot = 0;
        const Leaf* leaf = nullptr;
        bool has_value_exprs = false;
        // A leaf of many exact strings only ("eventName": [12 names]) is a set lookup.
        std::unordered_set<std::string_view> exact_strings;
    };
    struct Trigger {
        std::uint32_t leaf = 0;
        std::vector<std::uint32_t> branches;
    };

    const std::vector<std::uint32_t>& leaf_values(std::uint32_t leaf, MatchContext& ctx) const;
    struct KeyIndex {
        std::uint32_t slot = 0;
        std::unordered_map<std::string, std::vector<std::uint32_t>> branches_by_value;
    };

    std::vector<RuleEntry> rules_;
    PathTable paths_;
    std::vector<IndexedBranch> branches_;
    std::vector<KeyIndex> indexes_;
    std::vector<std::uint32_t> unindexed_;
    std::vector<DistinctLeaf> leaves_;
    std::vector<std::vector<Trigger>> triggers_by_slot_;  // unindexed branches, by trigger slot
    std::vector<std::uint32_t> untriggered_;  // unindexed branches of absent_ok leaves only
};

// The index key of an exact value ("s"+text, "n"+double bits, "N"+literal, "t", "f", "z"); equal
// keys ⇔ equal values under §3 (comparability is a property of the literal).
std::string exact_value_key(const EventValue& value);
void append_exact_value_key(std::string& out, const EventValue& value);

}  // namespace tripline::pattern
