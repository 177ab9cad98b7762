// IpRangeSet: a set of IPv4 and IPv6 addresses and CIDR ranges, the building block of every
// threat-intelligence list (Tor exits, ThreatIntelSets, trusted IPSets, AWS's own ranges).
//
// Every address is a 128-bit value: IPv6 as is, IPv4 mapped into ::ffff:0:0/96, so that an
// IPv4-mapped IPv6 address ("::ffff:192.0.2.1") matches an IPv4 entry ("192.0.2.0/24") and the
// other way round. A CIDR with host bits set ("10.1.2.3/8") means its network ("10.0.0.0/8"), as
// AWS reads it. The set keeps sorted, merged, inclusive intervals and answers contains() by binary
// search.
//
// Loading: add() appends; while entries arrive in ascending order (the usual case for published
// lists) the intervals stay sorted and merged as they go. An out-of-order entry marks the set
// unsorted: contains() is still correct (a linear scan) until finalize() sorts and merges. The
// parsers in this directory always return finalized sets.
//
// Ownership: a plain value type (copyable, movable); it owns its intervals.
// Thread-safety: const members (contains, size, ...) may run concurrently; add() and finalize()
// need exclusive access, as for any standard container.
// Errors: add() returns Errc::kInvalidArgument naming the text ("invalid IP address or CIDR
// 'x'", "invalid prefix length in 'x'"). contains() never fails: text that is not an IP address
// (a hostname such as "cloudtrail.amazonaws.com", "AWS Internal") is simply not in the set.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::detect {

// An IP address as a 128-bit number (IPv4 mapped into ::ffff:0:0/96).
struct Ip128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;

    auto operator<=>(const Ip128&) const = default;
};

// A network: its first address and its prefix length counted in the 128-bit space (an IPv4 /24
// is 96 + 24 = 120).
struct IpNetwork {
    Ip128 first;
    int prefix_length = 128;

    Ip128 last() const;  // the last address of the network
};

// Parses one IPv4 or IPv6 address (no brackets, zone or prefix). Nullopt when it is not one.
std::optional<Ip128> parse_ip_address(std::string_view text);

// Parses an address ("192.0.2.1", "2001:db8::1") or a CIDR ("192.0.2.0/24", "2001:db8::/32").
// A CIDR's host bits are cleared. Errc::kInvalidArgument naming the text otherwise.
Result<IpNetwork> parse_ip_network(std::string_view text);

// The bits of an address that lie outside a prefix of `prefix_length` (0..128).
Ip128 host_mask(int prefix_length);

// `text` in single quotes for an error message: at most 64 bytes (then "..."), control and
// non-ASCII bytes shown as '?', so that a message stays printable whatever a list file holds.
std::string quoted_snippet(std::string_view text);

class IpRangeSet {
public:
    // Adds one address or CIDR (see parse_ip_network).
    Status add(std::string_view ip_or_cidr);
    void add(const IpNetwork& network);

    // Sorts and merges the intervals after out-of-order adds; cheap when already sorted.
    void finalize();

    // Whether `ip` (an IPv4 or IPv6 address) is in the set; false for anything unparsable.
    bool contains(std::string_view ip) const;
    bool contains(const Ip128& address) const;

    // The number of entries added (addresses and CIDRs, duplicates included).
    std::size_t size() const { return entries_; }
    bool empty() const { return entries_ == 0; }
    // The number of disjoint intervals the entries were merged into (after finalize()).
    std::size_t interval_count() const { return intervals_.size(); }

private:
    struct Interval {
        Ip128 first;
        Ip128 last;  // inclusive
    };

    std::vector<Interval> intervals_;
    std::size_t entries_ = 0;
    bool sorted_ = true;  // intervals_ sorted by first, disjoint and not adjacent
};

}  // namespace tripline::detect
