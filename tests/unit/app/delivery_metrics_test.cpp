#include "app/delivery_metrics.h"

#include <gtest/gtest.h>

#include "bus/target_invocation.h"
#include "metrics/metric_service.h"
#include "notify/sns_delivery.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::app {
namespace {

storage::OutboxMessage message(std::string kind, std::string payload) {
    storage::OutboxMessage m;
    m.kind = std::move(kind);
    m.payload = std::move(payload);
    return m;
}

class DeliveryMetricsTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(*db);
        metrics_ = std::make_unique<metrics::MetricService>(*db_, clock_);
    }

    double sum(const std::string& namespace_,
               const std::string& metric,
               const std::string& dimension,
               const std::string& value) {
        metrics::StatisticsRequest request;
        request.namespace_ = namespace_;
        request.metric_name = metric;
        request.dimensions = {{dimension, value}};
        request.start = clock_.now() - std::chrono::minutes(5);
        request.end = clock_.now() + std::chrono::minutes(1);
        request.statistics = {"Sum"};
        auto points = metrics_->get_metric_statistics({"123456789012", "us-east-1"}, request);
        EXPECT_TRUE(points);
        double total = 0;
        for (const auto& p : points ? *points : std::vector<metrics::StatisticsDatapoint>{}) {
            total += p.statistics.at("Sum");
        }
        return total;
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<metrics::MetricService> metrics_;
};

TEST_F(DeliveryMetricsTest, CountsTargetInvocationsAndNotificationsAsAwsDoes) {
    DeliveryMetrics delivery(*metrics_);
    bus::TargetInvocation invocation;
    invocation.rule_name = "GuardDutyHigh";
    invocation.rule_arn = "arn:aws:events:us-east-1:123456789012:rule/GuardDutyHigh";
    invocation.account = "123456789012";
    invocation.region = "us-east-1";
    invocation.target_json = R"({"Id":"t","Arn":"arn:aws:sns:us-east-1:123456789012:alerts"})";
    storage::OutboxMessage target =
        message(std::string(bus::kTargetInvocationKind), bus::to_json(invocation));
    delivery.observe(target, notify::DeliveryObservation::kRetrying);
    delivery.observe(target, notify::DeliveryObservation::kDelivered);
    delivery.observe(target, notify::DeliveryObservation::kFailed);

    notify::SnsDelivery notification;
    notification.topic_arn = "arn:aws:sns:us-east-1:123456789012:alerts";
    notification.protocol = "email";
    storage::OutboxMessage email = message("sns.email", notify::to_json(notification));
    delivery.observe(email, notify::DeliveryObservation::kDelivered);
    delivery.observe(email, notify::DeliveryObservation::kDelivered);
    delivery.observe(email, notify::DeliveryObservation::kRetrying);  // not counted
    delivery.observe(email, notify::DeliveryObservation::kFailed);
    notification.type = std::string(notify::kSnsSubscriptionConfirmation);
    storage::OutboxMessage confirmation = message("sns.email", notify::to_json(notification));
    delivery.observe(confirmation, notify::DeliveryObservation::kDelivered);  // not a notification
    delivery.flush();

    EXPECT_EQ(sum("AWS/Events", "Invocations", "RuleName", "GuardDutyHigh"), 2);
    EXPECT_EQ(sum("AWS/Events", "FailedInvocations", "RuleName", "GuardDutyHigh"), 1);
    EXPECT_EQ(sum("AWS/Events", "RetryInvocationAttempts", "RuleName", "GuardDutyHigh"), 1);
    EXPECT_EQ(sum("AWS/SNS", "NumberOfNotificationsDelivered", "TopicName", "alerts"), 2);
    EXPECT_EQ(sum("AWS/SNS", "NumberOfNotificationsFailed", "TopicName", "alerts"), 1);
    // A second flush writes nothing more.
    delivery.flush();
    EXPECT_EQ(sum("AWS/SNS", "NumberOfNotificationsDelivered", "TopicName", "alerts"), 2);
}

}  // namespace
}  // namespace tripline::app
