// The timestamps SigV4 reads: X-Amz-Date's ISO 8601 basic form "20261127T101122Z", the HTTP Date
// header's RFC 1123 form "Fri, 27 Nov 2026 10:11:22 GMT" (used when X-Amz-Date is absent), and the
// credential scope's "20261127".
// Thread-safety: pure functions. Errors: malformed or impossible dates yield std::nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace tripline::api::auth {

// Years are limited to 1970..2200 (TimePoint's nanosecond range ends in 2262).
// Exactly "YYYYMMDDTHHMMSSZ" with a valid calendar date and time (no leap second).
std::optional<TimePoint> parse_amz_date(std::string_view text);
// Exactly "Www, DD Mon YYYY HH:MM:SS GMT" (RFC 1123, the form HTTP and botocore send).
std::optional<TimePoint> parse_http_date(std::string_view text);
// Exactly "YYYYMMDD", a valid calendar date.
bool is_scope_date(std::string_view text);
// The ISO 8601 basic form "YYYYMMDDTHHMMSSZ" (seconds truncated).
std::string format_amz_date(TimePoint t);

}  // namespace tripline::api::auth
