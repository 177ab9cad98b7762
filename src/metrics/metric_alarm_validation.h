// Internal to metric_alarm.cpp: PutMetricAlarm's member readers and validators, producing AWS's
// "Code: text" errors (metric_alarm.h). Not part of the module's interface.
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/standard_units.h"
#include "metrics/metric_alarm.h"

namespace tripline::metrics::detail {

using nlohmann::json;

inline constexpr std::array<std::string_view, 5> kStatistics = {
    "SampleCount", "Average", "Sum", "Minimum", "Maximum"};
inline constexpr std::array<std::string_view, 7> kOperators = {
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold"};
inline constexpr std::array<std::string_view, 4> kTreatMissing = {
    "breaching", "notBreaching", "ignore", "missing"};
inline constexpr const auto& kUnits = kStandardUnits;

template <std::size_t K>
bool one_of(const std::array<std::string_view, K>& set, std::string_view value) {
    return std::find(set.begin(), set.end(), value) != set.end();
}

template <std::size_t K>
std::string join(const std::array<std::string_view, K>& set) {
    std::string out;
    for (std::string_view s : set) {
        if (!out.empty()) {
            out += ", ";
        }
        out += s;
    }
    return out;
}

Error fail(std::string_view code, const std::string& text);
// AWS's model-validation wording: "1 validation error detected: Value '0' at 'period' failed to
// satisfy constraint: Member must ...".
Error constraint(std::string_view member, const std::string& value, const std::string& rule);
Error missing(std::string_view member);
std::string in_quotes(const std::string& s);

// Absent or null members read as nullopt; numbers may be numeric strings, booleans "true"/"false".
Result<std::optional<std::string>> get_string(const json& req, std::string_view member);
Result<std::optional<double>> get_number(const json& req, std::string_view member);
Result<std::optional<int>> get_int(const json& req, std::string_view member);
Result<std::optional<bool>> get_bool(const json& req, std::string_view member);
Result<std::vector<std::string>> get_actions(const json& req, std::string_view member);

// "p99", "p99.9", "tm90", "wm99", "tc90", "ts90", "TM(10%:90%)", "PR(:300)", "IQM".
bool valid_extended_statistic(const std::string& s);
Status check_length(std::string_view member,
                    const std::string& v,
                    std::size_t min,
                    std::size_t max);
Status parse_dimensions(const json& req, MetricAlarm& alarm);
Status parse_tags(const json& req, MetricAlarm& alarm);
// A Metrics list (metric math or anomaly detection): exactly one member returns data (unless a
// ThresholdMetricId is set); every member has an Id and either MetricStat or Expression.
Status parse_metrics(const json& metrics, MetricAlarm& alarm);

}  // namespace tripline::metrics::detail
