// Numbers in patterns and events (spec §3). A JSON number literal is *comparable* when its exact
// decimal value equals the shortest round-trip decimal of its nearest double and that double is
// finite: `300`, `3.0e2`, `-0`, `0.30000000000000004` are; `0.10000000000000001`,
// `9007199254740993`, `1e309` are not. Comparable numbers compare by double value (so 300 = 3.0e2 =
// 30000e-2, -0 = 0); non-comparable ones only by identical spelling, and never match `numeric`.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace tripline::pattern {

struct JsonNumber {
    std::string text;         // the literal as written
    double value = 0;         // nearest double (0 when not comparable and out of range)
    bool comparable = false;  // see above
};

// True when `text` is exactly one JSON number literal (RFC 8259 grammar).
bool is_json_number(std::string_view text);

// Classifies a literal that is_json_number() accepts. -0 is normalised to +0.
void classify_number(std::string_view text, double& value, bool& comparable);

JsonNumber make_number(std::string_view text);

// §3 exact equality of two number literals (pattern value vs event value).
bool numbers_equal(double a_value,
                   bool a_comparable,
                   std::string_view a_text,
                   double b_value,
                   bool b_comparable,
                   std::string_view b_text);

}  // namespace tripline::pattern
