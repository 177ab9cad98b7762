#include "pattern/rule_set.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace tripline::pattern {
namespace {

std::string number_key(double value, bool comparable, std::string_view text) {
    if (!comparable) {
        return "N" + std::string(text);
    }
    if (value == 0) {
        value = 0;
    }
    char bytes[sizeof(double)];
    std::memcpy(bytes, &value, sizeof value);
    return "n" + std::string(bytes, sizeof bytes);
}

// Keys of an exact-only leaf, or false when the leaf has any other kind of expression.
bool exact_keys(const Leaf& leaf, std::vector<std::string>& keys) {
    keys.clear();
    for (const MatchExpr& e : leaf.exprs) {
        switch (e.kind) {
            case MatchKind::kExactString:
                keys.push_back("s" + e.strings[0]);
                break;
            case MatchKind::kExactNumber:
                keys.push_back(
                    number_key(e.numbers[0].value, e.numbers[0].comparable, e.numbers[0].text));
                break;
            case MatchKind::kExactTrue:
                keys.emplace_back("t");
                break;
            case MatchKind::kExactFalse:
                keys.emplace_back("f");
                break;
            case MatchKind::kExactNull:
                keys.emplace_back("z");
                break;
            default:
                return false;
        }
    }
    return !keys.empty();
}

}  // namespace

std::string exact_value_key(const EventValue& v) {
    switch (v.type) {
        case ValueType::kString:
            return "s" + std::string(v.text);
        case ValueType::kNumber:
            return number_key(v.number, v.comparable, v.text);
        case ValueType::kTrue:
            return "t";
        case ValueType::kFalse:
            return "f";
        case ValueType::kNull:
            return "z";
    }
    return "";
}

Status RuleSet::Builder::add(RuleId id, std::string_view pattern_json) {
    TRIPLINE_ASSIGN_OR_RETURN(EventPattern pattern, parse_event_pattern(pattern_json));
    return add(id, std::move(pattern));
}

Status RuleSet::Builder::add(RuleId id, EventPattern pattern) {
    if (!ids_.emplace(id, true).second) {
        return make_error(Errc::kAlreadyExists, "rule id " + std::to_string(id) + " added twice");
    }
    rules_.emplace_back(id, std::move(pattern));
    return ok_status();
}

std::shared_ptr<const RuleSet> RuleSet::Builder::build() && {
    auto set = std::make_shared<RuleSet>();
    std::sort(rules_.begin(), rules_.end(), [](const auto& a, const auto& b) {
        return a.first < b.first;
    });
    for (auto& [id, pattern] : rules_) {
        auto rule_index = static_cast<std::uint32_t>(set->rules_.size());
        for (const Branch& b : pattern.branches()) {
            IndexedBranch ib;
            ib.rule = rule_index;
            ib.branch = b;
            for (Constraint& c : ib.branch.constraints) {
                c.slot = set->paths_.add(pattern.paths().name(c.slot));
            }
            set->branches_.push_back(std::move(ib));
        }
        set->rules_.push_back(RuleEntry{id, std::move(pattern)});
    }

    // Selectivity of a path as an index key: how many distinct exact values rules give it.
    std::map<std::uint32_t, std::set<std::string>> distinct;
    std::vector<std::string> keys;
    for (const IndexedBranch& ib : set->branches_) {
        for (const Constraint& c : ib.branch.constraints) {
            if (!c.absent_ok && exact_keys(*c.leaf, keys)) {
                distinct[c.slot].insert(keys.begin(), keys.end());
            }
        }
    }
    std::map<std::uint32_t, std::size_t> index_of_slot;
    for (std::uint32_t b = 0; b < set->branches_.size(); ++b) {
        const Branch& branch = set->branches_[b].branch;
        const Constraint* best = nullptr;
        std::size_t best_distinct = 0;
        std::size_t best_values = 0;
        for (const Constraint& c : branch.constraints) {
            if (c.absent_ok || !exact_keys(*c.leaf, keys)) {
                continue;
            }
            std::size_t d = distinct[c.slot].size();
            if (best == nullptr || d > best_distinct ||
                (d == best_distinct && keys.size() < best_values)) {
                best = &c;
                best_distinct = d;
                best_values = keys.size();
            }
        }
        if (best == nullptr) {
            set->unindexed_.push_back(b);
            continue;
        }
        exact_keys(*best->leaf, keys);
        auto [it, inserted] = index_of_slot.emplace(best->slot, set->indexes_.size());
        if (inserted) {
            set->indexes_.push_back(KeyIndex{best->slot, {}});
        }
        auto& by_value = set->indexes_[it->second].branches_by_value;
        for (const std::string& key : keys) {
            auto& list = by_value[key];
            if (list.empty() || list.back() != b) {
                list.push_back(b);
            }
        }
    }
    return set;
}

Result<std::vector<RuleId>> RuleSet::match(std::string_view event_json) const {
    thread_local MatchContext context;
    return match(event_json, context);
}

Result<std::vector<RuleId>> RuleSet::match(std::string_view event_json, MatchContext& ctx) const {
    TRIPLINE_TRY(ctx.doc.load(event_json, paths_));
    if (ctx.branch_stamp.size() < branches_.size()) {
        ctx.branch_stamp.resize(branches_.size(), 0);
    }
    if (ctx.rule_stamp.size() < rules_.size()) {
        ctx.rule_stamp.resize(rules_.size(), 0);
    }
    if (++ctx.generation == 0) {  // wrapped: forget old stamps
        std::fill(ctx.branch_stamp.begin(), ctx.branch_stamp.end(), 0);
        std::fill(ctx.rule_stamp.begin(), ctx.rule_stamp.end(), 0);
        ctx.generation = 1;
    }
    const std::uint32_t gen = ctx.generation;
    ctx.candidates.clear();
    for (const KeyIndex& index : indexes_) {
        for (std::uint32_t i : ctx.doc.values_at(index.slot)) {
            auto it = index.branches_by_value.find(exact_value_key(ctx.doc.value(i)));
            if (it == index.branches_by_value.end()) {
                continue;
            }
            for (std::uint32_t b : it->second) {
                if (ctx.branch_stamp[b] != gen) {
                    ctx.branch_stamp[b] = gen;
                    ctx.candidates.push_back(b);
                }
            }
        }
    }
    ctx.candidates.insert(ctx.candidates.end(), unindexed_.begin(), unindexed_.end());
    std::vector<RuleId> matched;
    for (std::uint32_t b : ctx.candidates) {
        const IndexedBranch& ib = branches_[b];
        if (ctx.rule_stamp[ib.rule] == gen) {
            continue;
        }
        if (branch_matches(ib.branch, ctx.doc, ctx.scratch)) {
            ctx.rule_stamp[ib.rule] = gen;
            matched.push_back(rules_[ib.rule].id);
        }
    }
    std::sort(matched.begin(), matched.end());
    return matched;
}

}  // namespace tripline::pattern
