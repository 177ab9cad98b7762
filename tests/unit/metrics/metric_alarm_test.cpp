// PutMetricAlarm parsing and validation (metric_alarm.h).
#include "metrics/metric_alarm.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tripline::metrics {
namespace {

using nlohmann::json;

json base_request() {
    return json::parse(R"({"AlarmName":"CIS.3.10","Namespace":"LogMetrics","MetricName":"CIS.3.10",
        "Statistic":"Sum","Period":300,"EvaluationPeriods":1,"Threshold":1,
        "ComparisonOperator":"GreaterThanOrEqualToThreshold",
        "AlarmActions":["arn:aws:sns:us-east-1:111122223333:alerts"]})");
}

std::string error_of(const json& request) {
    auto parsed = parse_put_metric_alarm(request);
    if (parsed) {
        return "accepted";
    }
    EXPECT_EQ(parsed.error().code, Errc::kInvalidArgument);
    return parsed.error().message;
}

TEST(MetricAlarm, StateNames) {
    EXPECT_STREQ(alarm_state_name(AlarmState::kOk), "OK");
    EXPECT_STREQ(alarm_state_name(AlarmState::kAlarm), "ALARM");
    EXPECT_STREQ(alarm_state_name(AlarmState::kInsufficientData), "INSUFFICIENT_DATA");
    EXPECT_EQ(parse_alarm_state("ALARM"), AlarmState::kAlarm);
    EXPECT_EQ(parse_alarm_state("INSUFFICIENT_DATA"), AlarmState::kInsufficientData);
    EXPECT_EQ(parse_alarm_state("ok"), std::nullopt);
}

TEST(MetricAlarm, ParsesDefaults) {
    auto a = parse_put_metric_alarm(base_request());
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->name, "CIS.3.10");
    EXPECT_FALSE(a->has_description);
    EXPECT_TRUE(a->actions_enabled);
    EXPECT_EQ(a->statistic, "Sum");
    EXPECT_EQ(a->period, 300);
    EXPECT_EQ(a->evaluation_periods, 1);
    EXPECT_EQ(a->datapoints_to_alarm, std::nullopt);
    EXPECT_EQ(a->datapoints_required(), 1);
    EXPECT_EQ(a->threshold, 1.0);
    EXPECT_EQ(a->treat_missing_data, "missing");
    EXPECT_EQ(a->alarm_actions.size(), 1u);
    EXPECT_TRUE(a->unit.empty());
}

TEST(MetricAlarm, DatapointsRequiredIsMOrN) {
    json r = base_request();
    r["EvaluationPeriods"] = 5;
    EXPECT_EQ(parse_put_metric_alarm(r)->datapoints_required(), 5);
    r["DatapointsToAlarm"] = 2;
    EXPECT_EQ(parse_put_metric_alarm(r)->datapoints_required(), 2);
}

TEST(MetricAlarm, QueryProtocolStrings) {
    json r = base_request();
    r["Period"] = "60";
    r["Threshold"] = "2.5";
    r["ActionsEnabled"] = "false";
    auto a = parse_put_metric_alarm(r);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->period, 60);
    EXPECT_EQ(a->threshold, 2.5);
    EXPECT_FALSE(a->actions_enabled);
}

TEST(MetricAlarm, RoundTrips) {
    json r = base_request();
    r["AlarmDescription"] = "";
    r["Dimensions"] = json::parse(R"([{"Name":"TableName","Value":"orders"}])");
    r["Unit"] = "Count";
    r["EvaluationPeriods"] = 3;
    r["DatapointsToAlarm"] = 2;
    r["TreatMissingData"] = "notBreaching";
    r["Tags"] = json::parse(R"([{"Key":"team","Value":"sec"}])");
    auto a = parse_put_metric_alarm(r);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_TRUE(a->has_description);
    json fields = put_metric_alarm_fields(*a);
    auto b = parse_put_metric_alarm(fields);
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_EQ(put_metric_alarm_fields(*b), fields);
    EXPECT_EQ(fields["Dimensions"][0]["Name"], "TableName");
    EXPECT_EQ(fields["DatapointsToAlarm"], 2);
    EXPECT_EQ(fields["Unit"], "Count");
    EXPECT_EQ(fields["AlarmDescription"], "");
}

