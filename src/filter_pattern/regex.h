// `%regex%` in filter patterns (a whole pattern, or a value in JSON and space-delimited patterns).
// AWS documents a restricted dialect: letters, digits, space and `: _ # = @ / ; , -` as literals;
// the operators `^ $ ? [ ] { } | \ * + .`; the classes \d \D \s \S \w \W and \xhh; `{m,n}` with
// either bound optional; no groups `( )` and no multi-byte characters. We validate against exactly
// that set (so a pattern Tripline accepts is one AWS documents) and run RE2 — linear time, so a
// hostile pattern cannot stall matching — as an unanchored search, case-sensitively.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string_view>

#include "base/result.h"
#include "filter_pattern/syntax.h"

namespace tripline::filter_pattern::detail {

using Regex = std::shared_ptr<const re2::RE2>;

// Parses the regex that starts at cursor.pos (on the opening '%') and ends at the next '%'; leaves
// the cursor after the closing '%'.
Result<Regex> parse_regex(Cursor& cursor);

// Unanchored search.
inline bool regex_search(const re2::RE2& regex, std::string_view text) {
    return re2::RE2::PartialMatch(text, regex);
}

}  // namespace tripline::filter_pattern::detail
