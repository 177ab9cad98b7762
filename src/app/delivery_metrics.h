// DeliveryMetrics: the CloudWatch metrics AWS publishes about deliveries, for Tripline's own
// deliveries - so `aws cloudwatch get-metric-statistics` shows them and alarms can watch them:
//   AWS/SNS     NumberOfNotificationsDelivered, NumberOfNotificationsFailed   (TopicName)
//   AWS/Events  Invocations, FailedInvocations, RetryInvocationAttempts       (RuleName)
// Invocations counts targets invoked once their outcome is final (delivered or given up), as AWS
// counts them; FailedInvocations those given up (dead-lettered); RetryInvocationAttempts every
// failed attempt that will be retried. NumberOfNotificationsFailed counts notifications given up.
//
// observe() (the delivery worker's observer) counts in memory per account, region, metric and
// dimension; flush() (the trail ticker, every few seconds, and at shutdown) writes the counts as
// one statistic set per metric and minute (Sum = SampleCount = count, Unit Count).
//
// Ownership: borrows the metric service. Thread-safety: observe() and flush() may run concurrently.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "notify/delivery_worker.h"

namespace tripline::metrics {
class MetricService;
}

namespace tripline::app {

class DeliveryMetrics {
public:
    explicit DeliveryMetrics(metrics::MetricService& metrics) : metrics_(metrics) {}

    void observe(const storage::OutboxMessage& message, notify::DeliveryObservation observation);
    void flush();

private:
    // (account, region, namespace, metric, dimension name, dimension value)
    using Key =
        std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
    void count(Key key);

    metrics::MetricService& metrics_;
    std::mutex mutex_;
    std::map<Key, double> counts_;
};

}  // namespace tripline::app
