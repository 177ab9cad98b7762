// GeoIpTable: where an IP address is and who announces it, for a finding's remoteIpDetails
// (country, city, geoLocation, organization). Loaded from a CSV export whose header names the
// columns, in any order:
//
//   network,country_code,country,city,lat,lon,asn,as_org
//   192.0.2.0/24,NL,Netherlands,Amsterdam,52.37,4.89,64496,"Example Transit, B.V."
//
// `network` (an address or CIDR) is required; every other column is optional, and so is every
// other field (empty = unknown; nothing is ever made up). Unknown columns are ignored. Fields may
// be quoted with double quotes ("" inside quotes is one quote); a quoted field ends on its line.
// Blank lines and lines starting with '#' are skipped; a UTF-8 byte order mark is skipped. lat and
// lon are decimal degrees (-90..90, -180..180); an asn given as "AS64496" is stored as "64496".
// Networks may nest: lookup() answers with the most specific (longest-prefix) one; when the same
// network appears twice, the first row wins.
//
// Ownership: a plain value type (copyable, movable) that owns its rows.
// Thread-safety: lookup() and the other const members may run concurrently.
// Errors (parse_geoip_csv): "<source>:<line>:<column>: <problem> '<text>'" — Errc::kInvalidArgument
// for a bad network, coordinate, quoting or field count, or a header without `network`;
// Errc::kLimitExceeded for input over kMaxGeoIpBytes or a line over kMaxGeoIpLineLength.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "detect/intel/ip_range_set.h"

namespace tripline::detect {

inline constexpr std::size_t kMaxGeoIpBytes = std::size_t{64} << 20;  // 64 MiB
inline constexpr std::size_t kMaxGeoIpLineLength = 4096;

struct GeoInfo {
    std::string country_code;  // ISO 3166-1 alpha-2, e.g. "NL"
    std::string country;       // "Netherlands"
    std::string city;          // "Amsterdam"
    std::optional<double> lat;
    std::optional<double> lon;
    std::string asn;     // digits, e.g. "64496"
    std::string as_org;  // "Example Transit, B.V."

    bool operator==(const GeoInfo&) const = default;
};

class GeoIpTable {
public:
    // Adds a row for `network`; a network already present keeps its first row.
    void add(const IpNetwork& network, GeoInfo info);
    // Sorts what was added out of order (parse_geoip_csv does it); until then lookups still
    // answer correctly, only slower.
    void finalize();

    // The row of the most specific network containing `ip`; nullopt when none does or `ip` is
    // not an IP address.
    std::optional<GeoInfo> lookup(std::string_view ip) const;
    const GeoInfo* find(const Ip128& address) const;

    std::size_t size() const { return rows_.size(); }  // rows added
    bool empty() const { return rows_.empty(); }

private:
    struct Entry {
        Ip128 network;
        std::uint32_t row = 0;
    };
    // All networks of one prefix length, sorted by network address.
    struct Level {
        int prefix_length = 0;
        std::vector<Entry> entries;
        bool sorted = true;  // by network, without duplicates
    };

    std::vector<GeoInfo> rows_;
    std::vector<Level> levels_;  // longest prefix first
};

// Parses a whole CSV document (header line first). `source_name` only labels errors.
Result<GeoIpTable> parse_geoip_csv(std::string_view text, std::string_view source_name);

}  // namespace tripline::detect
