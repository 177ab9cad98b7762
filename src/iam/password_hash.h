// Console passwords at rest: PBKDF2-HMAC-SHA256 with a random salt, never the password itself.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>

namespace tripline::iam {

// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"
std::string hash_password(const std::string& password);
bool password_matches(const std::string& password, const std::string& stored);
// Bytes from OpenSSL's CSPRNG (salts, MFA seeds).
std::string secure_random_bytes(std::size_t count);

}  // namespace tripline::iam
