// ThreatIntel: every threat-intelligence list the detectors consult, loaded from one intel
// directory (docs/threat-intel.md is the contract). Files, all optional:
//
//   tor_exit_nodes.txt   Tor exit addresses (TXT format)              → TorIPCaller findings
//   threat_<name>.txt    a ThreatIntelSet named <name>                → MaliciousIPCaller.Custom
//   trusted_<name>.txt   a trusted IPSet named <name>                 → never a finding
//   aws_ip_ranges.json   AWS's ip-ranges.json                         → InsideAWS / OutsideAWS
//   geoip.csv            network,country_code,country,city,lat,lon,asn,as_org → remoteIpDetails
//
// Other files are ignored. Nothing is ever downloaded. Limits (GuardDuty's documented ones for
// the lists): a threat list at most 250,000 entries, a trusted list at most 2,000, any file at
// most 64 MiB. Lists are kept in name order, so "the first list containing an address" is stable.
//
// Ownership: a plain value type (movable and copyable) owning all its lists; the service holds it
// as a shared_ptr<const ThreatIntel> snapshot and swaps in a modified copy.
// Thread-safety: const members may run concurrently; the mutators need exclusive access.
// Errors: load_directory returns the first problem: Errc::kNotFound for a missing directory,
// Errc::kIo for an unreadable file, the parsers' errors (naming the file and line) otherwise.
// add_threat_list/add_trusted_list: Errc::kInvalidArgument for a bad name or line,
// Errc::kLimitExceeded past the entry limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "detect/intel/geoip_table.h"
#include "detect/intel/ip_range_set.h"

namespace tripline::detect {

struct NamedIpList {
    std::string name;  // "botnet" for threat_botnet.txt
    IpRangeSet ranges;
};

class ThreatIntel {
public:
    static constexpr std::size_t kMaxThreatListEntries = 250'000;
    static constexpr std::size_t kMaxTrustedListEntries = 2'000;
    static constexpr std::size_t kMaxTorExitEntries = kMaxThreatListEntries;
    static constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{64} << 20;  // 64 MiB
    static constexpr std::size_t kMaxListNameLength = 300;                     // as GuardDuty

    static Result<ThreatIntel> load_directory(const std::filesystem::path& dir);

    // Queries; `ip` is an IPv4 or IPv6 address; anything else (a hostname, "AWS Internal") matches
    // nothing.
    bool is_tor_exit(std::string_view ip) const;
    // The name of the first threat list (in name order) containing `ip`, or nullptr. The pointer
    // stays valid until this object is modified or destroyed.
    const std::string* threat_list_for(std::string_view ip) const;
    bool is_trusted(std::string_view ip) const;
    bool is_aws_ip(std::string_view ip) const;
    bool has_aws_ranges() const { return has_aws_ranges_; }
    std::optional<GeoInfo> geo(std::string_view ip) const;

    // Mutators (the GuardDuty API's ThreatIntelSets and IPSets). `text` is a TXT list; a list of
    // the same name is replaced. Names: 1 to 300 characters.
    Status add_threat_list(std::string name, std::string_view text);
    Status add_trusted_list(std::string name, std::string_view text);
    // Removes the threat list and the trusted list of that name (if any).
    void remove_list(std::string_view name);
    void set_tor_exits(IpRangeSet exits);
    void set_aws_ranges(IpRangeSet ranges);
    void set_geoip(GeoIpTable table);

    // What is loaded, for status pages and logs.
    const std::vector<NamedIpList>& threat_lists() const { return threat_lists_; }
    const std::vector<NamedIpList>& trusted_lists() const { return trusted_lists_; }
    const IpRangeSet& tor_exits() const { return tor_exits_; }
    const IpRangeSet& aws_ranges() const { return aws_ranges_; }
    const GeoIpTable& geoip() const { return geoip_; }

private:
    IpRangeSet tor_exits_;
    std::vector<NamedIpList> threat_lists_;   // sorted by name
    std::vector<NamedIpList> trusted_lists_;  // sorted by name
    IpRangeSet aws_ranges_;
    bool has_aws_ranges_ = false;
    GeoIpTable geoip_;
};

}  // namespace tripline::detect
