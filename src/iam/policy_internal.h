// Internals of the IAM policy engine shared by the parser (policy_document.cpp), the evaluator
// (policy_evaluator.cpp) and the condition operators (policy_conditions.cpp): wildcard patterns
// whose characters can be marked literal, policy-variable expansion, context-key lookup and the
// condition operator table. Not part of the module's interface.
// Thread-safety: pure functions over plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/policy.h"

namespace tripline::iam::detail {

// A wildcard pattern after policy-variable expansion: characters that came from a substituted
// value or from the ${*} / ${?} / ${$} escapes are literal, so "${*}" matches only "*".
struct MatchPattern {
    std::string text;
    std::vector<bool> literal;  // same length as text

    void append(std::string_view s, bool is_literal) {
        text.append(s);
        literal.insert(literal.end(), s.size(), is_literal);
    }
};

bool pattern_match(const MatchPattern& pattern, std::string_view text, bool ignore_case);

// Expands ${key}, ${key, 'default'} and the ${*} ${?} ${$} escapes from the request's context
// keys. Without `variables` (policy Version 2008-10-17) the value is taken literally, as AWS does.
// nullopt when a variable has no value and no default: such a value matches nothing.
std::optional<MatchPattern> expand_variables(std::string_view value,
                                             const RequestContext& request,
                                             bool variables);

// The values of a context key (case-insensitive), or nullptr when the request lacks it.
const std::vector<std::string>* find_context_key(const RequestContext& request,
                                                 std::string_view key);

bool iequals(std::string_view a, std::string_view b);

// Condition operator names without the set prefix and the IfExists suffix.
bool is_condition_operator(std::string_view op);
// Splits "ForAnyValue:StringLikeIfExists" into a PolicyCondition's op / set / if_exists; false
// when the operator is unknown.
bool decompose_condition_operator(std::string_view full, PolicyCondition& out);

bool condition_matches(const PolicyCondition& condition,
                       const RequestContext& request,
                       bool variables);

}  // namespace tripline::iam::detail
