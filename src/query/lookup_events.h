// LookupEvents over trail_records (cloudtrail.md §9): validation of the request, the keyset-paged
// query (newest first: tl_time DESC, eventid DESC) and the page with its NextToken.
//
// Thread-safety: uses the given connection; the caller serialises access to it.
// Errors: kInvalidArgument worded for the API's exceptions - "Invalid NextToken"
// (InvalidNextTokenException), "Invalid lookup attribute key: K" / "... not supported for
// Insights events" (InvalidLookupAttributesException), "MaxResults must be between 1 and 50"
// (InvalidMaxResultsException), "Invalid time range: StartTime is after EndTime"
// (InvalidTimeRangeException); DuckDB failures as in duck.h.
#pragma once

#include "base/clock.h"
#include "base/result.h"
#include "query/duck.h"
#include "query/trail_store.h"

namespace tripline::query {

inline constexpr std::chrono::hours kLookupHistory{24 * 90};

Result<LookupPage> lookup_events(duck::Connection& con, const LookupQuery& query, TimePoint now);

}  // namespace tripline::query
