// Durations written in config files and on the command line: a whole number and a unit, "90s",
// "30m", "72h", "7d", or "0". Pure.
#pragma once

#include <chrono>
#include <string_view>

#include "base/result.h"

namespace tripline {

// kInvalidArgument, naming `what` (e.g. "learning period"), for anything else or more than 10
// years.
Result<std::chrono::seconds> parse_duration_text(std::string_view text, std::string_view what);

}  // namespace tripline
