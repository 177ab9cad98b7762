// Byte-to-text encodings shared by every module: lower-case hex and standard base64 (RFC 4648 §4,
// with padding). Decoders are strict: they reject odd lengths, foreign characters and misplaced
// padding, so that a tampered token or checksum never decodes to something plausible.
// Thread-safety: pure functions. Errors: decoders return nullopt on malformed input.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tripline {

// The value of a hex digit of either case, or -1.
int hex_digit_value(char c);

// "\x01\xab" → "01ab".
std::string hex_encode(std::string_view bytes);
// Either case of hex digits; nullopt on an odd length or a non-hex character.
std::optional<std::string> hex_decode(std::string_view hex);

std::string base64_encode(std::string_view bytes);
// Inputs longer than 16 MiB are refused (nullopt), as are lengths that are not a multiple of 4.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace tripline
