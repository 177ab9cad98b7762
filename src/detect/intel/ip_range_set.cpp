#include "detect/intel/ip_range_set.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <string>

namespace tripline::detect {

namespace {

// Longest textual IPv6 address (with an embedded IPv4 part), as INET6_ADDRSTRLEN minus the NUL.
constexpr std::size_t kMaxAddressText = 45;
constexpr Ip128 kMaxAddress{~std::uint64_t{0}, ~std::uint64_t{0}};

Ip128 from_bytes(const unsigned char* bytes) {
    Ip128 out;
    for (int i = 0; i < 8; ++i) {
        out.hi = (out.hi << 8) | bytes[i];
        out.lo = (out.lo << 8) | bytes[8 + i];
    }
    return out;
}

Ip128 increment(Ip128 a) {
    ++a.lo;
    if (a.lo == 0) {
        ++a.hi;
    }
    return a;
}

// Whether an interval starting at `next_first` overlaps or touches one ending at `last`.
bool joins(const Ip128& last, const Ip128& next_first) {
    return next_first <= last || (last != kMaxAddress && next_first == increment(last));
}

}  // namespace

std::string quoted_snippet(std::string_view text) {
    constexpr std::size_t kMaxShown = 64;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        out += (c < 0x20 || c >= 0x7f) ? '?' : static_cast<char>(c);
    }
    if (text.size() > kMaxShown) {
        out += "...";
    }
    return out + "'";
}

Ip128 host_mask(int prefix_length) {
    constexpr std::uint64_t kAll = ~std::uint64_t{0};
    if (prefix_length <= 0) {
        return Ip128{kAll, kAll};
    }
    if (prefix_length < 64) {
        return Ip128{kAll >> prefix_length, kAll};
    }
    if (prefix_length < 128) {
        return Ip128{0, kAll >> (prefix_length - 64)};
    }
    return Ip128{0, 0};
}

Ip128 IpNetwork::last() const {
    Ip128 mask = host_mask(prefix_length);
    return Ip128{first.hi | mask.hi, first.lo | mask.lo};
}

std::optional<Ip128> parse_ip_address(std::string_view text) {
    if (text.empty() || text.size() > kMaxAddressText) {
        return std::nullopt;
    }
    // inet_pton needs a NUL-terminated string; it rejects anything but plain dotted-quad IPv4 and
    // RFC 4291 IPv6 text (no zone ids, no brackets, no prefixes, no surrounding spaces).
    std::array<char, kMaxAddressText + 1> buffer{};
    std::memcpy(buffer.data(), text.data(), text.size());
    std::array<unsigned char, 16> bytes{};
    if (text.find(':') != std::string_view::npos) {
        if (inet_pton(AF_INET6, buffer.data(), bytes.data()) != 1) {
            return std::nullopt;
        }
        return from_bytes(bytes.data());
    }
    std::array<unsigned char, 4> v4{};
    if (inet_pton(AF_INET, buffer.data(), v4.data()) != 1) {
        return std::nullopt;
    }
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, v4.data(), 4);
    return from_bytes(bytes.data());
}

Result<IpNetwork> parse_ip_network(std::string_view text) {
    std::size_t slash = text.find('/');
    std::string_view address_text = text.substr(0, slash);
    auto address = parse_ip_address(address_text);
    if (!address) {
        return make_error(Errc::kInvalidArgument,
                          "invalid IP address or CIDR " + quoted_snippet(text));
    }
    const bool v4 = address_text.find(':') == std::string_view::npos;
    const int max_length = v4 ? 32 : 128;
    int length = max_length;
    if (slash != std::string_view::npos) {
        std::string_view digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 ||
            !std::all_of(
                digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return make_error(Errc::kInvalidArgument,
                              "invalid prefix length in " + quoted_snippet(text));
        }
        length = 0;
        for (char c : digits) {
            length = length * 10 + (c - '0');
        }
        if (length > max_length) {
            return make_error(Errc::kInvalidArgument,
                              "prefix length above /" + std::to_string(max_length) + " in " +
                                  quoted_snippet(text));
        }
    }
    IpNetwork network;
    network.prefix_length = v4 ? 96 + length : length;
    Ip128 mask = host_mask(network.prefix_length);
    network.first = Ip128{address->hi & ~mask.hi, address->lo & ~mask.lo};
    return network;
}

Status IpRangeSet::add(std::string_view ip_or_cidr) {
    TRIPLINE_ASSIGN_OR_RETURN(IpNetwork network, parse_ip_network(ip_or_cidr));
    add(network);
    return ok_status();
}

void IpRangeSet::add(const IpNetwork& network) {
    ++entries_;
    Interval interval{network.first, network.last()};
    if (intervals_.empty()) {
        intervals_.push_back(interval);
        return;
    }
    Interval& back = intervals_.back();
    if (sorted_ && interval.first >= back.first) {
        // Every earlier interval ends before back.first, so only back can join the new one.
        if (joins(back.last, interval.first)) {
            back.last = std::max(back.last, interval.last);
        } else {
            intervals_.push_back(interval);
        }
        return;
    }
    sorted_ = false;
    intervals_.push_back(interval);
}

void IpRangeSet::finalize() {
    if (sorted_) {
        return;
    }
    std::sort(intervals_.begin(), intervals_.end(), [](const Interval& a, const Interval& b) {
        return a.first < b.first;
    });
    std::vector<Interval> merged;
    merged.reserve(intervals_.size());
    for (const Interval& interval : intervals_) {
        if (!merged.empty() && joins(merged.back().last, interval.first)) {
            merged.back().last = std::max(merged.back().last, interval.last);
        } else {
            merged.push_back(interval);
        }
    }
    merged.shrink_to_fit();
    intervals_ = std::move(merged);
    sorted_ = true;
}

bool IpRangeSet::contains(std::string_view ip) const {
    auto address = parse_ip_address(ip);
    return address && contains(*address);
}

bool IpRangeSet::contains(const Ip128& address) const {
    if (!sorted_) {
        return std::any_of(intervals_.begin(), intervals_.end(), [&](const Interval& i) {
            return i.first <= address && address <= i.last;
        });
    }
    // The last interval starting at or before the address is the only candidate.
    auto after = std::upper_bound(
        intervals_.begin(), intervals_.end(), address, [](const Ip128& a, const Interval& i) {
            return a < i.first;
        });
    return after != intervals_.begin() && address <= std::prev(after)->last;
}

}  // namespace tripline::detect
