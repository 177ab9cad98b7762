#include "metrics/metric_alarm.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "metrics/metric_alarm_validation.h"

namespace tripline::metrics {

using namespace detail;  // NOLINT: this file is the validators' only user

const char* alarm_state_name(AlarmState state) {
    switch (state) {
        case AlarmState::kOk:
            return "OK";
        case AlarmState::kAlarm:
            return "ALARM";
        case AlarmState::kInsufficientData:
            return "INSUFFICIENT_DATA";
    }
    return "INSUFFICIENT_DATA";
}

std::optional<AlarmState> parse_alarm_state(std::string_view name) {
    if (name == "OK") {
        return AlarmState::kOk;
    }
    if (name == "ALARM") {
        return AlarmState::kAlarm;
    }
    if (name == "INSUFFICIENT_DATA") {
        return AlarmState::kInsufficientData;
    }
    return std::nullopt;
}

int MetricAlarm::datapoints_required() const {
    return datapoints_to_alarm.value_or(evaluation_periods);
}

bool MetricAlarm::uses_band() const {
    return comparison_operator == "LessThanLowerOrGreaterThanUpperThreshold" ||
           comparison_operator == "LessThanLowerThreshold" ||
           comparison_operator == "GreaterThanUpperThreshold";
}

#define TRIPLINE_GET(var, getter, member)   \
    auto var##_r = getter(request, member); \
    if (!var##_r) {                         \
        return std::move(var##_r).error();  \
    }                                       \
    auto var = *var##_r

Result<MetricAlarm> parse_put_metric_alarm(const nlohmann::json& request) {
    if (!request.is_object()) {
        return fail("ValidationError", "The request must be a JSON object.");
    }
    MetricAlarm alarm;

    TRIPLINE_GET(name, get_string, "AlarmName");
    if (!name) {
        return missing("AlarmName");
    }
    TRIPLINE_TRY(check_length("AlarmName", *name, 1, 255));
    alarm.name = *name;

    TRIPLINE_GET(description, get_string, "AlarmDescription");
    if (description) {
        TRIPLINE_TRY(check_length("AlarmDescription", *description, 0, 1024));
        alarm.description = *description;
        alarm.has_description = true;
    }
    TRIPLINE_GET(enabled, get_bool, "ActionsEnabled");
    alarm.actions_enabled = enabled.value_or(true);
    TRIPLINE_GET(ok_actions, get_actions, "OKActions");
    TRIPLINE_GET(alarm_actions, get_actions, "AlarmActions");
    TRIPLINE_GET(insufficient_actions, get_actions, "InsufficientDataActions");
    alarm.ok_actions = std::move(ok_actions);
    alarm.alarm_actions = std::move(alarm_actions);
    alarm.insufficient_data_actions = std::move(insufficient_actions);

    TRIPLINE_GET(threshold_metric_id, get_string, "ThresholdMetricId");
    alarm.threshold_metric_id = threshold_metric_id.value_or("");

    TRIPLINE_GET(metric_name, get_string, "MetricName");
    TRIPLINE_GET(namespace_, get_string, "Namespace");
    TRIPLINE_GET(statistic, get_string, "Statistic");
    TRIPLINE_GET(extended, get_string, "ExtendedStatistic");
    TRIPLINE_GET(period, get_int, "Period");
    TRIPLINE_GET(unit, get_string, "Unit");
    const bool has_metrics = request.contains("Metrics") && !request["Metrics"].is_null();

    if (has_metrics) {
        if (metric_name || namespace_ || statistic || extended ||
            (request.contains("Dimensions") && !request["Dimensions"].is_null()) || unit) {
            return fail("InvalidParameterCombination",
                        "MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions and Unit "
                        "cannot be specified together with Metrics.");
        }
        TRIPLINE_TRY(parse_metrics(request["Metrics"], alarm));
        if (period) {
            alarm.period = *period;
        } else {
            // The period of the data: the first MetricStat's.
            for (const json& m : alarm.metrics) {
                if (m.contains("MetricStat") && m["MetricStat"].contains("Period") &&
                    m["MetricStat"]["Period"].is_number_integer()) {
                    alarm.period = m["MetricStat"]["Period"].get<int>();
                    break;
                }
            }
        }
    } else {
        if (!metric_name) {
            return missing("MetricName");
        }
        TRIPLINE_TRY(check_length("MetricName", *metric_name, 1, 255));
        if (!namespace_) {
            return missing("Namespace");
        }
        TRIPLINE_TRY(check_length("Namespace", *namespace_, 1, 255));
        alarm.metric_name = *metric_name;
        alarm.namespace_ = *namespace_;
        if (statistic && extended) {
            return fail("InvalidParameterCombination",
                        "Statistic and ExtendedStatistic cannot both be specified.");
        }
        if (!statistic && !extended) {
            return fail("ValidationError",
                        "One of Statistic and ExtendedStatistic must be specified.");
        }
        if (statistic) {
            if (!one_of(kStatistics, *statistic)) {
                return constraint("Statistic",
                                  in_quotes(*statistic),
                                  "satisfy enum value set: [" + join(kStatistics) + "]");
            }
            alarm.statistic = *statistic;
        } else {
            if (!valid_extended_statistic(*extended)) {
                return fail("InvalidParameterValue",
                            "The value " + *extended +
                                " for parameter ExtendedStatistic is not supported.");
            }
            alarm.extended_statistic = *extended;
        }
        TRIPLINE_TRY(parse_dimensions(request, alarm));
        if (!period) {
            return missing("Period");
        }
        alarm.period = *period;
        if (unit) {
            if (!one_of(kUnits, *unit)) {
                return constraint(
                    "Unit", in_quotes(*unit), "satisfy enum value set: [" + join(kUnits) + "]");
            }
            alarm.unit = *unit;
        }
    }
    if (alarm.period < 1) {
        return constraint("Period",
                          in_quotes(std::to_string(alarm.period)),
                          "have value greater than or equal to 1");
    }
    if (alarm.period != 10 && alarm.period != 20 && alarm.period != 30 && alarm.period % 60 != 0) {
        return fail("ValidationError",
                    "Period must be 10, 20, 30 or a multiple of 60 (got " +
                        std::to_string(alarm.period) + ").");
    }

    TRIPLINE_GET(evaluation_periods, get_int, "EvaluationPeriods");
    if (!evaluation_periods) {
        return missing("EvaluationPeriods");
    }
    if (*evaluation_periods < 1) {
        return constraint("EvaluationPeriods",
                          in_quotes(std::to_string(*evaluation_periods)),
                          "have value greater than or equal to 1");
    }
    alarm.evaluation_periods = *evaluation_periods;
    TRIPLINE_GET(datapoints, get_int, "DatapointsToAlarm");
    if (datapoints) {
        if (*datapoints < 1) {
            return constraint("DatapointsToAlarm",
                              in_quotes(std::to_string(*datapoints)),
                              "have value greater than or equal to 1");
        }
        if (*datapoints > alarm.evaluation_periods) {
            return fail("ValidationError",
                        "DatapointsToAlarm must be less than or equal to EvaluationPeriods");
        }
        alarm.datapoints_to_alarm = *datapoints;
    }
    const long long span = static_cast<long long>(alarm.period) * alarm.evaluation_periods;
    if (alarm.period < 3600 && span > 86400) {
        return fail("ValidationError",
                    "Metrics cannot be checked across more than a day (EvaluationPeriods * Period "
                    "must be <= 86400).");
    }
    if (span > 604800) {
        return fail("ValidationError",
                    "Metrics cannot be checked across more than 7 days (EvaluationPeriods * Period "
                    "must be <= 604800).");
    }

    TRIPLINE_GET(op, get_string, "ComparisonOperator");
    if (!op) {
        return missing("ComparisonOperator");
    }
    if (!one_of(kOperators, *op)) {
        return constraint("ComparisonOperator",
                          in_quotes(*op),
                          "satisfy enum value set: [" + join(kOperators) + "]");
    }
    alarm.comparison_operator = *op;
    TRIPLINE_GET(threshold, get_number, "Threshold");
    if (alarm.uses_band()) {
        if (alarm.threshold_metric_id.empty()) {
            return fail("ValidationError",
                        "ComparisonOperators for ranges require ThresholdMetricId to be set");
        }
        if (threshold) {
            return fail("InvalidParameterCombination",
                        "Threshold cannot be specified together with ThresholdMetricId.");
        }
    } else {
        if (!alarm.threshold_metric_id.empty()) {
            return fail("ValidationError",
                        "ThresholdMetricId can only be used with the operators "
                        "LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold and "
                        "GreaterThanUpperThreshold");
        }
        if (!threshold) {
            return missing("Threshold");
        }
        alarm.threshold = *threshold;
    }

    TRIPLINE_GET(treat_missing, get_string, "TreatMissingData");
    if (treat_missing) {
        if (!one_of(kTreatMissing, *treat_missing)) {
            return fail("ValidationError",
                        "Option " + *treat_missing +
                            " is not a valid TreatMissingData value. Valid options are: [" +
                            join(kTreatMissing) + "]");
        }
        alarm.treat_missing_data = *treat_missing;
    }
    TRIPLINE_GET(low_sample, get_string, "EvaluateLowSampleCountPercentile");
    if (low_sample && !low_sample->empty()) {
        if (*low_sample != "evaluate" && *low_sample != "ignore") {
            return fail(
                "ValidationError",
                "Option " + *low_sample +
                    " is not recognized for EvaluateLowSampleCountPercentile. Valid options "
                    "are: [ignore, evaluate]");
        }
        alarm.evaluate_low_sample_count_percentile = *low_sample;
    }
    TRIPLINE_TRY(parse_tags(request, alarm));
    return alarm;
}

#undef TRIPLINE_GET

nlohmann::json put_metric_alarm_fields(const MetricAlarm& alarm) {
    json out = json::object();
    out["AlarmName"] = alarm.name;
    if (alarm.has_description) {
        out["AlarmDescription"] = alarm.description;
    }
    out["ActionsEnabled"] = alarm.actions_enabled;
    out["OKActions"] = alarm.ok_actions;
    out["AlarmActions"] = alarm.alarm_actions;
    out["InsufficientDataActions"] = alarm.insufficient_data_actions;
    if (alarm.metrics.is_array()) {
        out["Metrics"] = alarm.metrics;
        out["Period"] = alarm.period;
    } else {
        out["MetricName"] = alarm.metric_name;
        out["Namespace"] = alarm.namespace_;
        if (!alarm.extended_statistic.empty()) {
            out["ExtendedStatistic"] = alarm.extended_statistic;
        } else {
            out["Statistic"] = alarm.statistic;
        }
        json dims = json::array();
        for (const auto& [name, value] : alarm.dimensions) {
            dims.push_back({{"Name", name}, {"Value", value}});
        }
        out["Dimensions"] = dims;
        out["Period"] = alarm.period;
        if (!alarm.unit.empty()) {
            out["Unit"] = alarm.unit;
        }
    }
    out["EvaluationPeriods"] = alarm.evaluation_periods;
    if (alarm.datapoints_to_alarm) {
        out["DatapointsToAlarm"] = *alarm.datapoints_to_alarm;
    }
    if (!alarm.threshold_metric_id.empty()) {
        out["ThresholdMetricId"] = alarm.threshold_metric_id;
    } else {
        out["Threshold"] = alarm.threshold;
    }
    out["ComparisonOperator"] = alarm.comparison_operator;
    out["TreatMissingData"] = alarm.treat_missing_data;
    if (!alarm.evaluate_low_sample_count_percentile.empty()) {
        out["EvaluateLowSampleCountPercentile"] = alarm.evaluate_low_sample_count_percentile;
    }
    if (alarm.tags.is_array() && !alarm.tags.empty()) {
        out["Tags"] = alarm.tags;
    }
    return out;
}

}  // namespace tripline::metrics
