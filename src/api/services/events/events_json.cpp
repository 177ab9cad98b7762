#include "api/services/events/events_json.h"

#include <cctype>

#include "api/recorded_names.h"
#include "bus/bus_names.h"

namespace tripline::api::services::events {

namespace {

double epoch_seconds(TimePoint t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

bus::Scope scope_of(const ApiCall& call) { return {call.principal.account_id, call.region}; }

Result<std::optional<std::string>> optional_string(const nlohmann::json& input,
                                                   const char* member) {
    auto it = input.find(member);
    if (it == input.end() || it->is_null()) {
        return std::optional<std::string>();
    }
    if (!it->is_string()) {
        return make_error(Errc::kInvalidArgument,
                          std::string("Parameter ") + member + " must be a string.");
    }
    return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> required_string(const nlohmann::json& input,
                                    const char* member,
                                    std::string_view field) {
    TRIPLINE_ASSIGN_OR_RETURN(auto value, optional_string(input, member));
    if (!value) {
        return bus::model_violation(field, std::nullopt, "Member must not be null");
    }
    return std::move(*value);
}

Result<int> optional_limit(const nlohmann::json& input) {
    auto it = input.find("Limit");
    if (it == input.end() || it->is_null()) {
        return 0;
    }
    if (!it->is_number_integer()) {
        return make_error(Errc::kInvalidArgument, "Parameter Limit must be an integer.");
    }
    const auto limit = it->get<std::int64_t>();
    if (limit < 1) {
        return bus::model_violation(
            "limit", std::to_string(limit), "Member must have value greater than or equal to 1");
    }
    if (limit > 100) {
        return bus::model_violation(
            "limit", std::to_string(limit), "Member must have value less than or equal to 100");
    }
    return static_cast<int>(limit);
}

bool optional_bool(const nlohmann::json& input, const char* member) {
    auto it = input.find(member);
    return it != input.end() && it->is_boolean() && it->get<bool>();
}

Result<std::vector<bus::Tag>> optional_tags(const nlohmann::json& input, const char* member) {
    std::vector<bus::Tag> tags;
    auto it = input.find(member);
    if (it == input.end() || it->is_null()) {
        return tags;
    }
    if (!it->is_array()) {
        return make_error(Errc::kInvalidArgument,
                          std::string("Parameter ") + member + " must be a list.");
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& tag = (*it)[i];
        const std::string field = "tags." + std::to_string(i + 1) + ".member.";
        if (!tag.is_object()) {
            return make_error(Errc::kInvalidArgument, "Each tag must be a structure.");
        }
        TRIPLINE_ASSIGN_OR_RETURN(std::string key, required_string(tag, "Key", field + "key"));
        TRIPLINE_ASSIGN_OR_RETURN(std::string value,
                                  required_string(tag, "Value", field + "value"));
        tags.push_back({std::move(key), std::move(value)});
    }
    return tags;
}

ApiError to_api_error(const Error& error) {
    switch (error.code) {
        case Errc::kInvalidArgument:
            if (error.message.starts_with("Event pattern is not valid.")) {
                return ApiError{400, "InvalidEventPatternException", error.message};
            }
            return ApiError{400, "ValidationException", error.message};
        case Errc::kFailedPrecondition:
            return ApiError{400, "ValidationException", error.message};
        case Errc::kNotFound:
            return ApiError{400, "ResourceNotFoundException", error.message};
        case Errc::kAlreadyExists:
            return ApiError{400, "ResourceAlreadyExistsException", error.message};
        case Errc::kLimitExceeded:
            return ApiError{400, "LimitExceededException", error.message};
        default:
            return ApiError{500, "InternalException", error.message, false};
    }
}

std::string entry_error_code(const Error& error) {
    switch (error.code) {
        case Errc::kNotFound:
            return "ResourceNotFoundException";
        case Errc::kInvalidArgument:
        case Errc::kFailedPrecondition:
            return "ValidationException";
        default:
            return "InternalException";
    }
}

nlohmann::json rule_to_json(const bus::Rule& rule, bool describe) {
    nlohmann::json out = nlohmann::json::object();
    out["Name"] = rule.name;
    out["Arn"] = rule.arn;
    if (rule.event_pattern) {
        out["EventPattern"] = *rule.event_pattern;
    }
    if (rule.schedule_expression) {
        out["ScheduleExpression"] = *rule.schedule_expression;
    }
    out["State"] = std::string(bus::rule_state_name(rule.state));
    if (rule.description) {
        out["Description"] = *rule.description;
    }
    if (rule.role_arn) {
        out["RoleArn"] = *rule.role_arn;
    }
    out["EventBusName"] = rule.bus_name;
    if (describe) {
        out["CreatedBy"] = rule.created_by;
    }
    return out;
}

nlohmann::json bus_to_json(const bus::EventBus& bus) {
    nlohmann::json out = nlohmann::json::object();
    out["Name"] = bus.name;
    out["Arn"] = bus.arn;
    if (bus.description) {
        out["Description"] = *bus.description;
    }
    if (bus.creation_time != TimePoint{}) {
        out["CreationTime"] = epoch_seconds(bus.creation_time);
        out["LastModifiedTime"] = epoch_seconds(bus.last_modified_time);
    }
    return out;
}

nlohmann::json tags_to_json(const std::vector<bus::Tag>& tags) {
    nlohmann::json out = nlohmann::json::array();
    for (const bus::Tag& tag : tags) {
        out.push_back({{"Key", tag.key}, {"Value", tag.value}});
    }
    return out;
}

nlohmann::json lower_camel(const nlohmann::json& value) {
    // Maps keep the client's keys (InputPathsMap {"Account_ID": …}, HTTP parameters).
    static constexpr std::string_view kMaps[] = {
        "InputPathsMap", "HeaderParameters", "QueryStringParameters"};
    return lower_camel_keys(value, kMaps);
}

HttpResponse json_text_reply(const ApiCall& call, std::string body) {
    HttpResponse reply;
    reply.status = 200;
    reply.content_type = std::string(json_content_type(call.protocol));
    reply.body = std::move(body);
    reply.headers.emplace("x-amzn-RequestId", call.request_id);
    return reply;
}

}  // namespace tripline::api::services::events
