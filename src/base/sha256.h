// SHA-256 and HMAC-SHA256 over OpenSSL, and the SigV4 signing-key derivation built on them: one
// implementation for the API's signature verifier and the AWS client's signer, so the two can
// never disagree on a byte.
// Thread-safety: pure functions, safe to call concurrently.
// Errors: none; OpenSSL failing on these fixed algorithms over memory is treated as impossible
// (abort).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tripline {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Hex SHA-256 of the empty string: the payload hash of a request without a body.
inline constexpr std::string_view kEmptySha256Hex =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

Sha256Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);
// hex(HMAC(key, message)) with a digest as the key, as each SigV4 signature is written.
std::string hmac_sha256_hex(const Sha256Digest& key, std::string_view message);
// Lower-case hex, as SigV4 writes hashes and signatures.
std::string to_hex(const Sha256Digest& digest);

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
Sha256Digest derive_sigv4_signing_key(std::string_view secret_access_key,
                                      std::string_view date,
                                      std::string_view region,
                                      std::string_view service);

// Compares two strings without an early exit on the first difference (the lengths are public).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tripline
