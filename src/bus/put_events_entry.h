// PutEvents entries (eventbridge-targets.md §7): the request's checks, each entry's checks, and the
// event an accepted entry becomes.
//
// Request (the whole call fails, kInvalidArgument/kLimitExceeded with AWS's wording): 1–10 entries;
// total size ≤ 256 KB, counted per entry as 14 bytes for Time (when set) plus the UTF-8 bytes of
// Source, DetailType, Detail and each Resources ARN; at least one entry with Source, DetailType and
// Detail. Entry (only that entry fails): a missing member (InvalidArgument, "Parameter Source is
// not valid. Reason: Source is a required argument."), a DetailType over 128 characters
// (InvalidArgument), a Source starting "aws." (NotAuthorizedForSourceException), a Detail that is
// not a JSON object, nests deeper than 1000 levels or holds an integer outside signed 64 bits
// (MalformedDetail).
//
// Pure functions; thread-safe (detail parsing uses a thread-local parser).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::bus {

inline constexpr std::size_t kMaxPutEventsEntries = 10;
inline constexpr std::size_t kMaxPutEventsRequestBytes = 256 * 1024;
inline constexpr std::size_t kMaxDetailTypeLength = 128;
inline constexpr std::size_t kMaxDetailDepth = 1000;

struct PutEventsEntry {
    std::optional<TimePoint> time;
    std::optional<std::string> source;
    std::optional<std::string> detail_type;
    std::optional<std::string> detail;
    std::vector<std::string> resources;
    std::optional<std::string> event_bus_name;  // name or ARN; absent: default
    std::optional<std::string> trace_header;
};

// Why an entry failed; the API names them (InvalidArgument, MalformedDetail, …).
enum class EntryErrorKind {
    kInvalidArgument,
    kMalformedDetail,
    kNotAuthorizedForSource,
    kBusNotFound,
    kInternalFailure,
};

struct EntryError {
    EntryErrorKind kind = EntryErrorKind::kInvalidArgument;
    std::string message;
};

struct EntryOutcome {
    std::string event_id;             // set when accepted
    std::optional<EntryError> error;  // set when not
};

struct PutEventsResult {
    std::vector<EntryOutcome> entries;  // in request order
    int failed_count = 0;
};

std::size_t put_events_entry_size(const PutEventsEntry& entry);
Status check_put_events_request(const std::vector<PutEventsEntry>& entries);
std::optional<EntryError> check_put_events_entry(const PutEventsEntry& entry);

// The event for an accepted entry (compact, AWS's key order; detail minified with numbers as
// written): version "0", the given id, account, region, time (the entry's or `now`).
std::string build_put_events_event(const PutEventsEntry& entry,
                                   std::string_view event_id,
                                   std::string_view account_id,
                                   std::string_view region,
                                   TimePoint now);

}  // namespace tripline::bus
