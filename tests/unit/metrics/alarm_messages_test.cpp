// Alarm notifications (alarm_messages.h): SNS subject, the JSON message byte for byte against
// spec §4's example, the e-mail body, region names, and the EventBridge state-change detail.
#include "metrics/alarm_messages.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "metrics/alarm_evaluator.h"

namespace tripline::metrics {
namespace {

using nlohmann::json;

TimePoint at(const char* iso) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
    return t;
}

AlarmTransition lambda_transition() {
    auto alarm = parse_put_metric_alarm(json::parse(R"({"AlarmName":"Test alarm",
        "MetricName":"ConcurrentExecutions","Namespace":"AWS/Lambda","Statistic":"Sum",
        "Dimensions":[{"Name":"n","Value":"v"}],"Period":60,"EvaluationPeriods":1,
        "DatapointsToAlarm":1,"Threshold":5,"ComparisonOperator":"GreaterThanThreshold",
        "AlarmActions":["arn:aws:sns:ca-central-1:123456789012:t"]})"));
    EXPECT_TRUE(alarm);
    AlarmTransition t;
    t.alarm = *alarm;
    t.account_id = "123456789012";
    t.region = "ca-central-1";
    t.alarm_arn = "arn:aws:cloudwatch:ca-central-1:123456789012:alarm:Test alarm";
    t.old_state = AlarmState::kInsufficientData;
    Evaluation e = evaluate_alarm(
        t.alarm, {{at("2022-09-25T18:49:00Z"), 6.0}}, t.old_state, at("2022-09-25T18:50:37.811Z"));
    t.new_state = e.state;
    t.reason = e.reason;
    t.reason_data = e.reason_data;
    t.change_time = at("2022-09-25T18:50:37.811Z");
    t.configuration_updated = at("2022-09-25T18:48:56.505Z");
    return t;
}

TEST(AlarmMessages, SnsJsonMessageMatchesSpecExample) {
    const std::string expected =
        R"x({"AlarmName":"Test alarm","AlarmDescription":null,"AWSAccountId":"123456789012",)x"
        R"x("AlarmConfigurationUpdatedTimestamp":"2022-09-25T18:48:56.505+0000","NewStateValue":"ALARM",)x"
        R"x("NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [6.0 (25/09/22 18:49:00)] was greater than the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).",)x"
        R"x("StateChangeTime":"2022-09-25T18:50:37.811+0000","Region":"Canada (Central)",)x"
        R"x("AlarmArn":"arn:aws:cloudwatch:ca-central-1:123456789012:alarm:Test alarm","OldStateValue":"INSUFFICIENT_DATA",)x"
        R"x("OKActions":[],"AlarmActions":["arn:aws:sns:ca-central-1:123456789012:t"],"InsufficientDataActions":[],)x"
        R"x("Trigger":{"MetricName":"ConcurrentExecutions","Namespace":"AWS/Lambda","StatisticType":"Statistic",)x"
        R"x("Statistic":"SUM","Unit":null,"Dimensions":[{"value":"v","name":"n"}],"Period":60,"EvaluationPeriods":1,)x"
        R"x("DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":5.0,)x"
        R"x("TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}})x";
    EXPECT_EQ(alarm_sns_message(lambda_transition()), expected);
}

TEST(AlarmMessages, TriggerVariants) {
    AlarmTransition t = lambda_transition();
    t.alarm.datapoints_to_alarm.reset();
    t.alarm.statistic.clear();
    t.alarm.extended_statistic = "p99";
    t.alarm.unit = "Count";
    t.alarm.has_description = true;
    t.alarm.description = "say \"hi\"";
    json m = json::parse(alarm_sns_message(t));
    EXPECT_EQ(m["AlarmDescription"], "say \"hi\"");
    EXPECT_EQ(m["Trigger"]["StatisticType"], "ExtendedStatistic");
    EXPECT_EQ(m["Trigger"]["ExtendedStatistic"], "p99");
    EXPECT_FALSE(m["Trigger"].contains("Statistic"));
    EXPECT_FALSE(m["Trigger"].contains("DatapointsToAlarm"));
    EXPECT_EQ(m["Trigger"]["Unit"], "Count");
    t.alarm.extended_statistic.clear();
    t.alarm.statistic = "SampleCount";
    EXPECT_EQ(json::parse(alarm_sns_message(t))["Trigger"]["Statistic"], "SAMPLE_COUNT");
}

TEST(AlarmMessages, Subject) {
    AlarmTransition t = lambda_transition();
    EXPECT_EQ(alarm_sns_subject(t), "ALARM: \"Test alarm\" in Canada (Central)");
    t.new_state = AlarmState::kOk;
    t.region = "us-east-1";
    t.alarm.name = "CloudTrailConfigChangesAlarm";
    EXPECT_EQ(alarm_sns_subject(t),
              "OK: \"CloudTrailConfigChangesAlarm\" in US East (N. Virginia)");
    t.new_state = AlarmState::kInsufficientData;
    t.region = "xx-test-9";
    EXPECT_EQ(alarm_sns_subject(t),
              "INSUFFICIENT_DATA: \"CloudTrailConfigChangesAlarm\" in xx-test-9");
}

TEST(AlarmMessages, RegionNames) {
    EXPECT_EQ(region_long_name("eu-west-1"), "EU (Ireland)");
    EXPECT_EQ(region_long_name("sa-east-1"), "South America (Sao Paulo)");
    EXPECT_EQ(region_long_name("ap-south-1"), "Asia Pacific (Mumbai)");
    EXPECT_EQ(region_long_name("us-gov-west-1"), "us-gov-west-1");
}

