// IP address ranges for the `cidr` operator (spec §2.7). A CIDR operand is `ADDR/BITS` (IPv4 dotted
// decimal with optional leading zeros, or IPv6 hex groups with `::`); host bits are ignored; /32
// and /128 are rejected as the engine does. Event values match only when they are IP literals of
// the same family inside the range (Tripline's choice, spec §6 item 7). Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tripline::pattern {

struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4
};

struct CidrBlock {
    IpAddress network;  // host bits cleared
    int bits = 0;
    std::string text;  // the operand as written
};

// Parses an IP literal exactly as an event value must spell it; nullopt when it is not one.
std::optional<IpAddress> parse_ip_address(std::string_view text);

// Parses a CIDR operand. On failure returns nullopt and sets `error` to the engine's reason text
// ("Malformed CIDR, one '/' required", "IPv4 mask bits must be < 32", "Invalid IP address: X",
// ...).
std::optional<CidrBlock> parse_cidr(std::string_view text, std::string& error);

bool cidr_contains(const CidrBlock& block, const IpAddress& address);

}  // namespace tripline::pattern