TEST(MetricAlarm, PercentileAndMetricsAlarmsRoundTrip) {
    json r = base_request();
    r.erase("Statistic");
    r["ExtendedStatistic"] = "p99.9";
    r["EvaluateLowSampleCountPercentile"] = "ignore";
    auto a = parse_put_metric_alarm(r);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->extended_statistic, "p99.9");
    EXPECT_EQ(put_metric_alarm_fields(*parse_put_metric_alarm(put_metric_alarm_fields(*a))),
              put_metric_alarm_fields(*a));

    json ad = json::parse(R"J({"AlarmName":"ad","EvaluationPeriods":1,"DatapointsToAlarm":1,
      "ComparisonOperator":"LessThanLowerOrGreaterThanUpperThreshold","ThresholdMetricId":"ad1",
      "Metrics":[{"Id":"m1","ReturnData":true,"MetricStat":{"Metric":{"Namespace":"AWS/EC2",
        "MetricName":"CPUUtilization","Dimensions":[{"Name":"InstanceId","Value":"i-1"}]},
        "Period":300,"Stat":"Average"}},
       {"Id":"ad1","Expression":"ANOMALY_DETECTION_BAND(m1, 2)","ReturnData":true}]})J");
    auto b = parse_put_metric_alarm(ad);
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_TRUE(b->uses_band());
    EXPECT_EQ(b->period, 300);
    EXPECT_EQ(put_metric_alarm_fields(*parse_put_metric_alarm(put_metric_alarm_fields(*b))),
              put_metric_alarm_fields(*b));
}

TEST(MetricAlarm, ValidationErrors) {
    struct Row {
        const char* member;
        json value;  // null = remove
        std::string error;
    };
    const std::vector<Row> rows = {
        {"AlarmName",
         nullptr,
         "ValidationError: 1 validation error detected: Value null at 'alarmName' failed to "
         "satisfy constraint: Member must not be null"},
        {"AlarmName",
         "",
         "ValidationError: 1 validation error detected: Value '' at 'alarmName' failed to "
         "satisfy constraint: Member must have length greater than or equal to 1"},
        {"AlarmName",
         std::string(256, 'a'),
         "ValidationError: 1 validation error detected: Value '" + std::string(256, 'a') +
             "' at 'alarmName' failed to satisfy constraint: Member must have length less than "
             "or equal to 255"},
        {"EvaluationPeriods",
         0,
         "ValidationError: 1 validation error detected: Value '0' at 'evaluationPeriods' failed "
         "to satisfy constraint: Member must have value greater than or equal to 1"},
        {"EvaluationPeriods",
         nullptr,
         "ValidationError: 1 validation error detected: Value null at 'evaluationPeriods' failed "
         "to satisfy constraint: Member must not be null"},
        {"DatapointsToAlarm",
         2,
         "ValidationError: DatapointsToAlarm must be less than or equal to EvaluationPeriods"},
        {"Period", 45, "ValidationError: Period must be 10, 20, 30 or a multiple of 60 (got 45)."},
        {"Period", 1.5, "InvalidParameterValue: The parameter Period must be an integer."},
        {"Statistic",
         "Total",
         "ValidationError: 1 validation error detected: Value 'Total' at 'statistic' failed to "
         "satisfy constraint: Member must satisfy enum value set: [SampleCount, Average, Sum, "
         "Minimum, Maximum]"},
        {"Statistic",
         nullptr,
         "ValidationError: One of Statistic and ExtendedStatistic must be specified."},
        {"ExtendedStatistic",
         "p99",
         "InvalidParameterCombination: Statistic and ExtendedStatistic cannot both be "
         "specified."},
        {"ComparisonOperator",
         "GreaterThan",
         "ValidationError: 1 validation error detected: Value 'GreaterThan' at "
         "'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
         "[GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, "
         "LessThanOrEqualToThreshold, LessThanLowerOrGreaterThanUpperThreshold, "
         "LessThanLowerThreshold, GreaterThanUpperThreshold]"},
        {"ComparisonOperator",
         "GreaterThanUpperThreshold",
         "ValidationError: ComparisonOperators for ranges require ThresholdMetricId to be set"},
        {"Threshold",
         nullptr,
         "ValidationError: 1 validation error detected: Value null at 'threshold' failed to "
         "satisfy constraint: Member must not be null"},
        {"TreatMissingData",
         "zero",
         "ValidationError: Option zero is not a valid TreatMissingData value. Valid options are: "
         "[breaching, notBreaching, ignore, missing]"},
        {"EvaluateLowSampleCountPercentile",
         "skip",
         "ValidationError: Option skip is not recognized for EvaluateLowSampleCountPercentile. "
         "Valid options are: [ignore, evaluate]"},
        {"Unit",
         "Apples",
         "ValidationError: 1 validation error detected: Value 'Apples' at 'unit' failed to "
         "satisfy constraint: Member must satisfy enum value set: [Seconds, Microseconds, "
         "Milliseconds, Bytes, Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits, "
         "Megabits, Gigabits, Terabits, Percent, Count, Bytes/Second, Kilobytes/Second, "
         "Megabytes/Second, Gigabytes/Second, Terabytes/Second, Bits/Second, Kilobits/Second, "
         "Megabits/Second, Gigabits/Second, Terabits/Second, Count/Second, None]"},
        {"AlarmActions",
         json::array({"a", "b", "c", "d", "e", "f"}),
         "ValidationError: 1 validation error detected: Value '[\"a\",\"b\",\"c\",\"d\",\"e\","
         "\"f\"]' at 'alarmActions' failed to satisfy constraint: Member must have length less "
         "than or equal to 5"},
        {"OKActions",
         json::array({"not-an-arn"}),
         "ValidationError: Invalid arn syntax: not-an-arn"},
        {"MetricName",
         nullptr,
         "ValidationError: 1 validation error detected: Value null at 'metricName' failed to "
         "satisfy constraint: Member must not be null"},
    };
    for (const Row& row : rows) {
        json r = base_request();
        if (row.value.is_null()) {
            r.erase(row.member);
        } else {
            r[row.member] = row.value;
        }
        EXPECT_EQ(error_of(r), row.error) << row.member << " = " << row.value.dump();
    }
}

