// CloudWatch (2010-08-01) over metrics::MetricService and metrics::AlarmService, in both protocols
// the aws CLIs speak: the query protocol (Action=, XML replies; CLI v2) and JSON 1.0 with
// X-Amz-Target "GraniteServiceVersion20100801.<Operation>" in query-compatible mode (CLI v1).
// Operations: PutMetricData, GetMetricStatistics, GetMetricData (metric statistics), ListMetrics,
// PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState,
// Enable/DisableAlarmActions, DescribeAlarmHistory. See docs/cloudwatch.md.
// Thread-safety: handle() runs concurrently.
#pragma once

#include "api/service.h"
#include "metrics/alarm_service.h"
#include "metrics/metric_service.h"

namespace tripline::api::services {

class CloudWatchService final : public Service {
public:
    CloudWatchService(metrics::MetricService& metrics, metrics::AlarmService& alarms)
        : metrics_(metrics), alarms_(alarms) {}

    std::string_view signing_name() const override { return "monitoring"; }
    std::string_view event_source() const override { return "monitoring.amazonaws.com"; }
    std::string_view api_version() const override { return "2010-08-01"; }
    std::string_view xml_namespace() const override {
        return "http://monitoring.amazonaws.com/doc/2010-08-01/";
    }
    ServiceReply handle(ApiCall& call) override;

private:
    // Each returns the operation's JSON output, or an ApiError.
    using Outcome = std::variant<nlohmann::json, ApiError>;
    Outcome metric_operation(const ApiCall& call, const nlohmann::json& input);
    Outcome alarm_operation(const ApiCall& call, const nlohmann::json& input);

    metrics::MetricService& metrics_;
    metrics::AlarmService& alarms_;
};

}  // namespace tripline::api::services
