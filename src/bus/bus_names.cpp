#include "bus/bus_names.h"

#include "bus/bus_arns.h"

namespace tripline::bus {

namespace {

bool is_name_char(char c, bool allow_slash) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_' || (allow_slash && c == '/');
}

bool all_name_chars(std::string_view text, bool allow_slash) {
    for (char c : text) {
        if (!is_name_char(c, allow_slash)) {
            return false;
        }
    }
    return true;
}

constexpr std::string_view kNamePattern =
    "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+";
constexpr std::string_view kBusNamePattern =
    "Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+";

Status check_name(std::string_view field,
                  std::string_view value,
                  std::size_t max,
                  bool allow_slash) {
    TRIPLINE_TRY(check_length(field, value, 1, max));
    if (!all_name_chars(value, allow_slash)) {
        return model_violation(field, value, allow_slash ? kBusNamePattern : kNamePattern);
    }
    return ok_status();
}

}  // namespace

Error model_violation(std::string_view field,
                      std::optional<std::string_view> value,
                      std::string_view constraint) {
    std::string message = "1 validation error detected: Value ";
    if (value) {
        message.append("'").append(*value).append("'");
    } else {
        message.append("null");
    }
    message.append(" at '").append(field).append("' failed to satisfy constraint: ");
    message.append(constraint);
    return make_error(Errc::kInvalidArgument, std::move(message));
}

std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

Status check_length(std::string_view field,
                    std::string_view value,
                    std::size_t min,
                    std::size_t max) {
    const std::size_t n = code_points(value);
    if (n < min) {
        return model_violation(
            field,
            value,
            "Member must have length greater than or equal to " + std::to_string(min));
    }
    if (n > max) {
        return model_violation(
            field, value, "Member must have length less than or equal to " + std::to_string(max));
    }
    return ok_status();
}

Status check_rule_name(std::string_view value, std::string_view field) {
    return check_name(field, value, kMaxRuleNameLength, false);
}

Status check_target_id(std::string_view value, std::string_view field) {
    return check_name(field, value, kMaxTargetIdLength, false);
}

Status check_new_bus_name(std::string_view value) {
    TRIPLINE_TRY(check_name("name", value, kMaxBusNameLength, true));
    if (value.starts_with("aws.")) {
        return make_error(Errc::kInvalidArgument,
                          "Event bus name must not start with 'aws.': names starting 'aws.' are "
                          "reserved for partner event buses, which Tripline does not have.");
    }
    return ok_status();
}

Result<std::string> resolve_bus_name(std::string_view name_or_arn,
                                     std::string_view account_id,
                                     std::string_view region,
                                     std::string_view field) {
    if (name_or_arn.empty()) {
        return std::string(kDefaultBusName);
    }
    if (name_or_arn.starts_with("arn:")) {
        TRIPLINE_TRY(check_length(field, name_or_arn, 1, kMaxArnLength));
        auto parsed = parse_events_arn(name_or_arn);
        if (!parsed || parsed->kind != EventsResourceName::Kind::kEventBus) {
            return model_violation(
                field,
                name_or_arn,
                "Member must satisfy regular expression pattern: "
                "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?"
                "[/\\.\\-_A-Za-z0-9]+");
        }
        if (parsed->account_id != account_id || parsed->region != region) {
            return bus_not_found(name_or_arn);
        }
        return parsed->bus_name;
    }
    TRIPLINE_TRY(check_name(field, name_or_arn, kMaxBusNameLength, true));
    return std::string(name_or_arn);
}

Error bus_not_found(std::string_view bus_name) {
    return make_error(Errc::kNotFound, "Event bus " + std::string(bus_name) + " does not exist.");
}

Error rule_not_found(std::string_view rule_name, std::string_view bus_name) {
    return make_error(Errc::kNotFound,
                      "Rule " + std::string(rule_name) + " does not exist on EventBus " +
                          std::string(bus_name) + ".");
}

}  // namespace tripline::bus