TEST(MetricAlarm, PeriodTimesEvaluationPeriodsLimits) {
    json r = base_request();
    r["Period"] = 60;
    r["EvaluationPeriods"] = 1441;
    EXPECT_EQ(error_of(r),
              "ValidationError: Metrics cannot be checked across more than a day "
              "(EvaluationPeriods * Period must be <= 86400).");
    r["EvaluationPeriods"] = 1440;
    EXPECT_EQ(error_of(r), "accepted");
    r["Period"] = 3600;
    r["EvaluationPeriods"] = 169;
    EXPECT_EQ(error_of(r),
              "ValidationError: Metrics cannot be checked across more than 7 days "
              "(EvaluationPeriods * Period must be <= 604800).");
    r["EvaluationPeriods"] = 168;
    EXPECT_EQ(error_of(r), "accepted");
    for (int p : {10, 20, 30, 120}) {
        r["Period"] = p;
        r["EvaluationPeriods"] = 1;
        EXPECT_EQ(error_of(r), "accepted") << p;
    }
}

TEST(MetricAlarm, MetricsExcludeSingleMetricFields) {
    json r = json::parse(R"({"AlarmName":"m","EvaluationPeriods":1,"Threshold":1,
      "ComparisonOperator":"GreaterThanThreshold","MetricName":"x",
      "Metrics":[{"Id":"e1","Expression":"m1*2","ReturnData":true}]})");
    EXPECT_EQ(error_of(r),
              "InvalidParameterCombination: MetricName, Namespace, Statistic, ExtendedStatistic, "
              "Dimensions and Unit cannot be specified together with Metrics.");
    r.erase("MetricName");
    r["Metrics"].push_back(json::parse(R"({"Id":"e2","Expression":"m1*3"})"));
    EXPECT_EQ(error_of(r),
              "ValidationError: Exactly one element of the metrics list should return data.");
}

}  // namespace
}  // namespace tripline::metrics
