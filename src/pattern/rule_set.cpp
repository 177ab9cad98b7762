#include "pattern/rule_set.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace tripline::pattern {
namespace {

void append_number_key(std::string& out, double value, bool comparable, std::string_view text) {
    if (!comparable) {
        out += 'N';
        out.append(text);
        return;
    }
    if (value == 0) {
        value = 0;
    }
    char bytes[sizeof(double)];
    std::memcpy(bytes, &value, sizeof value);
    out += 'n';
    out.append(bytes, sizeof bytes);
}

std::string number_key(double value, bool comparable, std::string_view text) {
    std::string out;
    append_number_key(out, value, comparable, text);
    return out;
}

// The text of the leaf array starting at `offset` ('[') in the pattern text: leaves with the same
// text on the same path are the same predicate.
std::string_view leaf_text(std::string_view text, std::size_t offset) {
    int depth = 0;
    for (std::size_t i = offset; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\') {
                    ++i;
                }
            }
            continue;
        }
        if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && --depth == 0) {
            return text.substr(offset, i + 1 - offset);
        }
    }
    return text.substr(offset);
}

std::size_t path_depth(std::string_view path) {
    return static_cast<std::size_t>(std::count(path.begin(), path.end(), '.'));
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

void append_exact_value_key(std::string& out, const EventValue& v) {
    switch (v.type) {
        case ValueType::kString:
            out += 's';
            out.append(v.text);
            return;
        case ValueType::kNumber:
            append_number_key(out, v.number, v.comparable, v.text);
            return;
        case ValueType::kTrue:
            out += 't';
            return;
        case ValueType::kFalse:
            out += 'f';
            return;
        case ValueType::kNull:
            out += 'z';
            return;
    }
}

std::string exact_value_key(const EventValue& v) {
    std::string out;
    append_exact_value_key(out, v);
    return out;
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

    // Distinct leaves (same path, same text), shared by the branches that use them.
    std::map<std::string, std::uint32_t> leaf_ids;
    std::vector<std::size_t> leaf_users;
    for (IndexedBranch& ib : set->branches_) {
        std::string_view text = set->rules_[ib.rule].pattern.text();
        for (const Constraint& c : ib.branch.constraints) {
            std::string key = std::to_string(c.slot) + '\x01';
            key += leaf_text(text, c.leaf->offset);
            auto [it, inserted] =
                leaf_ids.emplace(std::move(key), static_cast<std::uint32_t>(set->leaves_.size()));
            if (inserted) {
                DistinctLeaf d{c.slot, c.leaf, c.has_value_exprs, {}};
                const bool all_exact =
                    std::all_of(c.leaf->exprs.begin(), c.leaf->exprs.end(), [](const MatchExpr& e) {
                        return e.kind == MatchKind::kExactString;
                    });
                if (all_exact && c.leaf->exprs.size() >= 4) {
                    for (const MatchExpr& e : c.leaf->exprs) {
                        d.exact_strings.insert(e.strings[0]);
                    }
                }
                set->leaves_.push_back(std::move(d));
                leaf_users.push_back(0);
            }
            ++leaf_users[it->second];
            ib.leaves.push_back(it->second);
        }
    }
    // Unindexed branches are triggered by their most specific leaf: the deepest path (deep fields
    // are present in few events), then the leaf most branches share (fewer evaluations).
    set->triggers_by_slot_.resize(set->paths_.slot_count());
    std::map<std::uint32_t, std::size_t> trigger_of_leaf;
    for (std::uint32_t b : set->unindexed_) {
        const IndexedBranch& ib = set->branches_[b];
        std::size_t best = ib.branch.constraints.size();
        for (std::size_t k = 0; k < ib.branch.constraints.size(); ++k) {
            const Constraint& c = ib.branch.constraints[k];
            if (c.absent_ok || !c.has_value_exprs) {
                continue;
            }
            if (best == ib.branch.constraints.size()) {
                best = k;
                continue;
            }
            const Constraint& o = ib.branch.constraints[best];
            std::size_t d = path_depth(set->paths_.name(c.slot));
            std::size_t od = path_depth(set->paths_.name(o.slot));
            if (d > od || (d == od && leaf_users[ib.leaves[k]] > leaf_users[ib.leaves[best]])) {
                best = k;
            }
        }
        if (best == ib.branch.constraints.size()) {
            set->untriggered_.push_back(b);
            continue;
        }
        const std::uint32_t leaf = ib.leaves[best];
        auto& list = set->triggers_by_slot_[set->leaves_[leaf].slot];
        auto [it, inserted] = trigger_of_leaf.emplace(leaf, list.size());
        if (inserted) {
            list.push_back(Trigger{leaf, {}});
        }
        list[it->second].branches.push_back(b);
    }
    return set;
}

const std::vector<std::uint32_t>& RuleSet::leaf_values(std::uint32_t leaf,
                                                       MatchContext& ctx) const {
    auto& values = ctx.leaf_values[leaf];
    if (ctx.leaf_stamp[leaf] == ctx.generation) {
        return values;
    }
    ctx.leaf_stamp[leaf] = ctx.generation;
    values.clear();
    const DistinctLeaf& d = leaves_[leaf];
    if (!d.exact_strings.empty()) {
        for (std::uint32_t i : ctx.doc.values_at(d.slot)) {
            const EventValue& v = ctx.doc.value(i);
            if (v.type == ValueType::kString && d.exact_strings.contains(v.text)) {
                values.push_back(i);
            }
        }
    } else if (d.has_value_exprs) {
        for (std::uint32_t i : ctx.doc.values_at(d.slot)) {
            if (leaf_accepts(*d.leaf, ctx.doc.value(i))) {
                values.push_back(i);
            }
        }
    }
    return values;
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
    if (ctx.leaf_stamp.size() < leaves_.size()) {
        ctx.leaf_stamp.resize(leaves_.size(), 0);
        ctx.leaf_values.resize(leaves_.size());
    }
    if (++ctx.generation == 0) {  // wrapped: forget old stamps
        std::fill(ctx.branch_stamp.begin(), ctx.branch_stamp.end(), 0);
        std::fill(ctx.rule_stamp.begin(), ctx.rule_stamp.end(), 0);
        std::fill(ctx.leaf_stamp.begin(), ctx.leaf_stamp.end(), 0);
        ctx.generation = 1;
    }
    const std::uint32_t gen = ctx.generation;
    ctx.candidates.clear();
    auto add = [&](std::uint32_t b) {
        if (ctx.branch_stamp[b] != gen) {
            ctx.branch_stamp[b] = gen;
            ctx.candidates.push_back(b);
        }
    };
    for (const KeyIndex& index : indexes_) {
        for (std::uint32_t i : ctx.doc.values_at(index.slot)) {
            ctx.key.clear();
            append_exact_value_key(ctx.key, ctx.doc.value(i));
            auto it = index.branches_by_value.find(ctx.key);
            if (it == index.branches_by_value.end()) {
                continue;
            }
            for (std::uint32_t b : it->second) {
                add(b);
            }
        }
    }
    // Triggers fire only for paths the event has values at.
    for (std::uint32_t slot : ctx.doc.touched_slots()) {
        for (const Trigger& t : triggers_by_slot_[slot]) {
            if (!leaf_values(t.leaf, ctx).empty()) {
                for (std::uint32_t b : t.branches) {
                    add(b);
                }
            }
        }
    }
    for (std::uint32_t b : untriggered_) {
        add(b);
    }
    std::vector<RuleId> matched;
    MatchScratch& scratch = ctx.scratch;
    for (std::uint32_t b : ctx.candidates) {
        const IndexedBranch& ib = branches_[b];
        if (ctx.rule_stamp[ib.rule] == gen) {
            continue;
        }
        const std::size_t n = ib.branch.constraints.size();
        if (scratch.candidates.size() < n) {
            scratch.candidates.resize(n);
        }
        bool possible = true;
        for (std::size_t k = 0; k < n && possible; ++k) {
            const auto& values = leaf_values(ib.leaves[k], ctx);
            possible = !values.empty() || ib.branch.constraints[k].absent_ok;
            scratch.candidates[k].assign(values.begin(), values.end());
        }
        if (possible && search_branch(ib.branch, ctx.doc, scratch)) {
            ctx.rule_stamp[ib.rule] = gen;
            matched.push_back(rules_[ib.rule].id);
        }
    }
    std::sort(matched.begin(), matched.end());
    return matched;
}

}  // namespace tripline::pattern
