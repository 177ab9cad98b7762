// EventTargetDelivery: delivers EventBridge target invocations ("events.target" outbox messages,
// bus/target_invocation.h) to their targets — an SNS topic (the input becomes the message, no
// subject), an SQS queue, another event bus, an API destination (HTTP endpoint, api_destination_
// caller.h), a CloudWatch Logs group, or a local JSONL file (`arn:tripline:file:::<path>`)
// — with EventBridge's retry policy and dead-letter queues (eventbridge-targets.md §4-5). It lives
// in app/ because it joins two services of the same layer (bus and notify).
//
// Ownership: borrows the services and the clock, which must outlive it. Thread-safety: deliver()
// runs concurrently on delivery threads; the services synchronise themselves and file appends are
// serialised.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "base/clock.h"
#include "bus/event_retry_policy.h"
#include "notify/delivery_handler.h"

namespace tripline::bus {
class BusService;
}
namespace tripline::notify {
class TopicService;
class QueueSender;
}  // namespace tripline::notify

namespace tripline::logs {
class LogService;
}

namespace tripline::app {

class ApiDestinationCaller;

inline constexpr std::string_view kFileTargetArnPrefix = "arn:tripline:file:::";

class EventTargetDelivery final : public notify::DeliveryHandler {
public:
    // CloudWatch Logs log-group targets (nullptr: refused as permanent failures). Before use.
    void set_log_groups(logs::LogService* logs) { logs_ = logs; }
    // API destination targets (nullptr: refused as permanent failures). Before use.
    void set_api_destinations(ApiDestinationCaller* caller) { api_destinations_ = caller; }
    EventTargetDelivery(Clock& clock,
                        notify::TopicService* topics,
                        notify::QueueSender* queues,
                        bus::BusService* buses,
                        double retry_delay_scale);

    notify::DeliveryOutcome deliver(const storage::OutboxMessage& message) override;
    std::optional<Duration> retry_delay(const storage::OutboxMessage& message,
                                        int failed_attempts,
                                        TimePoint now) const override;
    notify::ExhaustedCondition exhausted_condition(const storage::OutboxMessage& message,
                                                   int failed_attempts,
                                                   TimePoint now) const override;
    std::optional<std::string> send_to_dead_letter_queue(
        const storage::OutboxMessage& message,
        const notify::DeliveryOutcome& last_failure,
        notify::ExhaustedCondition condition,
        int failed_attempts) override;

private:
    bus::RetryDecision decide(const storage::OutboxMessage& message,
                              int failed_attempts,
                              TimePoint now) const;
    notify::DeliveryOutcome append_to_file(const std::string& path, const std::string& line);
    notify::DeliveryOutcome deliver_to_log_group(const std::string& arn, const std::string& input);

    Clock& clock_;
    notify::TopicService* topics_;
    notify::QueueSender* queues_;
    bus::BusService* buses_;
    logs::LogService* logs_ = nullptr;
    ApiDestinationCaller* api_destinations_ = nullptr;
    bus::RetryTiming timing_;
    std::mutex file_mutex_;
};

}  // namespace tripline::app
