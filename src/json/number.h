// Canonical JSON numbers. EventBridge compares numbers by value (300, 300.0 and 3.0e2 are the same
// number), so every module that compares, hashes or prints a JSON number goes through here:
// parse_number() reads the strict JSON grammar into a double, format_number() prints the shortest
// text that reads back to the same double, and canonical_number() combines both ("3.0e2" -> "300").
//
// Thread-safety: all functions are pure and thread-safe.
// Errors: parse_number()/canonical_number() return Errc::kInvalidArgument for text that is not a
// JSON number ("invalid JSON number '1.'") or whose magnitude does not fit a double ("JSON number
// '1e999' out of range"); values too small for a double read as ±0.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::json {

// Shortest round-trip text (std::to_chars): 300.0 -> "300", 4.5 -> "4.5", 1e21 -> "1e+21",
// -0.0 -> "0" (equal by value). JSON has no NaN or infinity: those print as "null".
std::string format_number(double value);
// Appends format_number(value) to `out` without a temporary string.
void append_number(std::string& out, double value);

// Strict JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, nothing else
// (no leading '+', no spaces, no hex, no "NaN").
Result<double> parse_number(std::string_view text);

// True when `text` matches the JSON number grammar (whatever its magnitude).
bool is_json_number(std::string_view text);

// format_number(parse_number(text)): the same text for every spelling of the same value.
Result<std::string> canonical_number(std::string_view text);

// The value of a numeric element (int64, uint64 or double) as a double; nullopt for other types.
// Integers beyond 2^53 lose precision, as they do in EventBridge's comparisons.
std::optional<double> number_value(simdjson::dom::element element);

}  // namespace tripline::json
