// Trail names and trail ARNs (cloudtrail.md §11). A trail is addressed by its name or by its ARN
// `arn:aws:cloudtrail:<home region>:<account>:trail/<name>`; every trail API call validates the
// name first, with the rules and messages of AWS's InvalidTrailNameException.
//
// Pure functions, thread-safe. Errors: Errc::kInvalidArgument carrying the message AWS returns
// (the API maps it to InvalidTrailNameException, or CloudTrailARNInvalidException for ARNs).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::trail {

inline constexpr std::size_t kMinTrailNameLength = 3;
inline constexpr std::size_t kMaxTrailNameLength = 128;

// AWS's rules: 3-128 characters, ASCII letters, digits, '.', '_' and '-' only, starting and ending
// with a letter or digit, no two of ".-_" next to each other ("my--namespace", "my-_namespace"),
// not shaped like an IPv4 address ("192.168.5.4").
Status validate_trail_name(std::string_view name);

// "arn:aws:cloudtrail:<home_region>:<account>:trail/<name>".
std::string trail_arn(std::string_view account,
                      std::string_view home_region,
                      std::string_view name);

// Whether a TrailName / Name parameter is meant as an ARN (AWS treats anything starting with
// "arn:" as one); such values go through parse_trail_arn, the others through validate_trail_name.
bool looks_like_trail_arn(std::string_view text);

struct ParsedTrailArn {
    std::string account;
    std::string region;
    std::string name;
    bool operator==(const ParsedTrailArn&) const = default;
};

// Parses "arn:<partition>:cloudtrail:<region>:<12-digit account>:trail/<valid trail name>".
Result<ParsedTrailArn> parse_trail_arn(std::string_view arn);

}  // namespace tripline::trail
