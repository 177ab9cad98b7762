// Space-delimited patterns: `[ip, user, ..., status_code = 4*, bytes > 1000]`. The message is split
// on spaces, a "[...]" or "\"...\"" run being one field whose value excludes the brackets/quotes.
// Pattern fields match message fields in order; `...` stands for any number of fields (zero
// included). Each field may carry conditions on itself (`status_code = 404 || status_code = 410`,
// `w1 != ERROR && w1 != WARN`; `&&` binds tighter; a condition naming another field is rejected).
//
// Field count [inferred, the spec's preference]: without `...`, the message needs at least as many
// fields as the pattern and the last pattern field takes the rest of the line (raw text from its
// first character); with `...`, the count is exact around the ellipses.
//
// Extracted values are "$name" -> value in pattern order; an unnamed field (a bare condition such
// as `= ERROR`) is "$N", N its 1-based position among the pattern's non-`...` fields. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "filter_pattern/comparison.h"
#include "filter_pattern/filter_pattern.h"

namespace tripline::filter_pattern::detail {

// Messages are split into at most this many fields; the last one then holds the rest of the line.
inline constexpr std::size_t kMaxMessageFields = 65536;

struct SpaceField {
    bool ellipsis = false;
    std::string key;                              // "$ip", or "$3" for an unnamed field
    std::vector<std::vector<Comparison>> any_of;  // OR of ANDs; empty: no condition
};

struct SpaceDelimitedPattern {
    std::vector<SpaceField> fields;
    bool has_ellipsis = false;
    int regexes = 0;
};

// Parses a whole pattern whose first non-blank character is '['.
Result<SpaceDelimitedPattern> parse_space_delimited(std::string_view text);

// Matches; when `values` is not null, fills it with the extracted values of a match.
bool space_delimited_match(const SpaceDelimitedPattern& pattern,
                           const LogMessage& message,
                           ExtractedValues* values);

void split_fields(std::string_view text, std::vector<MessageField>& out);

}  // namespace tripline::filter_pattern::detail
