#include "pattern/cidr.h"

#include <vector>

#include "base/encoding.h"

namespace tripline::pattern {
namespace {

std::optional<IpAddress> parse_v4(std::string_view text) {
    IpAddress a;
    std::size_t i = 0;
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (i >= text.size() || text[i] != '.') {
                return std::nullopt;
            }
            ++i;
        }
        std::size_t start = i;
        unsigned value = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
            value = value * 10 + static_cast<unsigned>(text[i] - '0');
            ++i;
        }
        if (i == start || value > 255) {
            return std::nullopt;
        }
        a.bytes[octet] = static_cast<std::uint8_t>(value);
    }
    if (i != text.size()) {
        return std::nullopt;
    }
    return a;
}

// Hex groups separated by ':', at most one "::"; no embedded IPv4, zone ids or brackets.
std::optional<IpAddress> parse_v6(std::string_view text) {
    std::vector<std::uint16_t> head;
    std::vector<std::uint16_t> tail;
    bool compressed = false;
    std::size_t i = 0;
    if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
        compressed = true;
        i = 2;
    } else if (!text.empty() && text[0] == ':') {
        return std::nullopt;
    }
    while (i < text.size()) {
        std::size_t start = i;
        unsigned value = 0;
        while (i < text.size() && hex_digit_value(text[i]) >= 0 && i - start < 4) {
            value = value * 16 + static_cast<unsigned>(hex_digit_value(text[i]));
            ++i;
        }
        if (i == start) {
            return std::nullopt;
        }
        (compressed ? tail : head).push_back(static_cast<std::uint16_t>(value));
        if (i == text.size()) {
            break;
        }
        if (text[i] != ':') {
            return std::nullopt;
        }
        ++i;
        if (i < text.size() && text[i] == ':') {
            if (compressed) {
                return std::nullopt;
            }
            compressed = true;
            ++i;
        } else if (i == text.size()) {
            return std::nullopt;  // trailing single ':'
        }
    }
    std::size_t groups = head.size() + tail.size();
    if ((!compressed && groups != 8) || (compressed && groups > 7)) {
        return std::nullopt;
    }
    IpAddress a;
    a.v6 = true;
    for (std::size_t g = 0; g < head.size(); ++g) {
        a.bytes[2 * g] = static_cast<std::uint8_t>(head[g] >> 8);
        a.bytes[2 * g + 1] = static_cast<std::uint8_t>(head[g] & 0xFF);
    }
    for (std::size_t g = 0; g < tail.size(); ++g) {
        std::size_t at = 8 - tail.size() + g;
        a.bytes[2 * at] = static_cast<std::uint8_t>(tail[g] >> 8);
        a.bytes[2 * at + 1] = static_cast<std::uint8_t>(tail[g] & 0xFF);
    }
    return a;
}

void clear_host_bits(IpAddress& a, int bits) {
    std::size_t total = a.v6 ? 16 : 4;
    for (std::size_t byte = 0; byte < total; ++byte) {
        int keep = bits - static_cast<int>(byte) * 8;
        if (keep >= 8) {
            continue;
        }
        if (keep <= 0) {
            a.bytes[byte] = 0;
        } else {
            a.bytes[byte] &= static_cast<std::uint8_t>(0xFF << (8 - keep));
        }
    }
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
    if (text.find(':') != std::string_view::npos) {
        return parse_v6(text);
    }
    return parse_v4(text);
}

std::optional<CidrBlock> parse_cidr(std::string_view text, std::string& error) {
    std::size_t slash = text.find('/');
    if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos) {
        error = "Malformed CIDR, one '/' required";
        return std::nullopt;
    }
    std::string_view addr = text.substr(0, slash);
    std::string_view bits_text = text.substr(slash + 1);
    bool negative = !bits_text.empty() && bits_text[0] == '-';
    std::string_view digits = negative ? bits_text.substr(1) : bits_text;
    if (digits.empty() || digits.size() > 9) {
        error = "Malformed CIDR, mask bits must be an integer";
        return std::nullopt;
    }
    int bits = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            error = "Malformed CIDR, mask bits must be an integer";
            return std::nullopt;
        }
        bits = bits * 10 + (c - '0');
    }
    if (negative && bits != 0) {
        error = "Malformed CIDR, mask bits must not be negative";
        return std::nullopt;
    }
    auto ip = parse_ip_address(addr);
    if (!ip) {
        bool mixed =
            addr.find(':') != std::string_view::npos && addr.find('.') != std::string_view::npos;
        error = std::string(mixed ? "Nonstandard IP address: " : "Invalid IP address: ") +
                std::string(addr);
        return std::nullopt;
    }
    if (!ip->v6 && bits >= 32) {
        error = "IPv4 mask bits must be < 32";
        return std::nullopt;
    }
    if (ip->v6 && bits >= 128) {
        error = "IPv6 mask bits must be < 128";
        return std::nullopt;
    }
    CidrBlock block;
    block.network = *ip;
    block.bits = bits;
    block.text = std::string(text);
    clear_host_bits(block.network, bits);
    return block;
}

bool cidr_contains(const CidrBlock& block, const IpAddress& address) {
    if (block.network.v6 != address.v6) {
        return false;
    }
    // Compare the network prefix in place (this runs for every cidr operand and event address).
    const auto full = static_cast<std::size_t>(block.bits / 8);
    for (std::size_t i = 0; i < full; ++i) {
        if (address.bytes[i] != block.network.bytes[i]) {
            return false;
        }
    }
    const int rest = block.bits % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
    return (address.bytes[full] & mask) == block.network.bytes[full];
}

}  // namespace tripline::pattern
