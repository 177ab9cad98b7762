// CloudWatch's two wire forms, reduced to one. Requests: the query protocol's flattened form
// (`AlarmActions.member.1=…&Dimensions.member.1.Name=…&MetricData.member.2.StatisticValues.Sum=…`,
// CLI v2) becomes the JSON input that JSON 1.0 sends for the same call (CLI v1), with numbers and
// booleans typed by member name. Replies: an operation's JSON output becomes the <…Result> XML of
// the query protocol (lists as <member> elements). Timestamps are ISO-8601 strings in both (the
// JSON parsers of the SDKs accept them). Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/query_form.h"
#include "base/clock.h"

namespace tripline::api::services::cloudwatch {

nlohmann::json query_form_to_input(const QueryForm& form);
std::string output_to_result_xml(const nlohmann::json& output);

// A timestamp member: epoch seconds (JSON) or ISO-8601 text (query).
std::optional<TimePoint> parse_timestamp(const nlohmann::json& value);

}  // namespace tripline::api::services::cloudwatch
