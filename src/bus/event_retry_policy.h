// EventRetryPolicy: when EventBridge tries a failed target invocation again
// (eventbridge-targets.md §5). Retriable failures are retried with exponential backoff and jitter
// until the target's RetryPolicy is exhausted: MaximumRetryAttempts (0–185, default 185) retries
// after the first attempt, or MaximumEventAgeInSeconds (60–86400, default 86400) since the event
// was accepted. AWS does not publish its schedule; Tripline's [inferred] one: before retry n the
// delay is uniform in [d/2, d] with d = min(1 s · 2^(n-1), 10 min) ("equal jitter"), so the default
// 185 attempts take roughly the default 24 hours and both limits meet. The delay never carries the
// event past its age limit.
//
// RetryTiming::delay_scale shrinks (or stretches) every delay *and* the age limit, so a lab or a
// test can watch a message exhaust its retries in seconds; the random source is injectable.
// Also: the message attributes EventBridge puts on dead-letter messages.
//
// Pure functions; thread-safe as long as the random source is.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace tripline::bus {

struct EventRetryPolicy {
    int maximum_retry_attempts = 185;
    std::chrono::seconds maximum_event_age{86400};
};

enum class ExhaustedRetryCondition { kMaximumRetryAttempts, kMaximumEventAge };
// "MaximumRetryAttempts" / "MaximumEventAgeInSeconds" (the DLQ attribute's values).
std::string_view exhausted_retry_condition_name(ExhaustedRetryCondition condition);

struct RetryTiming {
    double delay_scale = 1.0;  // multiplies delays and the age limit (lab: 0.01)
    // Uniform in [0, 1); empty uses a thread-local Mersenne Twister.
    std::function<double()> random;
};

inline constexpr std::chrono::seconds kFirstRetryDelay{1};
inline constexpr std::chrono::seconds kMaxRetryDelay{600};

// The delay before retry number `retry` (1 = the first retry), unscaled, for a random draw in
// [0, 1).
Duration backoff_delay(int retry, double random01);

struct RetryDecision {
    std::optional<Duration> delay;  // set: try again after it
    ExhaustedRetryCondition exhausted = ExhaustedRetryCondition::kMaximumRetryAttempts;  // else
};

// After `failed_attempts` failed attempts (counting the one just made) of an event accepted
// `event_age` ago.
RetryDecision next_retry(const EventRetryPolicy& policy,
                         int failed_attempts,
                         Duration event_age,
                         const RetryTiming& timing = {});

struct DeadLetterAttribute {
    std::string name;  // all String-typed
    std::string value;
};

// RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION (only when retries
// ran out, not for a permanent failure), RETRY_ATTEMPTS.
std::vector<DeadLetterAttribute> dead_letter_attributes(
    std::string_view rule_arn,
    std::string_view target_arn,
    std::string_view error_code,
    std::string_view error_message,
    std::optional<ExhaustedRetryCondition> condition,
    int retry_attempts);

}  // namespace tripline::bus
