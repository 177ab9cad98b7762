// CloudWatch Logs (2014-03-28, JSON 1.1, X-Amz-Target "Logs_20140328.<Operation>") over
// logs::LogService: log groups and streams, PutLogEvents, GetLogEvents, FilterLogEvents, metric
// filters, TestMetricFilter, retention. PutLogEvents and the event reads are recorded as data-plane
// calls the way CloudTrail records them (management events except the event operations, which
// CloudTrail does not log). See docs/cloudwatch.md.
// Thread-safety: handle() runs concurrently.
#pragma once

#include "api/service.h"
#include "logs/log_service.h"

namespace tripline::api::services {

class LogsService final : public Service {
public:
    explicit LogsService(logs::LogService& logs) : logs_(logs) {}

    std::string_view signing_name() const override { return "logs"; }
    std::string_view event_source() const override { return "logs.amazonaws.com"; }
    std::string_view api_version() const override { return "2014-03-28"; }
    ServiceReply handle(ApiCall& call) override;

private:
    ServiceReply group_operation(ApiCall& call);
    ServiceReply event_operation(ApiCall& call);
    ServiceReply filter_operation(ApiCall& call);

    logs::LogService& logs_;
};

}  // namespace tripline::api::services
