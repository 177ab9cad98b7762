// The hash primitives of SigV4: SHA-256, HMAC-SHA256, the signing-key derivation and a
// constant-time comparison, over OpenSSL's EVP/HMAC. Pure functions of their arguments.
// Thread-safety: all functions are safe to call concurrently.
// Errors: none; OpenSSL failures on these fixed algorithms are treated as impossible (abort).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tripline::api::auth {

using Digest = std::array<std::uint8_t, 32>;

// Hex SHA-256 of the empty string: the payload hash of a request without a body.
inline constexpr std::string_view kEmptySha256Hex =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
Digest hmac_sha256(std::string_view key, std::string_view message);
// Lower-case hex, as SigV4 writes hashes and signatures.
std::string to_hex(const Digest& digest);

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
Digest derive_signing_key(std::string_view secret_access_key,
                          std::string_view date,
                          std::string_view region,
                          std::string_view service);

// hex(HMAC(signing_key, string_to_sign)).
std::string sign_hex(const Digest& signing_key, std::string_view string_to_sign);

// Compares two strings without an early exit on the first difference (the lengths are public).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tripline::api::auth
