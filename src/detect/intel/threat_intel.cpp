#include "detect/intel/threat_intel.h"

#include <algorithm>
#include <fstream>
#include <system_error>
#include <utility>

#include "detect/intel/aws_ip_ranges.h"
#include "detect/intel/ip_list_parser.h"

namespace tripline::detect {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTorFile = "tor_exit_nodes.txt";
constexpr std::string_view kAwsFile = "aws_ip_ranges.json";
constexpr std::string_view kGeoIpFile = "geoip.csv";
constexpr std::string_view kThreatPrefix = "threat_";
constexpr std::string_view kTrustedPrefix = "trusted_";
constexpr std::string_view kListSuffix = ".txt";

// Reads a whole file of at most `max_bytes` (checked while reading, so a file growing under us
// cannot pass the limit).
Result<std::string> read_bounded(const fs::path& path, std::uintmax_t max_bytes) {
    auto too_large = [&] {
        return make_error(Errc::kLimitExceeded,
                          path.string() + ": the file is larger than " +
                              std::to_string(max_bytes >> 20) + " MiB");
    };
    std::error_code ec;
    if (auto size = fs::file_size(path, ec); !ec && size > max_bytes) {
        return too_large();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(Errc::kIo, path.string() + ": cannot open the file");
    }
    std::string content;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        content.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (content.size() > max_bytes) {
            return too_large();
        }
    }
    if (in.bad()) {
        return make_error(Errc::kIo, path.string() + ": cannot read the file");
    }
    return content;
}

Status check_name(std::string_view name, std::string_view kind) {
    if (name.empty() || name.size() > ThreatIntel::kMaxListNameLength) {
        return make_error(Errc::kInvalidArgument,
                          std::string(kind) + " list name must be 1 to " +
                              std::to_string(ThreatIntel::kMaxListNameLength) +
                              " characters, not " + quoted_snippet(name));
    }
    return ok_status();
}

// Adds or replaces `list` in `lists`, kept sorted by name.
void put_list(std::vector<NamedIpList>& lists, NamedIpList list) {
    auto it = std::lower_bound(
        lists.begin(), lists.end(), list.name, [](const NamedIpList& l, const std::string& n) {
            return l.name < n;
        });
    if (it != lists.end() && it->name == list.name) {
        *it = std::move(list);
    } else {
        lists.insert(it, std::move(list));
    }
}

bool in_any(const std::vector<NamedIpList>& lists, const Ip128& address) {
    return std::any_of(lists.begin(), lists.end(), [&](const NamedIpList& l) {
        return l.ranges.contains(address);
    });
}

}  // namespace

