// Random (version 4) UUIDs for event ids, finding ids and request ids, from OpenSSL's CSPRNG.
#pragma once

#include <string>
#include <string_view>

namespace tripline {

// "3f2504e0-4f89-41d3-9a0c-0305e82c3301": lower-case, 36 characters.
std::string make_uuid();

bool is_uuid(std::string_view text);

// `length` random characters from [A-Z0-9], e.g. for access key ids ("AKIA" + 16).
std::string random_upper_alnum(std::size_t length);
// `length` random characters from base64's alphabet (secret access keys use 40).
std::string random_base64_chars(std::size_t length);

}  // namespace tripline
