// What Publish accepts (sns.md §3): subject rules, message attributes, the 256 KB size limit and
// MessageStructure=json, whose per-protocol variants are resolved here. Pure functions.
// Errors: kInvalidArgument; messages that begin "Invalid parameter:" are SNS's InvalidParameter,
// the attribute-value ones are its ParameterValueInvalid (the API tells them apart by that).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "notify/sns_delivery.h"

namespace tripline::notify {

inline constexpr std::size_t kMaxMessageBytes = 256 * 1024;
inline constexpr std::size_t kMaxMessageAttributes = 10;
inline constexpr std::size_t kMaxSubjectLength = 99;  // "less than 100 characters"

// Printable ASCII starting with a letter, digit or punctuation; no line breaks or control
// characters; fewer than 100 characters. (An empty subject means "none" and is not checked here.)
Status validate_subject(std::string_view subject);

// At most 10; names of A-Za-z0-9_-. (≤ 256, not starting with "AWS." or "Amazon.", no "..", not
// starting or ending with '.'); types String, Number, Binary, String.Array (custom suffixes such
// as "Number.float" allowed); values non-empty, numeric for Number, a JSON array for String.Array,
// base64 for Binary.
Status validate_message_attributes(const std::vector<SnsMessageAttribute>& attributes);

// The message each protocol receives.
class MessageVariants {
public:
    const std::string& for_protocol(std::string_view protocol) const;
    const std::string& default_message() const { return default_; }

private:
    friend Result<MessageVariants> resolve_message(std::string_view,
                                                   std::string_view,
                                                   const std::vector<SnsMessageAttribute>&);
    std::string default_;
    std::map<std::string, std::string, std::less<>> by_protocol_;
};

// Validates the message (non-empty, valid UTF-8, ≤ 256 KB together with its attributes) and,
// for structure "json", its JSON object with a string "default".
Result<MessageVariants> resolve_message(std::string_view message,
                                        std::string_view message_structure,
                                        const std::vector<SnsMessageAttribute>& attributes);

}  // namespace tripline::notify
