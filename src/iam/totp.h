// RFC 6238 time-based one-time passwords as virtual MFA apps compute them (HMAC-SHA1, 30-second
// steps, 6 digits), and the RFC 4648 base32 seed IAM hands out. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tripline::iam {

std::string base32_encode(const std::string& bytes);
std::optional<std::string> base32_decode(const std::string& text);

// The code for time step `step` (unix seconds / 30).
std::string totp_code(const std::string& secret, std::int64_t step);

}  // namespace tripline::iam
