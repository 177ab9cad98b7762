#include "api/services/sqs/sqs_request.h"

#include "api/query_form.h"

namespace tripline::api::services::sqs {

namespace {

SqsError missing(std::string_view name) {
    return {SqsErrorKind::kMissingParameter,
            "The request must contain the parameter " + std::string(name) + "."};
}

SqsError invalid(std::string_view name, const nlohmann::json& value, std::string_view reason) {
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    return {SqsErrorKind::kInvalidParameterValue,
            "Value " + text + " for parameter " + std::string(name) +
                " is invalid. Reason: " + std::string(reason)};
}

const nlohmann::json* member(const nlohmann::json& input, std::string_view name) {
    if (!input.is_object()) {
        return nullptr;
    }
    auto it = input.find(std::string(name));
    return it == input.end() || it->is_null() ? nullptr : &*it;
}

nlohmann::json lower_camel_keys(const nlohmann::json& object) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : object.items()) {
        out[lower_camel(key)] = value;
    }
    return out;
}

}  // namespace

std::optional<SqsError> required_string(const nlohmann::json& input,
                                        std::string_view name,
                                        std::string& out) {
    const nlohmann::json* value = member(input, name);
    if (value == nullptr || (value->is_string() && value->get<std::string>().empty())) {
        return missing(name);
    }
    if (!value->is_string()) {
        return invalid(name, *value, "Must be a string.");
    }
    out = value->get<std::string>();
    return std::nullopt;
}

std::optional<SqsError> optional_string(const nlohmann::json& input,
                                        std::string_view name,
                                        std::optional<std::string>& out) {
    const nlohmann::json* value = member(input, name);
    if (value == nullptr) {
        out.reset();
        return std::nullopt;
    }
    if (!value->is_string()) {
        return invalid(name, *value, "Must be a string.");
    }
    out = value->get<std::string>();
    return std::nullopt;
}

std::optional<SqsError> optional_int(const nlohmann::json& input,
                                     std::string_view name,
                                     std::optional<int>& out) {
    const nlohmann::json* value = member(input, name);
    if (value == nullptr) {
        out.reset();
        return std::nullopt;
    }
    if (!value->is_number_integer() || value->get<long long>() < -2147483648LL ||
        value->get<long long>() > 2147483647LL) {
        return invalid(name, *value, "Must be an integer.");
    }
    out = value->get<int>();
    return std::nullopt;
}

std::optional<SqsError> string_list(const nlohmann::json& input,
                                    std::string_view name,
                                    std::vector<std::string>& out) {
    out.clear();
    const nlohmann::json* value = member(input, name);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_array()) {
        return invalid(name, *value, "Must be a list of strings.");
    }
    for (const auto& item : *value) {
        if (!item.is_string()) {
            return invalid(name, *value, "Must be a list of strings.");
        }
        out.push_back(item.get<std::string>());
    }
    return std::nullopt;
}

std::optional<SqsError> string_map(const nlohmann::json& input,
                                   std::string_view name,
                                   SqsErrorKind invalid_kind,
                                   std::map<std::string, std::string, std::less<>>& out) {
    out.clear();
    const nlohmann::json* value = member(input, name);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_object()) {
        return invalid(name, *value, "Must be a map of strings.");
    }
    for (const auto& [key, item] : value->items()) {
        if (!item.is_string()) {
            return SqsError{invalid_kind, "Invalid value for the parameter " + key + "."};
        }
        out[key] = item.get<std::string>();
    }
    return std::nullopt;
}

std::optional<SqsError> message_attributes(const nlohmann::json& input,
                                           std::vector<notify::QueueMessageAttribute>& out) {
    out.clear();
    const nlohmann::json* value = member(input, "MessageAttributes");
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_object()) {
        return invalid("MessageAttributes", *value, "Must be a map.");
    }
    for (const auto& [name, attribute] : value->items()) {
        const nlohmann::json* type = member(attribute, "DataType");
        if (type == nullptr || !type->is_string() || type->get<std::string>().empty()) {
            return SqsError{SqsErrorKind::kInvalidParameterValue,
                            "The message attribute '" + name +
                                "' must contain non-empty message attribute type."};
        }
        if (member(attribute, "StringListValues") != nullptr ||
            member(attribute, "BinaryListValues") != nullptr) {
            return SqsError{SqsErrorKind::kInvalidParameterValue,
                            "Message attribute list values in SendMessage operation are not "
                            "supported."};
        }
        notify::QueueMessageAttribute out_attribute;
        out_attribute.name = name;
        out_attribute.data_type = type->get<std::string>();
        const bool binary = out_attribute.data_type.starts_with("Binary");
        const nlohmann::json* data = member(attribute, binary ? "BinaryValue" : "StringValue");
        if (data != nullptr && data->is_string()) {
            out_attribute.value = data->get<std::string>();
        }
        out.push_back(std::move(out_attribute));
    }
    return std::nullopt;
}

std::optional<SqsError> queue_ref(SqsRequest& request, notify::QueueRef& out) {
    std::optional<std::string> url;
    if (auto error = optional_string(request.input, "QueueUrl", url)) {
        return error;
    }
    if (!url || url->empty()) {
        // Requests may be sent to the queue's URL itself.
        const std::string path = request.call.http != nullptr ? request.call.http->path : "";
        if (path.size() > 1 && notify::QueueService::parse_queue_url(path)) {
            url = path;
        } else {
            return missing("QueueUrl");
        }
    }
    auto parsed = notify::QueueService::parse_queue_url(*url);
    if (!parsed || parsed->first != request.call.principal.account_id) {
        return SqsError{SqsErrorKind::kQueueDoesNotExist, "The specified queue does not exist."};
    }
    out = {parsed->first, request.call.region, parsed->second};
    if (request.data_event) {
        request.call.resources.push_back(
            {"AWS::SQS::Queue", notify::QueueService::queue_arn(out), out.account_id});
    }
    return std::nullopt;
}

nlohmann::json recorded_parameters(const nlohmann::json& input) {
    if (!input.is_object() || input.empty()) {
        return nullptr;
    }
    nlohmann::json out = lower_camel_keys(input);
    auto hide = [](nlohmann::json& object) {
        if (object.contains("messageBody")) {
            object["messageBody"] = "HIDDEN_DUE_TO_SECURITY_REASONS";
        }
    };
    hide(out);
    if (out.contains("entries") && out["entries"].is_array()) {
        for (auto& entry : out["entries"]) {
            if (entry.is_object()) {
                entry = lower_camel_keys(entry);
                hide(entry);
            }
        }
    }
    return out;
}

nlohmann::json recorded_response(const nlohmann::json& output) {
    if (!output.is_object() || output.empty()) {
        return nullptr;
    }
    nlohmann::json out = lower_camel_keys(output);
    for (const char* list : {"successful", "failed"}) {
        if (out.contains(list) && out[list].is_array()) {
            for (auto& entry : out[list]) {
                if (entry.is_object()) {
                    entry = lower_camel_keys(entry);
                }
            }
        }
    }
    return out;
}

}  // namespace tripline::api::services::sqs
