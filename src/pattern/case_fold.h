// Case-insensitive comparison for `equals-ignore-case` and its prefix/suffix/anything-but forms,
// following event-ruler (spec §5): for each character c of the *pattern* the event must have, at
// that point, either lower(c) or upper(c), Java's locale-independent full case mappings of the
// one-character string (so pattern "maße" matches "MASSE" but "MASSE" does not match "maße"). The
// event text is not transformed. Characters outside the BMP compare literally (Tripline's choice,
// spec §6 item 9). Pure; thread-safe. Strings are UTF-8.
#pragma once

#include <string_view>

namespace tripline::pattern {

bool equals_ignore_case(std::string_view pattern, std::string_view value);
bool starts_with_ignore_case(std::string_view value, std::string_view pattern_prefix);
bool ends_with_ignore_case(std::string_view value, std::string_view pattern_suffix);

}  // namespace tripline::pattern