Result<ThreatIntel> ThreatIntel::load_directory(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return make_error(fs::exists(dir, ec) ? Errc::kInvalidArgument : Errc::kNotFound,
                          "intel directory " + dir.string() +
                              (fs::exists(dir, ec) ? " is not a directory" : " does not exist"));
    }
    std::vector<std::string> names;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) {
            names.push_back(it->path().filename().string());
        }
    }
    if (ec) {
        return make_error(Errc::kIo, "intel directory " + dir.string() + ": " + ec.message());
    }
    std::sort(names.begin(), names.end());

    ThreatIntel intel;
    for (const std::string& name : names) {
        const fs::path path = dir / name;
        const std::string_view n = name;
        const bool is_list = n.size() > kListSuffix.size() && n.ends_with(kListSuffix);
        const std::string_view stem = n.substr(0, n.size() - kListSuffix.size());
        if (n == kTorFile) {
            TRIPLINE_ASSIGN_OR_RETURN(std::string text, read_bounded(path, kMaxFileBytes));
            TRIPLINE_ASSIGN_OR_RETURN(intel.tor_exits_,
                                      parse_ip_list(text, path.string(), kMaxTorExitEntries));
        } else if (n == kAwsFile) {
            TRIPLINE_ASSIGN_OR_RETURN(std::string text, read_bounded(path, kMaxFileBytes));
            TRIPLINE_ASSIGN_OR_RETURN(intel.aws_ranges_, parse_aws_ip_ranges(text, path.string()));
            intel.has_aws_ranges_ = true;
        } else if (n == kGeoIpFile) {
            TRIPLINE_ASSIGN_OR_RETURN(std::string text, read_bounded(path, kMaxFileBytes));
            TRIPLINE_ASSIGN_OR_RETURN(intel.geoip_, parse_geoip_csv(text, path.string()));
        } else if (is_list &&
                   (stem.starts_with(kThreatPrefix) || stem.starts_with(kTrustedPrefix))) {
            const bool threat = stem.starts_with(kThreatPrefix);
            std::string list_name(
                stem.substr(threat ? kThreatPrefix.size() : kTrustedPrefix.size()));
            TRIPLINE_TRY(
                check_name(list_name, path.string() + ": " + (threat ? "threat" : "trusted")));
            TRIPLINE_ASSIGN_OR_RETURN(std::string text, read_bounded(path, kMaxFileBytes));
            TRIPLINE_ASSIGN_OR_RETURN(
                IpRangeSet ranges,
                parse_ip_list(
                    text, path.string(), threat ? kMaxThreatListEntries : kMaxTrustedListEntries));
            put_list(threat ? intel.threat_lists_ : intel.trusted_lists_,
                     NamedIpList{std::move(list_name), std::move(ranges)});
        }
    }
    return intel;
}

bool ThreatIntel::is_tor_exit(std::string_view ip) const { return tor_exits_.contains(ip); }

const std::string* ThreatIntel::threat_list_for(std::string_view ip) const {
    auto address = parse_ip_address(ip);
    if (!address) {
        return nullptr;
    }
    for (const NamedIpList& list : threat_lists_) {
        if (list.ranges.contains(*address)) {
            return &list.name;
        }
    }
    return nullptr;
}

bool ThreatIntel::is_trusted(std::string_view ip) const {
    auto address = parse_ip_address(ip);
    return address && in_any(trusted_lists_, *address);
}

bool ThreatIntel::is_aws_ip(std::string_view ip) const { return aws_ranges_.contains(ip); }

std::optional<GeoInfo> ThreatIntel::geo(std::string_view ip) const { return geoip_.lookup(ip); }

Status ThreatIntel::add_threat_list(std::string name, std::string_view text) {
    TRIPLINE_TRY(check_name(name, "threat"));
    TRIPLINE_ASSIGN_OR_RETURN(IpRangeSet ranges, parse_ip_list(text, name, kMaxThreatListEntries));
    put_list(threat_lists_, NamedIpList{std::move(name), std::move(ranges)});
    return ok_status();
}

Status ThreatIntel::add_trusted_list(std::string name, std::string_view text) {
    TRIPLINE_TRY(check_name(name, "trusted"));
    TRIPLINE_ASSIGN_OR_RETURN(IpRangeSet ranges, parse_ip_list(text, name, kMaxTrustedListEntries));
    put_list(trusted_lists_, NamedIpList{std::move(name), std::move(ranges)});
    return ok_status();
}

void ThreatIntel::remove_list(std::string_view name) {
    for (auto* lists : {&threat_lists_, &trusted_lists_}) {
        std::erase_if(*lists, [&](const NamedIpList& l) { return l.name == name; });
    }
}

void ThreatIntel::set_tor_exits(IpRangeSet exits) {
    exits.finalize();
    tor_exits_ = std::move(exits);
}

void ThreatIntel::set_aws_ranges(IpRangeSet ranges) {
    ranges.finalize();
    aws_ranges_ = std::move(ranges);
    has_aws_ranges_ = true;
}

void ThreatIntel::set_geoip(GeoIpTable table) {
    table.finalize();
    geoip_ = std::move(table);
}

}  // namespace tripline::detect
