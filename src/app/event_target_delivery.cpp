#include "app/event_target_delivery.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "app/api_destination_caller.h"
#include "base/arn.h"
#include "bus/bus_service.h"
#include "bus/target_invocation.h"
#include "logs/log_service.h"
#include "notify/queue_sender.h"
#include "notify/topic_service.h"
#include "storage/statement.h"

namespace tripline::app {

namespace {

using notify::DeliveryOutcome;

// A service's refusal that retrying cannot fix.
DeliveryOutcome outcome_of(const Error& error, std::string_view what) {
    std::string text = std::string(what) + ": " + error.message;
    switch (error.code) {
        case Errc::kNotFound:
        case Errc::kInvalidArgument:
        case Errc::kPermissionDenied:
        case Errc::kLimitExceeded:
        case Errc::kFailedPrecondition:
            return DeliveryOutcome::permanent(std::move(text));
        default:
            return DeliveryOutcome::retriable(std::move(text));
    }
}

}  // namespace

EventTargetDelivery::EventTargetDelivery(Clock& clock,
                                         notify::TopicService* topics,
                                         notify::QueueSender* queues,
                                         bus::BusService* buses,
                                         double retry_delay_scale)
    : clock_(clock), topics_(topics), queues_(queues), buses_(buses) {
    timing_.delay_scale = retry_delay_scale;
}

DeliveryOutcome EventTargetDelivery::deliver(const storage::OutboxMessage& message) {
    auto invocation = bus::parse_target_invocation(message.payload);
    if (!invocation) {
        return DeliveryOutcome::permanent("unreadable target invocation: " +
                                          invocation.error().message);
    }
    auto target = bus::parse_target_settings(invocation->target_json);
    if (!target) {
        return DeliveryOutcome::permanent("unreadable target: " + target.error().message);
    }
    const std::string& arn = target->arn;
    if (arn.starts_with(kFileTargetArnPrefix)) {
        return append_to_file(arn.substr(kFileTargetArnPrefix.size()), invocation->input);
    }
    auto parsed = parse_arn(arn);
    if (!parsed) {
        return DeliveryOutcome::permanent("target ARN " + arn + " is not valid");
    }
    if (parsed->service == "sns" && topics_ != nullptr) {
        notify::PublishRequest request;
        request.caller.account_id = invocation->account;
        request.caller.region = invocation->region;
        request.caller.principal_arn = "events.amazonaws.com";
        request.caller.aws_service = true;
        request.topic_arn = arn;
        request.message = invocation->input;
        auto id = topics_->publish(request);
        return id ? DeliveryOutcome::delivered() : outcome_of(id.error(), "SNS topic " + arn);
    }
    if (parsed->service == "sqs" && queues_ != nullptr) {
        auto id = queues_->send(arn, invocation->input, {});
        return id ? DeliveryOutcome::delivered() : outcome_of(id.error(), "SQS queue " + arn);
    }
    if (parsed->service == "events" && parsed->resource.starts_with("api-destination/") &&
        api_destinations_ != nullptr) {
        return api_destinations_->call(arn, invocation->input, target->http_parameters);
    }
    if (parsed->service == "events" && parsed->resource.starts_with("event-bus/") &&
        buses_ != nullptr) {
        auto id = buses_->put_event(parsed->account_id,
                                    parsed->region,
                                    parsed->resource.substr(std::string_view("event-bus/").size()),
                                    invocation->input);
        return id ? DeliveryOutcome::delivered() : outcome_of(id.error(), "event bus " + arn);
    }
    if (parsed->service == "logs" && logs_ != nullptr) {
        return deliver_to_log_group(arn, invocation->input);
    }
    return DeliveryOutcome::permanent("Tripline cannot deliver to target " + arn);
}

// One log event per event, in a stream named by the event's id and at the event's time, as
// EventBridge writes to CloudWatch Logs.
DeliveryOutcome EventTargetDelivery::deliver_to_log_group(const std::string& arn,
                                                          const std::string& input) {
    std::string stream = "events";
    std::int64_t timestamp_ms = storage::to_unix_ms(clock_.now());
    auto event = nlohmann::json::parse(input, nullptr, false);
    if (event.is_object()) {
        if (auto id = event.find("id"); id != event.end() && id->is_string()) {
            stream = id->get<std::string>();
        }
        TimePoint t;
        if (auto time = event.find("time"); time != event.end() && time->is_string() &&
                                            parse_iso8601(time->get<std::string>(), t)) {
            timestamp_ms = storage::to_unix_ms(t);
        }
    }
    auto delivered = logs_->deliver(arn, stream, {logs::InputLogEvent{timestamp_ms, input}});
    if (!delivered) {
        std::string text =
            "log group " + arn + ": " + delivered.error().code + ": " + delivered.error().message;
        return delivered.error().status >= 500 ? DeliveryOutcome::retriable(std::move(text))
                                               : DeliveryOutcome::permanent(std::move(text));
    }
    return DeliveryOutcome::delivered();
}

DeliveryOutcome EventTargetDelivery::append_to_file(const std::string& path,
                                                    const std::string& line) {
    if (path.empty() || path.front() != '/') {
        return DeliveryOutcome::permanent("file target path must be absolute, got '" + path + "'");
    }
    std::lock_guard lock(file_mutex_);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        return DeliveryOutcome::retriable("cannot open " + path + ": " + std::strerror(errno));
    }
    std::string text = line;
    text.push_back('\n');
    std::size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            std::string error = "cannot write " + path + ": " + std::strerror(errno);
            ::close(fd);
            return DeliveryOutcome::retriable(std::move(error));
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced ? DeliveryOutcome::delivered()
                  : DeliveryOutcome::retriable("cannot sync " + path);
}

