#include "detect/intel/geoip_table.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

namespace tripline::detect {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

enum Column { kNetwork, kCountryCode, kCountry, kCity, kLat, kLon, kAsn, kAsOrg, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "network", "country_code", "country", "city", "lat", "lon", "asn", "as_org"};
constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Splits one CSV line into fields. On a quoting error returns false with `problem` set and the
// failing field's index in `bad_field`.
bool split_csv_line(std::string_view line,
                    std::vector<std::string>& fields,
                    std::string& problem,
                    std::size_t& bad_field) {
    fields.clear();
    std::size_t i = 0;
    while (true) {
        while (i < line.size() && is_blank(line[i])) {
            ++i;
        }
        std::string field;
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size()) {
                    problem = "unterminated quoted field";
                    bad_field = fields.size();
                    return false;
                }
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            while (i < line.size() && is_blank(line[i])) {
                ++i;
            }
            if (i < line.size() && line[i] != ',') {
                problem = "text after a quoted field";
                bad_field = fields.size();
                return false;
            }
        } else {
            std::size_t end = std::min(line.find(',', i), line.size());
            std::string_view raw = trim(line.substr(i, end - i));
            if (raw.find('"') != std::string_view::npos) {
                problem = "a quote inside an unquoted field";
                bad_field = fields.size();
                return false;
            }
            field.assign(raw);
            i = end;
        }
        fields.push_back(std::move(field));
        if (i >= line.size()) {
            return true;
        }
        ++i;  // the comma
    }
}

std::optional<double> parse_degrees(std::string_view text, double bound) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        std::fabs(value) > bound) {
        return std::nullopt;
    }
    return value;
}

std::string at_line(std::string_view source_name, std::size_t line) {
    return std::string(source_name) + ":" + std::to_string(line);
}

class CsvContext {
public:
    CsvContext(std::string_view source_name, const std::vector<std::string>& header)
        : source_name_(source_name), header_(header) {}

    Error error(Errc code, std::size_t line, std::size_t field, const std::string& problem) const {
        std::string column =
            field < header_.size() ? header_[field] : "column " + std::to_string(field + 1);
        return make_error(code, at_line(source_name_, line) + ":" + column + ": " + problem);
    }

private:
    std::string_view source_name_;
    const std::vector<std::string>& header_;
};

}  // namespace

void GeoIpTable::add(const IpNetwork& network, GeoInfo info) {
    auto level = std::find_if(levels_.begin(), levels_.end(), [&](const Level& l) {
        return l.prefix_length <= network.prefix_length;
    });
    if (level == levels_.end() || level->prefix_length != network.prefix_length) {
        level = levels_.insert(level, Level{network.prefix_length, {}, true});
    }
    if (!level->entries.empty() && level->sorted) {
        const Ip128& back = level->entries.back().network;
        if (network.first == back) {
            return;  // the first row wins
        }
        level->sorted = back < network.first;
    }
    level->entries.push_back(Entry{network.first, static_cast<std::uint32_t>(rows_.size())});
    rows_.push_back(std::move(info));
}

void GeoIpTable::finalize() {
    for (Level& level : levels_) {
        if (level.sorted) {
            continue;
        }
        // Stable, so that of equal networks the first added comes first and is kept.
        std::stable_sort(level.entries.begin(),
                         level.entries.end(),
                         [](const Entry& a, const Entry& b) { return a.network < b.network; });
        auto last = std::unique(
            level.entries.begin(), level.entries.end(), [](const Entry& a, const Entry& b) {
                return a.network == b.network;
            });
        level.entries.erase(last, level.entries.end());
        level.sorted = true;
    }
}

const GeoInfo* GeoIpTable::find(const Ip128& address) const {
    for (const Level& level : levels_) {
        Ip128 mask = host_mask(level.prefix_length);
        Ip128 network{address.hi & ~mask.hi, address.lo & ~mask.lo};
        if (!level.sorted) {
            for (const Entry& e : level.entries) {
                if (e.network == network) {
                    return &rows_[e.row];
                }
            }
            continue;
        }
        auto it = std::lower_bound(level.entries.begin(),
                                   level.entries.end(),
                                   network,
                                   [](const Entry& e, const Ip128& n) { return e.network < n; });
        if (it != level.entries.end() && it->network == network) {
            return &rows_[it->row];
        }
    }
    return nullptr;
}

std::optional<GeoInfo> GeoIpTable::lookup(std::string_view ip) const {
    auto address = parse_ip_address(ip);
    if (!address) {
        return std::nullopt;
    }
    const GeoInfo* info = find(*address);
    return info ? std::optional<GeoInfo>(*info) : std::nullopt;
}

