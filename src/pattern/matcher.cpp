#include "pattern/matcher.h"

#include <algorithm>
#include <array>
#include <optional>

#include "pattern/case_fold.h"

namespace tripline::pattern {
namespace {

bool is_string(const EventValue& v) { return v.type == ValueType::kString; }

bool in_range(const NumericRange& r, double x) {
    if (r.has_lower && (r.lower_inclusive ? x < r.lower : x <= r.lower)) {
        return false;
    }
    if (r.has_upper && (r.upper_inclusive ? x > r.upper : x >= r.upper)) {
        return false;
    }
    return true;
}

template <typename Pred>
bool any_string(const std::vector<std::string>& strings, Pred pred) {
    for (const std::string& s : strings) {
        if (pred(s)) {
            return true;
        }
    }
    return false;
}

// parse_ip_address() of an event string, memoised per thread: a rule set evaluates many cidr
// operands against the same few address strings of an event (sourceIPAddress), and parsing
// dominated matching. Keyed by content (buffers are reused between events), 4 entries.
std::optional<IpAddress> event_ip(std::string_view text) {
    struct Entry {
        std::array<char, 64> text{};
        std::size_t size = 0;
        bool used = false;
        std::optional<IpAddress> ip;
    };
    thread_local std::array<Entry, 4> cache;
    thread_local std::size_t next = 0;
    if (text.size() > 64) {
        return parse_ip_address(text);
    }
    for (const Entry& e : cache) {
        if (e.used && e.size == text.size() && std::string_view(e.text.data(), e.size) == text) {
            return e.ip;
        }
    }
    Entry& e = cache[next];
    next = (next + 1) % cache.size();
    e.used = true;
    e.size = text.size();
    std::copy(text.begin(), text.end(), e.text.begin());
    e.ip = parse_ip_address(text);
    return e.ip;
}

bool consistent(std::span<const ArrayStep> chain, const std::vector<ArrayStep>& membership) {
    for (const ArrayStep& step : chain) {
        for (const ArrayStep& m : membership) {
            if (m.array == step.array && m.index != step.index) {
                return false;
            }
        }
    }
    return true;
}

bool search(const Branch& branch, std::size_t k, const EventDocument& doc, MatchScratch& s) {
    if (k == branch.constraints.size()) {
        return true;
    }
    const Constraint& c = branch.constraints[k];
    const auto& candidates = s.candidates[k];
    for (std::uint32_t i : candidates) {
        if (doc.value(i).chain_size == 0) {
            // Outside every array: always compatible and constrains nothing later.
            return search(branch, k + 1, doc, s);
        }
    }
    if (c.absent_ok) {
        bool present = false;
        for (std::uint32_t i : doc.values_at(c.slot)) {
            if (consistent(doc.chain(doc.value(i)), s.membership)) {
                present = true;
                break;
            }
        }
        if (!present && search(branch, k + 1, doc, s)) {
            return true;
        }
    }
    for (std::uint32_t i : candidates) {
        auto chain = doc.chain(doc.value(i));
        if (!consistent(chain, s.membership)) {
            continue;
        }
        std::size_t mark = s.membership.size();
        for (const ArrayStep& step : chain) {
            bool known = false;
            for (std::size_t m = 0; m < mark; ++m) {
                known = known || s.membership[m].array == step.array;
            }
            if (!known) {
                s.membership.push_back(step);
            }
        }
        bool ok = search(branch, k + 1, doc, s);
        s.membership.resize(mark);
        if (ok) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool expr_matches(const MatchExpr& e, const EventValue& v) {
    std::string_view text = v.text;
    switch (e.kind) {
        case MatchKind::kExactString:
            return is_string(v) && text == e.strings[0];
        case MatchKind::kExactNumber: {
            const JsonNumber& n = e.numbers[0];
            return v.type == ValueType::kNumber &&
                   numbers_equal(n.value, n.comparable, n.text, v.number, v.comparable, text);
        }
        case MatchKind::kExactTrue:
            return v.type == ValueType::kTrue;
        case MatchKind::kExactFalse:
            return v.type == ValueType::kFalse;
        case MatchKind::kExactNull:
            return v.type == ValueType::kNull;
        case MatchKind::kPrefix:
            return is_string(v) && text.starts_with(e.strings[0]);
        case MatchKind::kPrefixIgnoreCase:
            return is_string(v) && starts_with_ignore_case(text, e.strings[0]);
        case MatchKind::kSuffix:
            return is_string(v) && text.ends_with(e.strings[0]);
        case MatchKind::kSuffixIgnoreCase:
            return is_string(v) && ends_with_ignore_case(text, e.strings[0]);
        case MatchKind::kEqualsIgnoreCase:
            return is_string(v) && equals_ignore_case(e.strings[0], text);
        case MatchKind::kWildcard:
            return is_string(v) && wildcard_matches(e.wildcards[0], text);
        case MatchKind::kAnythingButString:
            return !(is_string(v) &&
                     any_string(e.strings, [&](const std::string& s) { return s == text; }));
        case MatchKind::kAnythingButNumber: {
            if (v.type != ValueType::kNumber || !v.comparable) {
                return true;
            }
            for (const JsonNumber& n : e.numbers) {
                if (n.value == v.number) {
                    return false;
                }
            }
            return true;
        }
        case MatchKind::kAnythingButPrefix:
            return !(is_string(v) && any_string(e.strings, [&](const std::string& s) {
                         return text.starts_with(s);
                     }));
        case MatchKind::kAnythingButSuffix:
            return !(is_string(v) && any_string(e.strings, [&](const std::string& s) {
                         return text.ends_with(s);
                     }));
        case MatchKind::kAnythingButIgnoreCase:
            return !(is_string(v) && any_string(e.strings, [&](const std::string& s) {
                         return equals_ignore_case(s, text);
                     }));
        case MatchKind::kAnythingButWildcard: {
            if (!is_string(v)) {
                return true;
            }
            for (const Wildcard& w : e.wildcards) {
                if (wildcard_matches(w, text)) {
                    return false;
                }
            }
            return true;
        }
        case MatchKind::kNumeric:
            return v.type == ValueType::kNumber && v.comparable && in_range(e.range, v.number);
        case MatchKind::kExists:
            return e.exists;
        case MatchKind::kCidr: {
            if (!is_string(v)) {
                return false;
            }
            auto ip = event_ip(text);
            return ip && cidr_contains(e.cidr, *ip);
        }
    }
    return false;
}

bool leaf_accepts(const Leaf& leaf, const EventValue& value) {
    for (const MatchExpr& e : leaf.exprs) {
        if (!(e.kind == MatchKind::kExists && !e.exists) && expr_matches(e, value)) {
            return true;
        }
    }
    return false;
}

bool branch_matches(const Branch& branch, const EventDocument& doc, MatchScratch& scratch) {
    std::size_t n = branch.constraints.size();
    if (scratch.candidates.size() < n) {
        scratch.candidates.resize(n);
    }
    for (std::size_t k = 0; k < n; ++k) {
        const Constraint& c = branch.constraints[k];
        auto& list = scratch.candidates[k];
        list.clear();
        if (c.has_value_exprs) {
            for (std::uint32_t i : doc.values_at(c.slot)) {
                if (leaf_accepts(*c.leaf, doc.value(i))) {
                    list.push_back(i);
                }
            }
        }
        if (list.empty() && !c.absent_ok) {
            return false;
        }
    }
    return search_branch(branch, doc, scratch);
}

bool search_branch(const Branch& branch, const EventDocument& doc, MatchScratch& scratch) {
    scratch.membership.clear();
    return search(branch, 0, doc, scratch);
}

Result<bool> matches(const EventPattern& pattern, std::string_view event_json, EventDocument& doc) {
    TRIPLINE_TRY(doc.load(event_json, pattern.paths()));
    MatchScratch scratch;
    for (const Branch& branch : pattern.branches()) {
        if (branch_matches(branch, doc, scratch)) {
            return true;
        }
    }
    return false;
}

Result<bool> matches(const EventPattern& pattern, std::string_view event_json) {
    EventDocument doc;
    return matches(pattern, event_json, doc);
}

}  // namespace tripline::pattern
