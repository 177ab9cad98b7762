// AES-256-GCM sealing of KMS plaintexts (OpenSSL EVP). A sealed blob is
//   "TKMS" | version 1 | key-id length (1 byte) | key id | 12-byte IV | ciphertext | 16-byte tag
// so Decrypt finds its key without being told, as AWS KMS ciphertexts do. The encryption context
// is authenticated as additional data (its canonical form: sorted "key=value" lines).
// Thread-safety: pure functions (OpenSSL's RNG is thread-safe).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tripline::kms {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kMaxPlaintextBytes = 4096;  // AWS KMS Encrypt's limit

std::string random_bytes(std::size_t count);
std::string canonical_context(const std::map<std::string, std::string>& context);

// The sealed blob; empty only if OpenSSL fails.
std::string seal(std::string_view key,
                 std::string_view key_id,
                 std::string_view plaintext,
                 std::string_view aad);

// The key id a blob names, or nullopt when it is not a Tripline KMS blob.
std::optional<std::string> sealed_key_id(std::string_view blob);

// The plaintext, or nullopt when the blob was not sealed with `key` and `aad` (or was altered).
std::optional<std::string> open(std::string_view key, std::string_view blob, std::string_view aad);

}  // namespace tripline::kms
