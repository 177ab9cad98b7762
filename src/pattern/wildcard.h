// The `wildcard` operator (spec §2.8): `*` matches any run of characters (also none), `\*` is a
// literal star, `\\` a literal backslash; any other escape, a trailing `\`, and `**` are invalid.
// Matching is case-sensitive, on strings only. Also the engine's complexity measure, which rejects
// rules whose wildcards keep too many matcher states active at once. Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::pattern {

struct Wildcard {
    std::string text;  // the operand as written
    std::vector<std::string>
        parts;  // literal runs between unescaped stars (stars = parts.size() - 1)

    bool has_star() const { return parts.size() > 1; }
};

// Parses a wildcard operand; on failure returns nullopt with `error` set to "Consecutive wildcard
// characters at pos N" or "Invalid escape character at pos N" (N counts UTF-16 units from 0).
std::optional<Wildcard> parse_wildcard(std::string_view text, std::string& error);

bool wildcard_matches(const Wildcard& pattern, std::string_view value);

// The largest number of wildcard-NFA states that one input can keep active at once, over the union
// of `patterns` (all wildcard values of one field), counting each pattern's states separately and
// not its start state. Stops early and returns a value > `limit` as soon as one is found (or when
// the subset search grows too large to finish).
int wildcard_complexity(std::span<const Wildcard* const> patterns, int limit);

inline constexpr int kMaxWildcardComplexity = 10;
inline constexpr const char* kRuleTooComplex =
    "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
    "sequences after a wildcard character";

}  // namespace tripline::pattern