TEST(AlarmMessages, EmailBodyMatchesSpecExample) {
    auto alarm = parse_put_metric_alarm(json::parse(R"({"AlarmName":"CIS.3.10",
        "AlarmDescription":"","MetricName":"CIS.3.10","Namespace":"LogMetrics","Statistic":"Sum",
        "Period":300,"EvaluationPeriods":1,"DatapointsToAlarm":1,"Threshold":1,
        "ComparisonOperator":"GreaterThanThreshold",
        "AlarmActions":["arn:aws:sns:us-east-1:215125613612:cis"]})"));
    ASSERT_TRUE(alarm);
    AlarmTransition t;
    t.alarm = *alarm;
    t.account_id = "215125613612";
    t.region = "us-east-1";
    t.alarm_arn = "arn:aws:cloudwatch:us-east-1:215125613612:alarm:CIS.3.10";
    t.old_state = AlarmState::kOk;
    Evaluation e = evaluate_alarm(
        t.alarm, {{at("2021-09-15T18:27:00Z"), 2.0}}, t.old_state, at("2021-09-15T18:32:31Z"));
    t.new_state = e.state;
    t.reason = e.reason;
    t.change_time = at("2021-09-15T18:32:31Z");
    const std::string expected =
        "You are receiving this email because your Amazon CloudWatch Alarm \"CIS.3.10\" in the US "
        "East (N. Virginia) region has entered the ALARM state, because \"Threshold Crossed: 1 out "
        "of the last 1 datapoints [2.0 (15/09/21 18:27:00)] was greater than the threshold (1.0) "
        "(minimum 1 datapoint for OK -> ALARM transition).\" at \"Wednesday 15 September, 2021 "
        "18:32:31 UTC\".\n"
        "\n"
        "View this alarm in the AWS Management Console:\n"
        "https://us-east-1.console.aws.amazon.com/cloudwatch/"
        "deeplink.js?region=us-east-1#alarmsV2:alarm/CIS.3.10\n"
        "\n"
        "Alarm Details:\n"
        "- Name:                       CIS.3.10\n"
        "- Description:                \n"
        "- State Change:               OK -> ALARM\n"
        "- Reason for State Change:    Threshold Crossed: 1 out of the last 1 datapoints [2.0 "
        "(15/09/21 18:27:00)] was greater than the threshold (1.0) (minimum 1 datapoint for OK -> "
        "ALARM transition).\n"
        "- Timestamp:                  Wednesday 15 September, 2021 18:32:31 UTC\n"
        "- AWS Account:                215125613612\n"
        "- Alarm Arn:                  arn:aws:cloudwatch:us-east-1:215125613612:alarm:CIS.3.10\n"
        "\n"
        "Threshold:\n"
        "- The alarm is in the ALARM state when the metric is GreaterThanThreshold 1.0 for 300 "
        "seconds. \n"
        "\n"
        "Monitored Metric:\n"
        "- MetricNamespace:                     LogMetrics\n"
        "- MetricName:                          CIS.3.10\n"
        "- Dimensions:                          \n"
        "- Period:                              300 seconds\n"
        "- Statistic:                           Sum\n"
        "- Unit:                                not specified\n"
        "- TreatMissingData:                    missing\n"
        "\n"
        "\n"
        "State Change Actions:\n"
        "- OK: \n"
        "- ALARM: [arn:aws:sns:us-east-1:215125613612:cis]\n"
        "- INSUFFICIENT_DATA: \n";
    EXPECT_EQ(alarm_email_body(t), expected);
}

TEST(AlarmMessages, StateChangeEvent) {
    AlarmTransition t = lambda_transition();
    t.old_reason = "Unchecked: Initial alarm creation";
    t.old_state_time = at("2022-09-25T18:48:56.505Z");
    json d = alarm_state_change_detail(t);
    EXPECT_EQ(d["alarmName"], "Test alarm");
    EXPECT_EQ(d["state"]["value"], "ALARM");
    EXPECT_EQ(d["state"]["reason"], t.reason);
    EXPECT_EQ(d["state"]["timestamp"], "2022-09-25T18:50:37.811+0000");
    ASSERT_TRUE(d["state"]["reasonData"].is_string());
    EXPECT_EQ(json::parse(d["state"]["reasonData"].get<std::string>())["version"], "1.0");
    EXPECT_EQ(d["previousState"]["value"], "INSUFFICIENT_DATA");
    EXPECT_EQ(d["previousState"]["reason"], "Unchecked: Initial alarm creation");
    EXPECT_FALSE(d["previousState"].contains("reasonData"));
    const json& metric = d["configuration"]["metrics"][0];
    EXPECT_EQ(metric["metricStat"]["metric"]["namespace"], "AWS/Lambda");
    EXPECT_EQ(metric["metricStat"]["metric"]["name"], "ConcurrentExecutions");
    EXPECT_EQ(metric["metricStat"]["metric"]["dimensions"]["n"], "v");
    EXPECT_EQ(metric["metricStat"]["period"], 60);
    EXPECT_EQ(metric["metricStat"]["stat"], "Sum");
    EXPECT_EQ(metric["returnData"], true);
    EXPECT_FALSE(d["configuration"].contains("description"));

    json ev = alarm_state_change_event(t);
    EXPECT_EQ(ev["source"], "aws.cloudwatch");
    EXPECT_EQ(ev["detail-type"], "CloudWatch Alarm State Change");
    EXPECT_EQ(ev["time"], "2022-09-25T18:50:37Z");
    EXPECT_EQ(ev["resources"][0], t.alarm_arn);
}

}  // namespace
}  // namespace tripline::metrics
