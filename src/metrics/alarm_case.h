// The JSON form of one alarm-evaluation scenario, shared by `tripline alarms evaluate --batch`
// (docs/alarms.md) and the public test data (../shared/testdata/cwlogs/alarms.jsonl):
//
//   {"alarm": {PutMetricAlarm fields}, "datapoints": [[iso-time, value|null], ...] (oldest first),
//    "prior_state": "OK"|"ALARM"|"INSUFFICIENT_DATA" (default INSUFFICIENT_DATA),
//    "evaluation_range": periods (default N+2), "now": iso-time (default: the newest period's end),
//    "samples_per_period": {iso-time: [samples...] | count} or [count|[samples...]|null, ...],
//    "band": [[iso-time, lower, upper] | [lower, upper] | null, ...]}
//
// Thread-safety: pure functions.
// Errors: Errc::kInvalidArgument - an alarm PutMetricAlarm rejects (its "Code: text" message) or a
// malformed member ("datapoints[2]: time '...' is not ISO 8601").
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "metrics/alarm_evaluator.h"
#include "metrics/metric_alarm.h"

namespace tripline::metrics {

struct AlarmCase {
    MetricAlarm alarm;
    std::vector<Datapoint> datapoints;
    AlarmState prior = AlarmState::kInsufficientData;
    TimePoint now;
    EvaluationOptions options;
};

Result<AlarmCase> parse_alarm_case(const nlohmann::json& line);

// parse_alarm_case() then evaluate_alarm().
Result<Evaluation> evaluate_alarm_case(const nlohmann::json& line);

}  // namespace tripline::metrics
