#include "app/delivery_metrics.h"

#include <spdlog/spdlog.h>

#include "base/arn.h"
#include "bus/target_invocation.h"
#include "metrics/metric_service.h"
#include "notify/sns_delivery.h"

namespace tripline::app {

void DeliveryMetrics::count(Key key) {
    std::lock_guard lock(mutex_);
    counts_[std::move(key)] += 1;
}

void DeliveryMetrics::observe(const storage::OutboxMessage& message,
                              notify::DeliveryObservation observation) {
    using notify::DeliveryObservation;
    if (message.kind == bus::kTargetInvocationKind) {
        auto invocation = bus::parse_target_invocation(message.payload);
        if (!invocation) {
            return;
        }
        auto key = [&](const char* metric) {
            return Key{invocation->account,
                       invocation->region,
                       "AWS/Events",
                       metric,
                       "RuleName",
                       invocation->rule_name};
        };
        if (observation == DeliveryObservation::kRetrying) {
            count(key("RetryInvocationAttempts"));
            return;
        }
        count(key("Invocations"));
        if (observation == DeliveryObservation::kFailed) {
            count(key("FailedInvocations"));
        }
        return;
    }
    if (!message.kind.starts_with("sns.") || observation == DeliveryObservation::kRetrying) {
        return;
    }
    auto delivery = notify::parse_sns_delivery(message.payload);
    if (!delivery || delivery->type != notify::kSnsNotification) {
        return;  // subscription confirmations are not notifications
    }
    auto topic = parse_arn(delivery->topic_arn);
    if (!topic) {
        return;
    }
    count(Key{topic->account_id,
              topic->region,
              "AWS/SNS",
              observation == DeliveryObservation::kDelivered ? "NumberOfNotificationsDelivered"
                                                             : "NumberOfNotificationsFailed",
              "TopicName",
              topic->resource});
}

void DeliveryMetrics::flush() {
    std::map<Key, double> counts;
    {
        std::lock_guard lock(mutex_);
        counts.swap(counts_);
    }
    for (const auto& [key, n] : counts) {
        const auto& [account, region, namespace_, metric, dimension, value] = key;
        metrics::MetricDatum datum;
        datum.metric_name = metric;
        datum.dimensions = {{dimension, value}};
        datum.sample_count = n;
        datum.sum = n;
        datum.minimum = 1;
        datum.maximum = 1;
        datum.unit = "Count";
        auto put = metrics_.put_service_metric_data(
            metrics::MetricScope{account, region}, namespace_, {datum});
        if (!put) {
            spdlog::warn("delivery metrics: {} {}: {}", namespace_, metric, put.error().message);
        }
    }
}

}  // namespace tripline::app
