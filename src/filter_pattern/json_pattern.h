// JSON filter patterns: `{ expr }` where expr combines conditions on selectors with `&&`, `||` and
// parentheses, `&&` binding tighter than `||` (AWS's documented example: `A || B && C` is
// `A || (B && C)`). Conditions: `selector op value` (comparison.h), `selector IS NULL|TRUE|FALSE`,
// `selector NOT EXISTS`.
//
// Matching [inferred where marked in the spec]: only a message that is one JSON object can match
// (NOT EXISTS included); a selector matches when some element it reaches satisfies the condition
// (a wildcard is existential); elements that are objects or arrays satisfy no comparison, `!=`
// included; a comparison on an absent field is false, `!=` included (which CIS 4.2 relies on).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "filter_pattern/comparison.h"
#include "filter_pattern/filter_pattern.h"
#include "filter_pattern/selector.h"

namespace tripline::filter_pattern::detail {

struct JsonCondition {
    enum class Test { kCompare, kIsNull, kIsTrue, kIsFalse, kNotExists };
    Selector selector;
    Test test = Test::kCompare;
    Comparison comparison;
};

struct JsonNode {
    // kAnyOf: `sel = "a" || sel = "b" || ...` on one selector, merged after parsing (the CIS
    // patterns are mostly such lists) so that the selector is resolved once, not once per value.
    enum class Kind { kAnd, kOr, kCondition, kAnyOf };
    Kind kind = Kind::kCondition;
    std::vector<JsonNode> children;   // kAnd, kOr: two or more
    JsonCondition condition;          // kCondition; kAnyOf: the selector
    std::vector<std::string> any_of;  // kAnyOf: the exact values
};

struct JsonPattern {
    JsonNode root;
    int regexes = 0;
};

// Parses a whole pattern whose first non-blank character is '{'.
Result<JsonPattern> parse_json_pattern(std::string_view text);

bool json_matches(const JsonPattern& pattern, const LogMessage& message);

// The scalar a selector ("$.a.b") reaches first in the message, as extract() reports it.
std::optional<std::string> json_extract(const Selector& selector, const LogMessage& message);

}  // namespace tripline::filter_pattern::detail
