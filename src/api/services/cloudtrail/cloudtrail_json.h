// Helpers of the CloudTrail API handlers: reading JSON 1.1 members with the model's types, mapping
// the trail service's errors to AWS's exceptions, writing trails and statuses as the botocore model
// shapes them (timestamps as epoch seconds), and CloudTrail's lowerCamelCase requestParameters.
// Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/api_call.h"
#include "api/api_error.h"
#include "base/clock.h"
#include "trail/trail_errors.h"
#include "trail/trail_model.h"
#include "trail/trail_service.h"

namespace tripline::api::services::cloudtrail {

// The caller's account and region.
trail::TrailScope scope_of(const ApiCall& call);

// The AWS exception for a trail service error (TrailNotFoundException, ...); storage failures
// are InternalFailure (500).
ApiError to_api_error(const trail::TrailError& error);
// A member of the wrong JSON type: InvalidParameterException.
ApiError invalid_parameter(std::string message);

// Members by type; nullopt when absent or null, an error when present with another type.
trail::TrailResult<std::optional<std::string>> optional_string(const nlohmann::json& input,
                                                               const char* member);
trail::TrailResult<std::optional<bool>> optional_bool(const nlohmann::json& input,
                                                      const char* member);
trail::TrailResult<std::optional<std::vector<std::string>>> optional_string_list(
    const nlohmann::json& input, const char* member);
// A timestamp member: epoch seconds (number, as botocore sends them) or an ISO 8601 string.
trail::TrailResult<std::optional<TimePoint>> optional_time(const nlohmann::json& input,
                                                           const char* member);
// A member that is present and not null.
const nlohmann::json* present(const nlohmann::json& input, const char* member);

double epoch_seconds(TimePoint t);

// DescribeTrails' / GetTrail's Trail structure.
nlohmann::json trail_to_json(const trail::Trail& trail);
// CreateTrail's / UpdateTrail's response (no HomeRegion, HasCustomEventSelectors, ...).
nlohmann::json trail_settings_to_json(const trail::Trail& trail);
// GetTrailStatus' response, with the string twins ("" when never).
nlohmann::json trail_status_to_json(const trail::Trail& trail);
nlohmann::json tags_to_json(const std::vector<trail::TrailTag>& tags);

// The value with every object key's first letter lower-cased (CloudTrail's requestParameters and
// responseElements: "TrailARN" -> "trailARN").
nlohmann::json lower_camel(const nlohmann::json& value);

// Records the trail as the call's resource (AWS::CloudTrail::Trail).
void record_trail_resource(ApiCall& call, const trail::Trail& trail);

}  // namespace tripline::api::services::cloudtrail
