#include "trail/trail_names.h"

#include <array>

namespace tripline::trail {
namespace {

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_separator(char c) { return c == '.' || c == '_' || c == '-'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Four dot-separated groups of 1-3 digits: AWS calls this "IP address format" whatever the
// numbers are (so "999.1.1.1" is refused too).
bool is_ip_address_format(std::string_view name) {
    std::size_t groups = 0;
    std::size_t digits = 0;
    for (char c : name) {
        if (is_digit(c)) {
            if (++digits > 3) {
                return false;
            }
        } else if (c == '.') {
            if (digits == 0) {
                return false;
            }
            ++groups;
            digits = 0;
        } else {
            return false;
        }
    }
    return groups == 3 && digits > 0;
}

Error invalid_name(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

Error invalid_arn(std::string_view arn) {
    return make_error(Errc::kInvalidArgument,
                      "Invalid trail ARN: " + std::string(arn) +
                          ". The following is the format of a trail ARN: "
                          "arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail");
}

}  // namespace

Status validate_trail_name(std::string_view name) {
    if (name.empty()) {
        return invalid_name("Trail name cannot be blank!");
    }
    // The order of the checks follows AWS: length, first and last character, then the body.
    if (name.size() < kMinTrailNameLength) {
        return invalid_name(
            "Trail name too short. Minimum allowed length: 3 characters. Specified name length: " +
            std::to_string(name.size()) + " characters.");
    }
    if (name.size() > kMaxTrailNameLength) {
        return invalid_name(
            "Trail name too long. Maximum allowed length: 128 characters. Specified name length: " +
            std::to_string(name.size()) + " characters.");
    }
    if (!is_alnum(name.front())) {
        return invalid_name("Trail name must starts with a letter or number.");
    }
    if (!is_alnum(name.back())) {
        return invalid_name("Trail name must ends with a letter or number.");
    }
    for (char c : name) {
        if (!is_alnum(c) && !is_separator(c)) {
            return invalid_name(
                "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, "
                "periods (.), hyphens (-), and underscores (_).");
        }
    }
    for (std::size_t i = 1; i < name.size(); ++i) {
        if (is_separator(name[i]) && is_separator(name[i - 1])) {
            return invalid_name(
                "Trail name cannot have adjacent periods, underscores or dashes. Names like "
                "my-_namespace and my--namespace are not valid.");
        }
    }
    if (is_ip_address_format(name)) {
        return invalid_name("Trail name cannot be formatted as an IP address.");
    }
    return ok_status();
}

std::string trail_arn(std::string_view account,
                      std::string_view home_region,
                      std::string_view name) {
    std::string out = "arn:aws:cloudtrail:";
    out += home_region;
    out += ':';
    out += account;
    out += ":trail/";
    out += name;
    return out;
}

bool looks_like_trail_arn(std::string_view text) { return text.starts_with("arn:"); }

Result<ParsedTrailArn> parse_trail_arn(std::string_view arn) {
    // arn : partition : service : region : account : resource
    std::array<std::string_view, 5> parts{};
    std::string_view rest = arn;
    for (auto& part : parts) {
        std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos) {
            return invalid_arn(arn);
        }
        part = rest.substr(0, colon);
        rest.remove_prefix(colon + 1);
    }
    if (parts[0] != "arn" || parts[1].empty() || parts[2] != "cloudtrail" || parts[3].empty()) {
        return invalid_arn(arn);
    }
    if (parts[4].size() != 12) {
        return invalid_arn(arn);
    }
    for (char c : parts[4]) {
        if (!is_digit(c)) {
            return invalid_arn(arn);
        }
    }
    constexpr std::string_view kTrailPrefix = "trail/";
    if (!rest.starts_with(kTrailPrefix)) {
        return invalid_arn(arn);
    }
    std::string_view name = rest.substr(kTrailPrefix.size());
    TRIPLINE_TRY(validate_trail_name(name));
    return ParsedTrailArn{std::string(parts[4]), std::string(parts[3]), std::string(name)};
}

}  // namespace tripline::trail
