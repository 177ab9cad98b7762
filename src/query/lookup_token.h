// LookupEvents' NextToken: an opaque cursor (hex text) holding the position after the last event
// of a page (its time and eventID, in the newest-first order) and a hash of the request's
// parameters, so a token is only accepted with the parameters it was issued for. Tokens hold no
// secrets and survive restarts; forging one only moves within what the same request may read.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "query/trail_store.h"

namespace tripline::query {

struct LookupCursor {
    std::int64_t time_micros = 0;  // tl_time of the last event returned
    std::string event_id;          // and its eventID (tie-break)
};

// Hash of everything in the query but next_token and max_results (a page size may change
// between pages, as the CLI's --page-size allows).
std::uint64_t lookup_parameters_hash(const LookupQuery& query);

std::string encode_lookup_token(std::uint64_t parameters_hash, const LookupCursor& cursor);
// kInvalidArgument "Invalid NextToken" when the token is malformed or was issued for other
// parameters.
Result<LookupCursor> decode_lookup_token(std::string_view token, std::uint64_t parameters_hash);

}  // namespace tripline::query