bus::RetryDecision EventTargetDelivery::decide(const storage::OutboxMessage& message,
                                               int failed_attempts,
                                               TimePoint now) const {
    bus::EventRetryPolicy policy;
    if (auto invocation = bus::parse_target_invocation(message.payload)) {
        if (auto target = bus::parse_target_settings(invocation->target_json)) {
            policy.maximum_retry_attempts = target->maximum_retry_attempts;
            policy.maximum_event_age = std::chrono::seconds(target->maximum_event_age_seconds);
        }
    }
    return bus::next_retry(policy, failed_attempts, now - message.created_at, timing_);
}

std::optional<Duration> EventTargetDelivery::retry_delay(const storage::OutboxMessage& message,
                                                         int failed_attempts,
                                                         TimePoint now) const {
    return decide(message, failed_attempts, now).delay;
}

notify::ExhaustedCondition EventTargetDelivery::exhausted_condition(
    const storage::OutboxMessage& message, int failed_attempts, TimePoint now) const {
    return decide(message, failed_attempts, now).exhausted ==
                   bus::ExhaustedRetryCondition::kMaximumEventAge
               ? notify::ExhaustedCondition::kMaximumEventAge
               : notify::ExhaustedCondition::kMaximumRetryAttempts;
}

std::optional<std::string> EventTargetDelivery::send_to_dead_letter_queue(
    const storage::OutboxMessage& message,
    const notify::DeliveryOutcome& last_failure,
    notify::ExhaustedCondition condition,
    int failed_attempts) {
    auto invocation = bus::parse_target_invocation(message.payload);
    if (!invocation || queues_ == nullptr) {
        return std::nullopt;
    }
    auto target = bus::parse_target_settings(invocation->target_json);
    if (!target || target->dead_letter_arn.empty()) {
        return std::nullopt;
    }
    std::optional<bus::ExhaustedRetryCondition> exhausted;
    if (condition == notify::ExhaustedCondition::kMaximumRetryAttempts) {
        exhausted = bus::ExhaustedRetryCondition::kMaximumRetryAttempts;
    } else if (condition == notify::ExhaustedCondition::kMaximumEventAge) {
        exhausted = bus::ExhaustedRetryCondition::kMaximumEventAge;
    }
    const bool permanent = last_failure.kind == DeliveryOutcome::Kind::kPermanent;
    std::vector<notify::QueueMessageAttribute> attributes;
    for (const auto& a :
         bus::dead_letter_attributes(invocation->rule_arn,
                                     target->arn,
                                     permanent ? "RESOURCE_NOT_FOUND" : "SDK_CLIENT_ERROR",
                                     last_failure.error,
                                     exhausted,
                                     failed_attempts - 1)) {
        attributes.push_back({a.name, "String", a.value});
    }
    const std::string& body = invocation->event.empty() ? invocation->input : invocation->event;
    auto sent = queues_->send(target->dead_letter_arn, body, attributes);
    if (!sent) {
        return std::nullopt;
    }
    return target->dead_letter_arn;
}

}  // namespace tripline::app
