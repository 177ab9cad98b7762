#include "pattern/event_pattern.h"

#include <algorithm>
#include <map>
#include <string>

#include "base/text_position.h"
#include "pattern/pattern_parser.h"

namespace tripline::pattern {
namespace {

// One branch under construction: (path, leaf) in first-insertion order; a later assignment to the
// same path replaces the leaf.
using Assignment = std::vector<std::pair<std::string, const Leaf*>>;

void assign(Assignment& a, const std::string& path, const Leaf* leaf) {
    for (auto& [p, l] : a) {
        if (p == path) {
            l = leaf;
            return;
        }
    }
    a.emplace_back(path, leaf);
}

std::string join(const std::string& prefix, bool root, const std::string& key) {
    return root ? key : prefix + "." + key;
}

class Expander {
public:
    Status expand(const ObjectNode& object,
                  const std::string& prefix,
                  bool root,
                  std::vector<Assignment>& branches) {
        for (const FieldNode& field : object.fields) {
            switch (field.kind) {
                case FieldNode::Kind::kLeaf: {
                    std::string path = join(prefix, root, field.key);
                    for (Assignment& b : branches) {
                        assign(b, path, &field.leaf);
                    }
                    break;
                }
                case FieldNode::Kind::kObject:
                    TRIPLINE_TRY(
                        expand(field.object, join(prefix, root, field.key), false, branches));
                    break;
                case FieldNode::Kind::kOr: {
                    std::vector<Assignment> result;
                    for (const ObjectNode& alternative : field.alternatives) {
                        std::vector<Assignment> copy = branches;
                        TRIPLINE_TRY(expand(alternative, prefix, root, copy));
                        if (result.size() + copy.size() > kMaxOrBranches) {
                            return make_error(Errc::kInvalidArgument, "Rule is too complex");
                        }
                        result.insert(result.end(), copy.begin(), copy.end());
                    }
                    branches = std::move(result);
                    break;
                }
            }
        }
        return ok_status();
    }
};

int leaf_wildcard_complexity(const Leaf& leaf) {
    std::vector<const Wildcard*> wildcards;
    for (const MatchExpr& e : leaf.exprs) {
        if (e.kind == MatchKind::kWildcard || e.kind == MatchKind::kAnythingButWildcard) {
            for (const Wildcard& w : e.wildcards) {
                if (w.has_star()) {
                    wildcards.push_back(&w);
                }
            }
        }
    }
    if (wildcards.empty()) {
        return 0;
    }
    return wildcard_complexity(wildcards, kMaxWildcardComplexity);
}

// Appends the UTF-16 code units of the code point starting at s[i]; advances i.
void next_units(std::string_view s, std::size_t& i, std::uint16_t out[2], int& count) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    n = std::min(n, s.size() - i);
    std::uint32_t cp = n == 1 ? b : (b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07));
    for (std::size_t k = 1; k < n; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += n;
    if (cp >= 0x10000) {
        cp -= 0x10000;
        out[0] = static_cast<std::uint16_t>(0xD800 + (cp >> 10));
        out[1] = static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF));
        count = 2;
    } else {
        out[0] = static_cast<std::uint16_t>(cp);
        count = 1;
    }
}

}  // namespace

bool utf16_less(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    std::uint16_t ua[2];
    std::uint16_t ub[2];
    int na = 0;
    int nb = 0;
    int ia = 0;
    int ib = 0;
    while (true) {
        if (ia == na) {
            if (i >= a.size()) {
                na = 0;
            } else {
                next_units(a, i, ua, na);
            }
            ia = 0;
        }
        if (ib == nb) {
            if (j >= b.size()) {
                nb = 0;
            } else {
                next_units(b, j, ub, nb);
            }
            ib = 0;
        }
        if (na == 0 || nb == 0) {
            return na == 0 && nb != 0;
        }
        if (ua[ia] != ub[ib]) {
            return ua[ia] < ub[ib];
        }
        ++ia;
        ++ib;
    }
}

Result<EventPattern> compile_pattern(PatternAst ast) {
    EventPattern pattern;
    auto shared = std::make_shared<const PatternAst>(std::move(ast));
    std::vector<Assignment> assignments(1);
    Expander expander;
    if (Status s = expander.expand(shared->root, "", true, assignments); !s) {
        Error e = std::move(s).error();
        TextSpan span;
        span.begin = position_at(shared->text, 0);
        e.where = span;
        return e;
    }
    std::map<const Leaf*, bool> checked;
    for (const Assignment& a : assignments) {
        Branch branch;
        for (const auto& [path, leaf] : a) {
            if (checked.emplace(leaf, true).second &&
                leaf_wildcard_complexity(*leaf) > kMaxWildcardComplexity) {
                TextSpan span;
                span.begin = position_at(shared->text, leaf->offset);
                return make_error(Errc::kInvalidArgument, kRuleTooComplex, span);
            }
            Constraint c;
            c.slot = pattern.paths_.add(path);
            c.leaf = leaf;
            for (const MatchExpr& e : leaf->exprs) {
                if (e.kind == MatchKind::kExists && !e.exists) {
                    c.absent_ok = true;
                } else {
                    c.has_value_exprs = true;
                }
            }
            branch.constraints.push_back(c);
        }
        std::sort(branch.constraints.begin(),
                  branch.constraints.end(),
                  [&](const Constraint& x, const Constraint& y) {
                      return utf16_less(pattern.paths_.name(x.slot), pattern.paths_.name(y.slot));
                  });
        pattern.branches_.push_back(std::move(branch));
    }
    pattern.ast_ = std::move(shared);
    return pattern;
}

Result<EventPattern> parse_event_pattern(std::string_view text) {
    TRIPLINE_ASSIGN_OR_RETURN(PatternAst ast, parse_pattern(text));
    return compile_pattern(std::move(ast));
}

}  // namespace tripline::pattern
