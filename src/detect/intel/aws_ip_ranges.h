// AWS's published address ranges (https://ip-ranges.amazonaws.com/ip-ranges.json) as an
// IpRangeSet, so that detection can tell an AWS address (InsideAWS) from any other (OutsideAWS).
// The format:
//
//   {"syncToken": "...", "createDate": "...",
//    "prefixes":      [{"ip_prefix": "3.5.140.0/22", "region": "ap-northeast-2",
//                       "service": "AMAZON", "network_border_group": "ap-northeast-2"}, ...],
//    "ipv6_prefixes": [{"ipv6_prefix": "2600:1f00::/24", ...}, ...]}
//
// Every prefix counts, whatever its service or region; other members are ignored. At least one of
// "prefixes" and "ipv6_prefixes" must be present.
//
// Ownership: pure function; the returned set owns its data. Thread-safety: reentrant.
// Errors name the source and the element, "<source>: prefixes[3].ip_prefix: <problem>":
//   Errc::kInvalidArgument  invalid JSON, a missing or malformed prefix, an IPv6 prefix under
//                           "prefixes" or an IPv4 one under "ipv6_prefixes";
//   Errc::kLimitExceeded    a document over kMaxAwsIpRangesBytes or nested too deeply.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.h"
#include "detect/intel/ip_range_set.h"

namespace tripline::detect {

inline constexpr std::size_t kMaxAwsIpRangesBytes = std::size_t{64} << 20;  // 64 MiB

// Parses a whole ip-ranges.json document; the result is finalized.
Result<IpRangeSet> parse_aws_ip_ranges(std::string_view json, std::string_view source_name);

}  // namespace tripline::detect
