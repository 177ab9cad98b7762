// Alarm evaluation (alarm_evaluator.h): the documented missing-data tables (spec §3), M of N, the
// evaluation range, the premature-alarm rule, low sample counts, anomaly bands, and StateReason /
// StateReasonData in AWS's wording.
#include "metrics/alarm_evaluator.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/alarm_format.h"

namespace tripline::metrics {
namespace {

using nlohmann::json;

TimePoint at(const char* iso) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
    return t;
}

MetricAlarm make_alarm(int m, int n, const std::string& treat, bool with_m = true) {
    MetricAlarm a;
    a.name = "a";
    a.namespace_ = "CISBenchmark";
    a.metric_name = "Events";
    a.statistic = "Sum";
    a.period = 300;
    a.evaluation_periods = n;
    if (with_m) {
        a.datapoints_to_alarm = m;
    }
    a.threshold = 10;
    a.comparison_operator = "GreaterThanThreshold";
    a.treat_missing_data = treat;
    return a;
}

// "0 - X - X" (oldest first): 0 = 5.0 (not breaching), X = 20.0 (breaching), - = missing.
std::vector<Datapoint> points(const std::string& pattern) {
    std::vector<Datapoint> out;
    TimePoint t = at("2024-03-05T12:00:00Z");
    for (char c : pattern) {
        if (c == ' ') {
            continue;
        }
        Datapoint d{t, std::nullopt};
        if (c == '0') {
            d.value = 5.0;
        } else if (c == 'X') {
            d.value = 20.0;
        }
        out.push_back(d);
        t += std::chrono::minutes(5);
    }
    return out;
}

std::string run(const MetricAlarm& a, const std::string& pattern, AlarmState prior) {
    Evaluation e = evaluate_alarm(a, points(pattern), prior, at("2024-03-05T12:25:10Z"));
    EXPECT_EQ(e.changed, e.state != prior);
    return alarm_state_name(e.state);
}

// The documented table: per row, the state under missing / ignore / breaching / notBreaching
// ("keep" = the prior state is kept; checked from each of the three prior states).
TEST(AlarmEvaluator, DocumentedMissingDataTable) {
    struct Row {
        int m;
        const char* points;
        const char* missing;
        const char* ignore;
        const char* breaching;
        const char* not_breaching;
    };
    const std::vector<Row> rows = {
        {3, "0 - X - X", "OK", "OK", "OK", "OK"},
        {3, "0 - - - -", "OK", "OK", "OK", "OK"},
        {3, "- - - - -", "INSUFFICIENT_DATA", "keep", "ALARM", "OK"},
        {3, "0 X X - X", "ALARM", "ALARM", "ALARM", "ALARM"},
        {3, "- - X - -", "ALARM", "keep", "ALARM", "OK"},
        {2, "0 - X - X", "ALARM", "ALARM", "ALARM", "ALARM"},
        {2, "0 0 X 0 X", "ALARM", "ALARM", "ALARM", "ALARM"},
        {2, "0 - X - -", "OK", "OK", "ALARM", "OK"},
        {2, "- - - - 0", "OK", "OK", "ALARM", "OK"},
        {2, "- - - X -", "ALARM", "keep", "ALARM", "OK"},
    };
    for (const Row& row : rows) {
        const std::vector<std::pair<std::string, const char*>> modes = {
            {"missing", row.missing},
            {"ignore", row.ignore},
            {"breaching", row.breaching},
            {"notBreaching", row.not_breaching}};
        for (const auto& [mode, expected] : modes) {
            for (AlarmState prior :
                 {AlarmState::kOk, AlarmState::kAlarm, AlarmState::kInsufficientData}) {
                std::string want = expected;
                if (want == "keep") {
                    want = alarm_state_name(prior);
                }
                EXPECT_EQ(run(make_alarm(row.m, 3, mode), row.points, prior), want)
                    << row.m << " of 3, " << row.points << ", " << mode << ", prior "
                    << alarm_state_name(prior);
            }
        }
    }
}

TEST(AlarmEvaluator, NotYetAlarmWithThreeOfThree) {
    for (const char* p : {"- - - - X", "- - - X -"}) {
        for (AlarmState prior : {AlarmState::kOk, AlarmState::kInsufficientData}) {
            EXPECT_NE(run(make_alarm(3, 3, "missing"), p, prior), "ALARM") << p;
            // Nothing is decided yet: the state is kept.
            EXPECT_EQ(run(make_alarm(3, 3, "missing"), p, prior), alarm_state_name(prior)) << p;
        }
    }
}

TEST(AlarmEvaluator, EvaluationRangeDropsOlderPoints) {
    // 7 periods given, range 5 (N+2): the two oldest breaching points are not looked at.
    MetricAlarm a = make_alarm(2, 3, "notBreaching");
    EXPECT_EQ(run(a, "X X 0 - - - -", AlarmState::kOk), "OK");
    // A wider range sees them.
    Evaluation e = evaluate_alarm(a,
                                  points("X X 0 - - - -"),
                                  AlarmState::kOk,
                                  at("2024-03-05T12:40:00Z"),
                                  EvaluationOptions{7, {}, {}});
    EXPECT_EQ(e.state, AlarmState::kAlarm);
}

TEST(AlarmEvaluator, NewestNRealPointsWhenEnough) {
    // 4 real points in range, N = 3: the newest three (X X 0) decide; M = 3 fails.
    EXPECT_EQ(run(make_alarm(3, 3, "breaching"), "X X - X 0", AlarmState::kAlarm), "OK");
    EXPECT_EQ(run(make_alarm(2, 3, "notBreaching"), "0 X - X 0", AlarmState::kOk), "ALARM");
}

TEST(AlarmEvaluator, DynamoDbAlwaysIgnoresMissingData) {
    MetricAlarm a = make_alarm(3, 3, "breaching");
    a.namespace_ = "AWS/DynamoDB";
    EXPECT_EQ(run(a, "- - - - -", AlarmState::kOk), "OK");
    EXPECT_EQ(run(a, "- - X - -", AlarmState::kOk), "OK");
}

TEST(AlarmEvaluator, Operators) {
    struct Row {
        const char* op;
        double value;
        bool breaching;
    };
    for (const Row& r : std::vector<Row>{{"GreaterThanThreshold", 10, false},
                                         {"GreaterThanThreshold", 10.5, true},
                                         {"GreaterThanOrEqualToThreshold", 10, true},
                                         {"GreaterThanOrEqualToThreshold", 9.99, false},
                                         {"LessThanThreshold", 10, false},
                                         {"LessThanThreshold", 9, true},
                                         {"LessThanOrEqualToThreshold", 10, true},
                                         {"LessThanOrEqualToThreshold", 10.01, false}}) {
        EXPECT_EQ(breaches_threshold(r.op, r.value, 10), r.breaching) << r.op << " " << r.value;
    }
    EXPECT_TRUE(breaches_band("LessThanLowerOrGreaterThanUpperThreshold", 0, 1, 2));
    EXPECT_TRUE(breaches_band("LessThanLowerOrGreaterThanUpperThreshold", 3, 1, 2));
    EXPECT_FALSE(breaches_band("LessThanLowerOrGreaterThanUpperThreshold", 1.5, 1, 2));
    EXPECT_TRUE(breaches_band("LessThanLowerThreshold", 0, 1, 2));
    EXPECT_FALSE(breaches_band("LessThanLowerThreshold", 3, 1, 2));
    EXPECT_TRUE(breaches_band("GreaterThanUpperThreshold", 3, 1, 2));
    EXPECT_FALSE(breaches_band("GreaterThanUpperThreshold", 0, 1, 2));
}

TEST(AlarmEvaluator, LowSampleCountPercentiles) {
    EXPECT_DOUBLE_EQ(*low_sample_count_limit("p99"), 1000);
    EXPECT_DOUBLE_EQ(*low_sample_count_limit("p90"), 100);
    EXPECT_DOUBLE_EQ(*low_sample_count_limit("p50"), 20);
    EXPECT_DOUBLE_EQ(*low_sample_count_limit("p10"), 100);
    EXPECT_EQ(low_sample_count_limit("p100"), std::nullopt);
    EXPECT_EQ(low_sample_count_limit("tm99"), std::nullopt);

    MetricAlarm a = make_alarm(1, 1, "missing");
    a.statistic.clear();
    a.extended_statistic = "p90";
    a.evaluate_low_sample_count_percentile = "ignore";
    EvaluationOptions low{0, {}, {99}};
    EvaluationOptions enough{0, {}, {100}};
    auto pts = points("X");
    TimePoint now = at("2024-03-05T12:05:00Z");
    EXPECT_EQ(evaluate_alarm(a, pts, AlarmState::kOk, now, low).state, AlarmState::kOk);
    EXPECT_FALSE(evaluate_alarm(a, pts, AlarmState::kOk, now, low).changed);
    EXPECT_EQ(evaluate_alarm(a, pts, AlarmState::kOk, now, enough).state, AlarmState::kAlarm);
    a.evaluate_low_sample_count_percentile = "evaluate";
    EXPECT_EQ(evaluate_alarm(a, pts, AlarmState::kOk, now, low).state, AlarmState::kAlarm);
}

TEST(AlarmEvaluator, AnomalyBand) {
    MetricAlarm a = make_alarm(1, 1, "missing");
    a.comparison_operator = "LessThanLowerOrGreaterThanUpperThreshold";
    a.threshold_metric_id = "ad1";
    auto pts = points("X");  // 20.0
    TimePoint now = at("2024-03-05T12:05:00Z");
    EvaluationOptions inside{0, {std::make_pair(10.0, 30.0)}, {}};
    EvaluationOptions above{0, {std::make_pair(1.0, 2.5)}, {}};
    EXPECT_EQ(evaluate_alarm(a, pts, AlarmState::kAlarm, now, inside).state, AlarmState::kOk);
    Evaluation e = evaluate_alarm(a, pts, AlarmState::kOk, now, above);
    EXPECT_EQ(e.state, AlarmState::kAlarm);
    EXPECT_EQ(e.reason,
              "Thresholds Crossed: 1 out of the last 1 datapoints [20.0 (05/03/24 12:00:00)] was "
              "less than the lower thresholds [1.0] or greater than the upper thresholds [2.5] "
              "(minimum 1 datapoint for OK -> ALARM transition).");
    EXPECT_EQ(e.reason_data["recentUpperThresholds"], json::array({2.5}));
    // No band: the point counts as missing.
    EXPECT_EQ(evaluate_alarm(a, pts, AlarmState::kOk, now).state, AlarmState::kInsufficientData);
}

// ---- reason strings (spec §3 examples)

MetricAlarm reason_alarm(const char* op, double threshold, std::optional<int> m, int n = 1) {
    MetricAlarm a = make_alarm(1, n, "missing");
    a.datapoints_to_alarm = m;
    a.comparison_operator = op;
    a.threshold = threshold;
    return a;
}

TEST(AlarmReasons, WithDatapointsToAlarm) {
    Evaluation e = evaluate_alarm(reason_alarm("GreaterThanThreshold", 1.0, 1),
                                  {{at("2021-09-15T18:27:00Z"), 2.0}},
                                  AlarmState::kInsufficientData,
                                  at("2021-09-15T18:32:31Z"));
    EXPECT_EQ(e.state, AlarmState::kAlarm);
    EXPECT_TRUE(e.changed);
    EXPECT_EQ(e.reason,
              "Threshold Crossed: 1 out of the last 1 datapoints [2.0 (15/09/21 18:27:00)] was "
              "greater than the threshold (1.0) (minimum 1 datapoint for OK -> ALARM "
              "transition).");

    e = evaluate_alarm(reason_alarm("GreaterThanOrEqualToThreshold", 7.0, 3, 3),
                       {{at("2024-01-02T10:00:00Z"), 9.0},
                        {at("2024-01-02T10:05:00Z"), 8.0},
                        {at("2024-01-02T10:10:00Z"), 7.0}},
                       AlarmState::kOk,
                       at("2024-01-02T10:15:00Z"));
    EXPECT_EQ(e.reason,
              "Threshold Crossed: 3 out of the last 3 datapoints [7.0 (02/01/24 10:10:00), 8.0 "
              "(02/01/24 10:05:00), 9.0 (02/01/24 10:00:00)] were greater than or equal to the "
              "threshold (7.0) (minimum 3 datapoints for OK -> ALARM transition).");

    e = evaluate_alarm(reason_alarm("GreaterThanThreshold", 50.0, 1),
                       {{at("2019-10-02T16:59:00Z"), 12.5}},
                       AlarmState::kAlarm,
                       at("2019-10-02T17:04:40.985Z"));
    EXPECT_EQ(e.state, AlarmState::kOk);
    EXPECT_EQ(
        e.reason,
        "Threshold Crossed: 1 out of the last 1 datapoints [12.5 (02/10/19 16:59:00)] was not "
        "greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK "
        "transition).");
}

TEST(AlarmReasons, MOfNMinimums) {
    // 2 of 3: ALARM needs 2 breaching, OK needs 3 - 2 + 1 = 2 non-breaching.
    MetricAlarm a = reason_alarm("LessThanOrEqualToThreshold", 10.0, 2, 3);
    Evaluation e = evaluate_alarm(a,
                                  {{at("2024-01-02T10:00:00Z"), 50.0},
                                   {at("2024-01-02T10:05:00Z"), 40.0},
                                   {at("2024-01-02T10:10:00Z"), 1.0}},
                                  AlarmState::kAlarm,
                                  at("2024-01-02T10:15:00Z"));
    EXPECT_EQ(e.state, AlarmState::kOk);
    EXPECT_EQ(e.reason,
              "Threshold Crossed: 2 out of the last 3 datapoints [40.0 (02/01/24 10:05:00), 50.0 "
              "(02/01/24 10:00:00)] were not less than or equal to the threshold (10.0) (minimum 2 "
              "datapoints for ALARM -> OK transition).");
}

TEST(AlarmReasons, WithoutDatapointsToAlarm) {
    Evaluation e = evaluate_alarm(reason_alarm("LessThanThreshold", 20.0, std::nullopt),
                                  {{at("2024-03-08T13:56:00Z"), 0.0}},
                                  AlarmState::kOk,
                                  at("2024-03-08T13:57:00Z"));
    EXPECT_EQ(e.reason,
              "Threshold Crossed: 1 datapoint [0.0 (08/03/24 13:56:00)] was less than the "
              "threshold (20.0).");

    e = evaluate_alarm(reason_alarm("GreaterThanThreshold", 60.0, std::nullopt, 3),
                       {{at("2024-03-08T13:50:00Z"), 1.5},
                        {at("2024-03-08T13:55:00Z"), 2.25},
                        {at("2024-03-08T14:00:00Z"), 3.0}},
                       AlarmState::kAlarm,
                       at("2024-03-08T14:05:00Z"));
    EXPECT_EQ(e.reason,
              "Threshold Crossed: 3 datapoints [3.0 (08/03/24 14:00:00), 2.25 (08/03/24 "
              "13:55:00), 1.5 (08/03/24 13:50:00)] were not greater than the threshold (60.0).");
}

TEST(AlarmReasons, MissingData) {
    MetricAlarm a = make_alarm(2, 2, "breaching");
    std::vector<Datapoint> none = {{at("2024-03-05T12:00:00Z"), std::nullopt},
                                   {at("2024-03-05T12:05:00Z"), std::nullopt}};
    Evaluation e = evaluate_alarm(a, none, AlarmState::kOk, at("2024-03-05T12:10:00Z"));
    EXPECT_EQ(e.state, AlarmState::kAlarm);
    EXPECT_EQ(e.reason,
              "Threshold Crossed: no datapoints were received for 2 periods and 2 missing "
              "datapoints were treated as [Breaching].");
    a.treat_missing_data = "notBreaching";
    e = evaluate_alarm(a, none, AlarmState::kAlarm, at("2024-03-05T12:10:00Z"));
    EXPECT_EQ(e.state, AlarmState::kOk);
    EXPECT_EQ(e.reason,
              "Threshold Crossed: no datapoints were received for 2 periods and 2 missing "
              "datapoints were treated as [NonBreaching].");
    a.treat_missing_data = "missing";
    e = evaluate_alarm(a, none, AlarmState::kOk, at("2024-03-05T12:10:00Z"));
    EXPECT_EQ(e.state, AlarmState::kInsufficientData);
    EXPECT_EQ(e.reason, "Insufficient Data: 2 datapoints were unknown.");
    a.treat_missing_data = "ignore";
    e = evaluate_alarm(a, none, AlarmState::kAlarm, at("2024-03-05T12:10:00Z"));
    EXPECT_EQ(e.state, AlarmState::kAlarm);
    EXPECT_FALSE(e.changed);
    EXPECT_EQ(e.reason, "");
}

TEST(AlarmReasons, ReasonData) {
    MetricAlarm a = reason_alarm("GreaterThanThreshold", 50.0, 1);
    a.statistic = "Average";
    Evaluation e = evaluate_alarm(a,
                                  {{at("2019-10-02T16:59:00Z"), 99.50160229693434}},
                                  AlarmState::kOk,
                                  at("2019-10-02T17:04:40.985Z"));
    EXPECT_EQ(e.state, AlarmState::kAlarm);
    EXPECT_EQ(e.reason,
              "Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 "
              "16:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> "
              "ALARM transition).");
    EXPECT_EQ(e.reason_data["version"], "1.0");
    EXPECT_EQ(e.reason_data["queryDate"], "2019-10-02T17:04:40.985+0000");
    EXPECT_EQ(e.reason_data["startDate"], "2019-10-02T16:59:00.000+0000");
    EXPECT_EQ(e.reason_data["statistic"], "Average");
    EXPECT_EQ(e.reason_data["period"], 300);
    EXPECT_EQ(e.reason_data["recentDatapoints"].dump(), "[99.50160229693434]");
    EXPECT_EQ(e.reason_data["threshold"].dump(), "50.0");
    EXPECT_EQ(e.reason_data["evaluatedDatapoints"][0]["timestamp"], "2019-10-02T16:59:00.000+0000");
}

TEST(AlarmFormat, JavaDoubles) {
    EXPECT_EQ(java_double(2), "2.0");
    EXPECT_EQ(java_double(0), "0.0");
    EXPECT_EQ(java_double(-0.0), "-0.0");
    EXPECT_EQ(java_double(0.5), "0.5");
    EXPECT_EQ(java_double(99.50160229693434), "99.50160229693434");
    EXPECT_EQ(java_double(-3.25), "-3.25");
    EXPECT_EQ(java_double(1234567.0), "1234567.0");
    EXPECT_EQ(java_double(1e7), "1.0E7");
    EXPECT_EQ(java_double(12345678.9), "1.23456789E7");
    EXPECT_EQ(java_double(0.001), "0.001");
    EXPECT_EQ(java_double(0.0001), "1.0E-4");
    EXPECT_EQ(java_double(0.1 + 0.2), "0.30000000000000004");
}

TEST(AlarmFormat, Times) {
    EXPECT_EQ(reason_time(at("2021-09-15T18:27:00Z")), "15/09/21 18:27:00");
    EXPECT_EQ(cloudwatch_timestamp(at("2022-09-25T18:48:56.505Z")), "2022-09-25T18:48:56.505+0000");
    EXPECT_EQ(email_timestamp(at("2021-09-15T18:32:31Z")),
              "Wednesday 15 September, 2021 18:32:31 UTC");
}

}  // namespace
}  // namespace tripline::metrics
