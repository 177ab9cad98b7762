// Helpers shared by the CloudWatch operation files (cloudwatch_service.cpp,
// cloudwatch_metric_ops.cpp, cloudwatch_alarm_ops.cpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/api_call.h"
#include "api/api_error.h"
#include "base/coded_result.h"
#include "metrics/metric_service.h"

namespace tripline::api::services::cloudwatch {

ApiError to_api(const CodedError& error);
metrics::MetricScope scope_of(const ApiCall& call);
std::optional<std::string> text_member(const nlohmann::json& input, const char* name);
std::vector<std::string> text_list(const nlohmann::json& input, const char* name);
storage::MetricDimensions dimensions_of(const nlohmann::json& input);
nlohmann::json dimensions_json(const storage::MetricDimensions& dimensions);
ApiError missing(const std::string& member);
ApiError invalid_value(const std::string& message);

}  // namespace tripline::api::services::cloudwatch
