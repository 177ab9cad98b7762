// Helpers of the EventBridge API handlers: reading JSON 1.1 input members with the model's types,
// mapping bus errors to AWS's error names, writing rules/buses/tags as the model shapes them, and
// CloudTrail's lowerCamelCase requestParameters.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_call.h"
#include "api/api_error.h"
#include "base/result.h"
#include "bus/bus_model.h"
#include "bus/bus_service.h"

namespace tripline::api::services::events {

// The caller's account and region.
bus::Scope scope_of(const ApiCall& call);

// A string member: nullopt when absent or null; an ApiError (SerializationException) when present
// with another type. Required: ValidationException "Value null at '<field>' …".
Result<std::optional<std::string>> optional_string(const nlohmann::json& input, const char* member);
Result<std::string> required_string(const nlohmann::json& input,
                                    const char* member,
                                    std::string_view field);
// Integer Limit (1–100) and boolean members.
Result<int> optional_limit(const nlohmann::json& input);
bool optional_bool(const nlohmann::json& input, const char* member);
Result<std::vector<bus::Tag>> optional_tags(const nlohmann::json& input, const char* member);

// The AWS error for a bus error: kInvalidArgument → ValidationException (or
// InvalidEventPatternException for pattern messages), kNotFound → ResourceNotFoundException,
// kAlreadyExists → ResourceAlreadyExistsException, kLimitExceeded → LimitExceededException,
// kFailedPrecondition → ValidationException, anything else → InternalException (500).
ApiError to_api_error(const Error& error);
// Error name for a per-entry failure (PutTargets/RemoveTargets FailedEntries).
std::string entry_error_code(const Error& error);

nlohmann::json rule_to_json(const bus::Rule& rule, bool describe);
nlohmann::json bus_to_json(const bus::EventBus& bus);
nlohmann::json tags_to_json(const std::vector<bus::Tag>& tags);

// The input with every object key's first letter lower-cased (CloudTrail's requestParameters).
nlohmann::json lower_camel(const nlohmann::json& value);

// A JSON 1.1 success reply whose body is already-written JSON text (keeps member order).
HttpResponse json_text_reply(const ApiCall& call, std::string body);

}  // namespace tripline::api::services::events
