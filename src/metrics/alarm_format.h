// Text formats of CloudWatch alarm messages (spec cloudwatch.md §3-§4): numbers as Java prints a
// double (Double.toString: "2.0", "99.50160229693434", "1.0E7"), datapoint times in reason strings
// ("15/09/21 18:27:00", dd/MM/yy HH:mm:ss UTC), CloudWatch's millisecond timestamps
// ("2019-10-02T17:04:40.985+0000") and the e-mail's "Wednesday 15 September, 2021 18:32:31 UTC".
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "base/clock.h"

namespace tripline::metrics {

// Java's Double.toString (shortest round-trip digits): 1 -> "1.0", 0.5 -> "0.5", 1e7 -> "1.0E7",
// 1e-4 -> "1.0E-4", -0.0 -> "-0.0", NaN -> "NaN", infinities -> "Infinity" / "-Infinity".
std::string java_double(double value);
// "dd/MM/yy HH:mm:ss" in UTC.
std::string reason_time(TimePoint t);
// "yyyy-MM-dd'T'HH:mm:ss.SSS+0000" in UTC.
std::string cloudwatch_timestamp(TimePoint t);
// "%A %d %B, %Y %H:%M:%S UTC" (English names).
std::string email_timestamp(TimePoint t);

}  // namespace tripline::metrics
