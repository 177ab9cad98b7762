// DeliveryHandler: delivers the outbox messages of one kind ("sns.email", "events.target", ...).
// The DeliveryWorker (delivery_worker.h) claims due messages from the OutboxStore, hands each to
// the handler registered for its kind and records the outcome: delivered, retried later after
// retry_delay(), or — when the policy is exhausted or the failure is permanent — offered to the
// handler's dead-letter queue and then kept as a dead message (Tripline's own dead-letter store,
// listed and re-driven by `tripline dlq`). Nothing is dropped silently.
//
// Thread-safety: deliver() runs on worker threads, possibly for several messages at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "storage/outbox_store.h"

namespace tripline::notify {

struct DeliveryOutcome {
    enum class Kind {
        kDelivered,
        kRetriable,  // throttling, 5xx, timeouts, connection errors: try again per the policy
        kPermanent,  // target missing, permission denied, invalid payload: never retried
    };
    Kind kind = Kind::kDelivered;
    std::string error;  // empty when delivered; says what failed and where (endpoint, status)

    static DeliveryOutcome delivered() { return {}; }
    static DeliveryOutcome retriable(std::string error) {
        return {Kind::kRetriable, std::move(error)};
    }
    static DeliveryOutcome permanent(std::string error) {
        return {Kind::kPermanent, std::move(error)};
    }
};

// Why a message stopped being retried (EventBridge's EXHAUSTED_RETRY_CONDITION, plus "Permanent").
enum class ExhaustedCondition { kMaximumRetryAttempts, kMaximumEventAge, kPermanentFailure };

class DeliveryHandler {
public:
    virtual ~DeliveryHandler() = default;

    virtual DeliveryOutcome deliver(const storage::OutboxMessage& message) = 0;

    // After `failed_attempts` failed attempts (counting the one just made) of a message first
    // enqueued at message.created_at: the delay before the next attempt, or nullopt when the
    // message's retry policy is exhausted at `now`. The worker adds no jitter of its own.
    virtual std::optional<Duration> retry_delay(const storage::OutboxMessage& message,
                                                int failed_attempts,
                                                TimePoint now) const = 0;

    // retry_delay() returned nullopt: which limit ended the retries (for the DLQ's
    // EXHAUSTED_RETRY_CONDITION and the dead message's error). Default: the attempt limit.
    virtual ExhaustedCondition exhausted_condition(const storage::OutboxMessage& /*message*/,
                                                   int /*failed_attempts*/,
                                                   TimePoint /*now*/) const {
        return ExhaustedCondition::kMaximumRetryAttempts;
    }

    // The message will not be retried. Sends it to the dead-letter queue its target or
    // subscription configures (EventBridge DeadLetterConfig, SNS RedrivePolicy) and returns the
    // queue's ARN, or nullopt when none is configured or sending failed (then the worker keeps it
    // as a dead message).
    virtual std::optional<std::string> send_to_dead_letter_queue(
        const storage::OutboxMessage& /*message*/,
        const DeliveryOutcome& /*last_failure*/,
        ExhaustedCondition /*condition*/,
        int /*failed_attempts*/) {
        return std::nullopt;
    }
};

}  // namespace tripline::notify
