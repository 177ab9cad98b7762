// MetricAlarm: the definition of a CloudWatch metric alarm (issue 9, item 5), as PutMetricAlarm
// takes it (docs/alarms.md, spec cloudwatch.md §3): the watched metric (or a metric-math / anomaly
// detection `Metrics` list with `ThresholdMetricId`), the statistic, period, M of N, threshold and
// comparison operator, TreatMissingData, EvaluateLowSampleCountPercentile, actions and tags.
// parse_put_metric_alarm() validates a request given with AWS's member names;
// put_metric_alarm_fields() writes an alarm back with the same names, and the two round-trip.
//
// Thread-safety: plain values and pure functions.
// Errors: parse_put_metric_alarm() returns Errc::kInvalidArgument whose message starts with the AWS
// error code, "Code: text" - ValidationError, InvalidParameterValue, InvalidParameterCombination,
// MissingParameter - e.g. "ValidationError: DatapointsToAlarm must be less than or equal to
// EvaluationPeriods". The code never contains a space; the text follows ": ".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::metrics {

enum class AlarmState { kOk, kAlarm, kInsufficientData };

// "OK" | "ALARM" | "INSUFFICIENT_DATA".
const char* alarm_state_name(AlarmState state);
// The inverse of alarm_state_name(); nullopt for anything else (case-sensitive, as AWS).
std::optional<AlarmState> parse_alarm_state(std::string_view name);

struct MetricAlarm {
    std::string name;
    std::string description;
    bool has_description = false;
    bool actions_enabled = true;
    std::vector<std::string> ok_actions;
    std::vector<std::string> alarm_actions;
    std::vector<std::string> insufficient_data_actions;
    std::string metric_name;
    std::string namespace_;
    std::string statistic;           // Sum|Average|SampleCount|Minimum|Maximum; empty with extended
    std::string extended_statistic;  // "p99", "p99.9", "tm90", ... (empty with statistic)
    std::vector<std::pair<std::string, std::string>> dimensions;  // name, value
    int period = 60;                                              // seconds
    std::string unit;                                             // empty = none
    int evaluation_periods = 1;                                   // N
    std::optional<int> datapoints_to_alarm;                       // M when set
    double threshold = 0;
    std::string comparison_operator;                   // AWS's names (GreaterThanThreshold, ...)
    std::string treat_missing_data = "missing";        // missing|ignore|breaching|notBreaching
    std::string evaluate_low_sample_count_percentile;  // "", "evaluate" or "ignore"
    nlohmann::json tags = nlohmann::json::array();     // [{"Key","Value"}]
    // Metric-math / anomaly-detection alarms: the MetricDataQuery list as given (AWS's member
    // names), and the id of the ANOMALY_DETECTION_BAND expression. Null / empty otherwise.
    nlohmann::json metrics = nullptr;
    std::string threshold_metric_id;

    // M: DatapointsToAlarm, or EvaluationPeriods when it is not set.
    int datapoints_required() const;
    // True for the anomaly-band operators (LessThanLowerOrGreaterThanUpperThreshold,
    // LessThanLowerThreshold, GreaterThanUpperThreshold).
    bool uses_band() const;
};

// Parses and validates PutMetricAlarm's fields given as a JSON object with AWS's member names
// (AlarmName, Period, ...; Dimensions [{Name, Value}], Tags [{Key, Value}]). Numbers may also be
// given as numeric strings and booleans as "true"/"false" (the Query protocol's form). Unknown
// members are ignored.
Result<MetricAlarm> parse_put_metric_alarm(const nlohmann::json& request);

// The alarm with AWS's member names (for DescribeAlarms and storage); optional members are written
// only when set. parse_put_metric_alarm(put_metric_alarm_fields(a)) gives `a` back.
nlohmann::json put_metric_alarm_fields(const MetricAlarm& alarm);

}  // namespace tripline::metrics
