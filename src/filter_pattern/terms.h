// Term patterns (`ERROR`, `"INTERNAL SERVER ERROR"`, `ERROR -ARGUMENTS`, `?ERROR ?WARN`): each term
// is a case-sensitive substring of the raw message (`ERROR` matches `ERRORCODE`; JSON messages
// are searched as text). Plain terms must all occur, `-` terms must not, and `?` terms count only
// when the pattern has no plain term (then at least one must occur): AWS ignores `?` terms mixed
// with plain ones (`?ERROR ?ARGUMENTS REQUEST` means `REQUEST`). An unquoted term may contain only
// letters, digits and `_`; anything else must be quoted. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::filter_pattern::detail {

struct TermPattern {
    std::vector<std::string> required;
    std::vector<std::string> excluded;
    std::vector<std::string> optional;  // empty when `required` is not (ignored, see above)
};

Result<TermPattern> parse_terms(std::string_view text);

bool terms_match(const TermPattern& pattern, std::string_view message);

}  // namespace tripline::filter_pattern::detail
