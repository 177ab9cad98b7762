// Custom data identifiers (macie.md §6): validation of Macie's fields and regex dialect, matching
// (regex; a keyword that precedes the match, the end of the keyword to the end of the match within
// maximumMatchDistance, or a keyword in a context name; ignore words), severity levels, and
// TestCustomDataIdentifier.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "scan/scan_types.h"

namespace tripline::scan {

struct SeverityLevel {
    std::uint64_t occurrences_threshold = 1;
    Severity severity = Severity::kMedium;
};

struct CustomIdentifierSpec {
    std::string id;
    std::string arn;
    std::string name;
    std::string regex;
    std::vector<std::string> keywords;
    std::vector<std::string> ignore_words;
    int maximum_match_distance = 50;
    std::vector<SeverityLevel> severity_levels;
};

// Macie's limits and dialect (no backreferences, capturing groups, lookaround, conditionals,
// recursion, global flags, huge bounded repeats); kInvalidArgument with a message naming the field
// and the problem (and the regex offset when it is about the regex).
Status validate_custom_identifier(const CustomIdentifierSpec& spec);

// The severity of `count` matches: the level with the largest threshold <= count; nullopt when
// count is below the lowest threshold (no finding). Without levels: Medium for count >= 1.
std::optional<Severity> custom_severity(const CustomIdentifierSpec& spec, std::uint64_t count);

class CustomMatcher {
public:
    // Every spec must pass validate_custom_identifier().
    static Result<CustomMatcher> compile(std::vector<CustomIdentifierSpec> specs);

    CustomMatcher(CustomMatcher&&) noexcept;
    CustomMatcher& operator=(CustomMatcher&&) noexcept;
    ~CustomMatcher();

    // Appends matches (Kind::kCustom, index into specs()). `^`/`$` anchor to the value's ends.
    void scan(std::string_view value, const ValueContext& context, std::vector<Match>& out) const;
    const std::vector<CustomIdentifierSpec>& specs() const;

private:
    struct Impl;
    explicit CustomMatcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// TestCustomDataIdentifier: the number of matches in `sample_text` after the keyword and
// ignore-word rules (unstructured text).
Result<std::uint64_t> test_custom_identifier(const CustomIdentifierSpec& spec,
                                             std::string_view sample_text);

}  // namespace tripline::scan
