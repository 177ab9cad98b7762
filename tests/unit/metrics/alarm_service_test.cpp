// MetricService and AlarmService over a real (temporary) state store: PutMetricData and the
// statistics of GetMetricStatistics (percentiles included), the periods an alarm evaluates, state
// changes handed to the transition sink in the transaction that saves them (and rolled back when
// the sink fails), history, SetAlarmState, and alarms surviving a restart.
#include "metrics/alarm_service.h"

#include <gtest/gtest.h>

#include "metrics/metric_service.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::metrics {
namespace {

const MetricScope kScope{"111122223333", "us-east-1"};

nlohmann::json alarm_request(const std::string& name) {
    return {{"AlarmName", name},
            {"Namespace", "Lab"},
            {"MetricName", "Denied"},
            {"Statistic", "Sum"},
            {"Period", 60},
            {"EvaluationPeriods", 1},
            {"Threshold", 1},
            {"ComparisonOperator", "GreaterThanOrEqualToThreshold"},
            {"TreatMissingData", "notBreaching"},
            {"AlarmActions", {"arn:aws:sns:us-east-1:111122223333:alerts"}}};
}

class AlarmServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        metrics_ = std::make_unique<MetricService>(*db_, clock_);
        make_alarms();
    }

    void make_alarms() {
        alarms_ = std::make_unique<AlarmService>(*db_, clock_, *metrics_, std::chrono::seconds(10));
        alarms_->set_transition_sink(
            [this](const AlarmTransition& t) -> Result<std::vector<std::string>> {
                if (fail_sink_) {
                    return make_error(Errc::kUnavailable, "database busy");
                }
                transitions_.push_back(t);
                return std::vector<std::string>{"Successfully executed action " +
                                                t.alarm.alarm_actions.front()};
            });
    }

    void put(double value) {
        MetricDatum d;
        d.metric_name = "Denied";
        d.value = value;
        ASSERT_TRUE(metrics_->put_metric_data(kScope, "Lab", {d}));
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_{TimePoint(std::chrono::seconds(1'700'000'040))};  // 40 s into a minute
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<MetricService> metrics_;
    std::unique_ptr<AlarmService> alarms_;
    std::vector<AlarmTransition> transitions_;
    bool fail_sink_ = false;
};

TEST_F(AlarmServiceTest, StatisticsAndPercentiles) {
    for (double v : {1.0, 2.0, 3.0, 4.0, 100.0}) {
        put(v);
    }
    StatisticsRequest r;
    r.namespace_ = "Lab";
    r.metric_name = "Denied";
    r.start = clock_.now() - std::chrono::minutes(5);
    r.end = clock_.now() + std::chrono::minutes(5);
    r.period = 300;
    r.statistics = {"Sum", "Average", "SampleCount", "Minimum", "Maximum"};
    r.extended_statistics = {"p50", "p99"};
    auto points = metrics_->get_metric_statistics(kScope, r);
    ASSERT_TRUE(points) << points.error().message;
    ASSERT_EQ(points->size(), 1u);
    const auto& p = (*points)[0];
    EXPECT_EQ(p.statistics.at("Sum"), 110);
    EXPECT_EQ(p.statistics.at("Average"), 22);
    EXPECT_EQ(p.statistics.at("SampleCount"), 5);
    EXPECT_EQ(p.statistics.at("Minimum"), 1);
    EXPECT_EQ(p.statistics.at("Maximum"), 100);
    EXPECT_EQ(p.extended.at("p50"), 3);
    EXPECT_EQ(p.extended.at("p99"), 100);
    r.statistics = {"Median"};
    EXPECT_EQ(metrics_->get_metric_statistics(kScope, r).error().code, "InvalidParameterValue");
    MetricDatum bad;
    bad.metric_name = "x";
    EXPECT_EQ(metrics_->put_metric_data(kScope, "AWS/EC2", {bad}).error().code,
              "InvalidParameterValue");
    EXPECT_EQ(metrics_->put_metric_data(kScope, "Lab", {bad}).error().code,
              "InvalidParameterCombination");
}

TEST_F(AlarmServiceTest, CountingAlarmFiresOnceAndNotifiesInItsTransaction) {
    auto created = alarms_->put_metric_alarm(kScope, alarm_request("denied"));
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->state, AlarmState::kInsufficientData);
    EXPECT_EQ(created->reason, "Unchecked: Initial alarm creation");
    // Quiet metric, notBreaching: OK.
    EXPECT_EQ(alarms_->evaluate_due(), 1u);
    ASSERT_EQ(transitions_.size(), 1u);
    EXPECT_EQ(transitions_[0].new_state, AlarmState::kOk);

    put(1);  // in the period in progress: counts at once
    clock_.advance(std::chrono::seconds(10));
    EXPECT_EQ(alarms_->evaluate_due(), 1u);
    ASSERT_EQ(transitions_.size(), 2u);
    const AlarmTransition& t = transitions_[1];
    EXPECT_EQ(t.old_state, AlarmState::kOk);
    EXPECT_EQ(t.new_state, AlarmState::kAlarm);
    EXPECT_EQ(t.alarm_arn, "arn:aws:cloudwatch:us-east-1:111122223333:alarm:denied");
    EXPECT_EQ(alarm_sns_subject(t), "ALARM: \"denied\" in US East (N. Virginia)");
    EXPECT_TRUE(t.reason.starts_with("Threshold Crossed: 1 datapoint [1.0 ("));
    // Not due again before the interval; no second notification while it stays in ALARM.
    EXPECT_EQ(alarms_->evaluate_due(), 0u);
    clock_.advance(std::chrono::seconds(10));
    EXPECT_EQ(alarms_->evaluate_due(), 0u);
    EXPECT_EQ(transitions_.size(), 2u);

    auto history = alarms_->describe_alarm_history(kScope, "denied", "", {}, {}, true);
    ASSERT_TRUE(history);
    std::vector<std::string> summaries;
    for (const auto& [name, h] : *history) {
        summaries.push_back(h.summary);
    }
    EXPECT_EQ(summaries,
              (std::vector<std::string>{
                  "Alarm \"denied\" created",
                  "Alarm updated from INSUFFICIENT_DATA to OK",
                  "Successfully executed action arn:aws:sns:us-east-1:111122223333:alerts",
                  "Alarm updated from OK to ALARM",
                  "Successfully executed action arn:aws:sns:us-east-1:111122223333:alerts"}));
}

TEST_F(AlarmServiceTest, AFailedSinkRollsTheTransitionBack) {
    ASSERT_TRUE(alarms_->put_metric_alarm(kScope, alarm_request("denied")));
    put(3);
    fail_sink_ = true;
    EXPECT_EQ(alarms_->evaluate_due(), 0u);
    auto found = alarms_->describe_alarms(kScope, AlarmQuery{{"denied"}, "", {}, ""});
    ASSERT_TRUE(found);
    EXPECT_EQ((*found)[0].state, AlarmState::kInsufficientData);  // evaluated again next round
    fail_sink_ = false;
    EXPECT_EQ(alarms_->evaluate_due(), 1u);
    EXPECT_EQ(transitions_.back().new_state, AlarmState::kAlarm);
}

TEST_F(AlarmServiceTest, SetAlarmStateUpdatesAndDeleteRemoves) {
    ASSERT_TRUE(alarms_->put_metric_alarm(kScope, alarm_request("denied")));
    ASSERT_TRUE(alarms_->set_alarm_state(kScope, "denied", "ALARM", "testing", std::nullopt));
    ASSERT_EQ(transitions_.size(), 1u);
    EXPECT_EQ(transitions_[0].reason, "testing");
    EXPECT_EQ(alarms_->set_alarm_state(kScope, "denied", "RED", "x", std::nullopt).error().code,
              "InvalidParameterValue");
    EXPECT_EQ(alarms_->set_alarm_state(kScope, "nope", "OK", "x", std::nullopt).error().code,
              "ResourceNotFound");
    // The state and configuration survive a restart.
    make_alarms();
    auto found = alarms_->describe_alarms(kScope, AlarmQuery{});
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].state, AlarmState::kAlarm);
    EXPECT_EQ((*found)[0].alarm.alarm_actions.size(), 1u);
    EXPECT_EQ(alarms_->delete_alarms(kScope, {"denied", "nope"}).error().code, "ResourceNotFound");
    ASSERT_TRUE(alarms_->delete_alarms(kScope, {"denied"}));
    EXPECT_TRUE(alarms_->describe_alarms(kScope, AlarmQuery{})->empty());
}

TEST_F(AlarmServiceTest, InvalidAlarmsCarryCloudWatchCodes) {
    auto request = alarm_request("bad");
    request["Period"] = 45;
    auto put = alarms_->put_metric_alarm(kScope, request);
    ASSERT_FALSE(put);
    EXPECT_NE(put.error().message.find("Period"), std::string::npos) << put.error().message;
    EXPECT_NE(put.error().code.find(' '), 0u) << put.error().code;
    EXPECT_FALSE(put.error().code.empty());
}

}  // namespace
}  // namespace tripline::metrics
