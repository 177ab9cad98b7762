// The evaluation of a CloudWatch metric alarm over its evaluation range (docs/alarms.md, spec
// cloudwatch.md §3): M of N, the evaluation range (default N + 2 periods), TreatMissingData
// (missing | ignore | breaching | notBreaching; AWS/DynamoDB alarms always ignore), the
// premature-alarm rule, anomaly-band operators, EvaluateLowSampleCountPercentile=ignore, and the
// StateReason / StateReasonData AWS writes. Pure: the caller fetches the datapoints (one per
// period, oldest first, nullopt for a period without data) and applies the result.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "metrics/metric_alarm.h"

namespace tripline::metrics {

struct Datapoint {
    TimePoint period_start;
    std::optional<double> value;  // nullopt = missing
};

struct Evaluation {
    AlarmState state;    // the resulting state (== prior when kept)
    bool changed;        // state != prior
    std::string reason;  // StateReason in AWS's wording; empty when the state is kept
    // StateReasonData {"version":"1.0","queryDate",...}; null when kept.
    nlohmann::json reason_data;
};

// Extra inputs; every vector is either empty or has one entry per datapoint (same order).
struct EvaluationOptions {
    int evaluation_range = 0;  // periods; 0 = N + 2. Older datapoints are dropped.
    // The anomaly band [lower, upper] of each period (operators that use ThresholdMetricId); a
    // datapoint without a band counts as missing.
    std::vector<std::optional<std::pair<double, double>>> bands;
    // The number of samples behind each datapoint (percentile alarms with
    // EvaluateLowSampleCountPercentile=ignore keep their state when one evaluated datapoint has
    // fewer than low_sample_count_limit()).
    std::vector<std::optional<std::int64_t>> sample_counts;
};

// datapoints: the evaluation range, oldest first, one per period (the caller fills missing periods
// with nullopt). now = query time (StateReasonData's queryDate).
Evaluation evaluate_alarm(const MetricAlarm& alarm,
                          const std::vector<Datapoint>& datapoints,
                          AlarmState prior,
                          TimePoint now,
                          const EvaluationOptions& options = {});

// Whether one value breaches a static threshold under `comparison_operator` (false for unknown or
// band operators).
bool breaches_threshold(std::string_view comparison_operator, double value, double threshold);
// The same for the band operators: LessThanLowerOrGreaterThanUpperThreshold,
// LessThanLowerThreshold, GreaterThanUpperThreshold.
bool breaches_band(std::string_view comparison_operator, double value, double lower, double upper);

// The sample count below which a percentile is "low" (AWS: 10/(1-p) for 0.5 <= p < 1, 10/p for
// 0 < p < 0.5; p99 -> 1000); nullopt when the statistic is not a percentile "pNN" or is p0/p100.
std::optional<double> low_sample_count_limit(std::string_view extended_statistic);

}  // namespace tripline::metrics
