// The plain-text IP list format of GuardDuty's ThreatIntelSets and IPSets ("TXT"), also used for
// Tripline's Tor exit list: one IPv4 or IPv6 address or CIDR per line.
//
//   list    = { line "\n" } [ line ] ;
//   line    = ws ( entry | "#" { any } | "" ) ws ;   (ws: spaces, tabs, a trailing CR)
//   entry   = address [ "/" prefix-length ] ;       (a CIDR with host bits set means its network)
//
// A UTF-8 byte order mark at the start is skipped. Nothing may follow an entry on its line.
//
// Ownership: pure functions; the returned set owns its data and does not borrow `text`.
// Thread-safety: reentrant.
// Errors name the source and line, "<source>:<line>: <problem> '<text>'":
//   Errc::kInvalidArgument  a line that is not an address or CIDR;
//   Errc::kLimitExceeded    a line longer than kMaxIpListLineLength bytes, or more than
//                           `max_entries` entries (the message names the limit).
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.h"
#include "detect/intel/ip_range_set.h"

namespace tripline::detect {

inline constexpr std::size_t kMaxIpListLineLength = 256;

// Parses a whole list; the result is finalized. `source_name` (a file name, a list name) only
// labels errors.
Result<IpRangeSet> parse_ip_list(std::string_view text,
                                 std::string_view source_name,
                                 std::size_t max_entries);

}  // namespace tripline::detect