Result<GeoIpTable> parse_geoip_csv(std::string_view text, std::string_view source_name) {
    if (text.size() > kMaxGeoIpBytes) {
        return make_error(Errc::kLimitExceeded,
                          std::string(source_name) + ": " + std::to_string(text.size()) +
                              " bytes exceed the limit of " + std::to_string(kMaxGeoIpBytes) +
                              " bytes");
    }
    if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
        text.remove_prefix(kByteOrderMark.size());
    }
    GeoIpTable table;
    std::vector<std::string> header;
    std::array<std::size_t, kColumnCount> index;
    index.fill(kAbsent);
    CsvContext context(source_name, header);
    std::vector<std::string> fields;
    std::string problem;
    std::size_t bad_field = 0;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.size() > kMaxGeoIpLineLength) {
            return make_error(Errc::kLimitExceeded,
                              at_line(source_name, line_number) + ": line longer than " +
                                  std::to_string(kMaxGeoIpLineLength) + " bytes " +
                                  quoted_snippet(line));
        }
        line = trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (!split_csv_line(line, fields, problem, bad_field)) {
            return context.error(Errc::kInvalidArgument, line_number, bad_field, problem);
        }
        if (header.empty()) {
            for (std::size_t f = 0; f < fields.size(); ++f) {
                std::string name = fields[f];
                std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
                    return static_cast<char>(std::tolower(c));
                });
                header.push_back(name);
                auto known = std::find(kColumnNames.begin(), kColumnNames.end(), name);
                if (known == kColumnNames.end()) {
                    continue;  // extra columns are ignored
                }
                std::size_t& slot = index[known - kColumnNames.begin()];
                if (slot != kAbsent) {
                    return context.error(
                        Errc::kInvalidArgument, line_number, f, "duplicate column in the header");
                }
                slot = f;
            }
            if (index[kNetwork] == kAbsent) {
                return make_error(Errc::kInvalidArgument,
                                  at_line(source_name, line_number) +
                                      ": the header has no 'network' column " +
                                      quoted_snippet(line));
            }
            continue;
        }
        if (fields.size() != header.size()) {
            return make_error(Errc::kInvalidArgument,
                              at_line(source_name, line_number) + ": expected " +
                                  std::to_string(header.size()) +
                                  " fields as in the header, found " +
                                  std::to_string(fields.size()) + " " + quoted_snippet(line));
        }
        // Columns missing from the header read as the empty field appended here.
        fields.emplace_back();
        auto field = [&](Column c) -> const std::string& {
            return fields[index[c] == kAbsent ? fields.size() - 1 : index[c]];
        };
        auto network = parse_ip_network(field(kNetwork));
        if (!network) {
            return context.error(
                Errc::kInvalidArgument, line_number, index[kNetwork], network.error().message);
        }
        GeoInfo info{field(kCountryCode),
                     field(kCountry),
                     field(kCity),
                     std::nullopt,
                     std::nullopt,
                     field(kAsn),
                     field(kAsOrg)};
        for (Column c : {kLat, kLon}) {
            const std::string& value = field(c);
            if (value.empty()) {
                continue;
            }
            auto degrees = parse_degrees(value, c == kLat ? 90.0 : 180.0);
            if (!degrees) {
                return context.error(Errc::kInvalidArgument,
                                     line_number,
                                     index[c],
                                     std::string(c == kLat ? "latitude" : "longitude") +
                                         " is not a number of degrees in range " +
                                         quoted_snippet(value));
            }
            (c == kLat ? info.lat : info.lon) = degrees;
        }
        if (info.lat.has_value() != info.lon.has_value()) {
            // Point at the missing one when the header has it.
            Column missing = info.lat ? kLon : kLat;
            std::size_t at =
                index[missing] != kAbsent ? index[missing] : index[info.lat ? kLat : kLon];
            return context.error(
                Errc::kInvalidArgument, line_number, at, "lat and lon must be given together");
        }
        std::string_view asn = info.asn;
        if (asn.size() > 2 && (asn[0] == 'A' || asn[0] == 'a') &&
            (asn[1] == 'S' || asn[1] == 's')) {
            asn.remove_prefix(2);
        }
        if (!std::all_of(asn.begin(), asn.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return context.error(Errc::kInvalidArgument,
                                 line_number,
                                 index[kAsn],
                                 "asn is not an AS number " + quoted_snippet(info.asn));
        }
        info.asn = std::string(asn);
        table.add(*network, std::move(info));
    }
    table.finalize();
    return table;
}

}  // namespace tripline::detect
