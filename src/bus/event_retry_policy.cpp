#include "bus/event_retry_policy.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace tripline::bus {

namespace {

double default_random() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

Duration scaled(Duration d, double scale) {
    return std::chrono::duration_cast<Duration>(
        std::chrono::duration<double, Duration::period>(static_cast<double>(d.count()) * scale));
}

}  // namespace

std::string_view exhausted_retry_condition_name(ExhaustedRetryCondition condition) {
    return condition == ExhaustedRetryCondition::kMaximumRetryAttempts ? "MaximumRetryAttempts"
                                                                       : "MaximumEventAgeInSeconds";
}

Duration backoff_delay(int retry, double random01) {
    using Seconds = std::chrono::duration<double>;
    const int exponent = std::clamp(retry - 1, 0, 30);
    const double ceiling = std::min(Seconds(kFirstRetryDelay).count() * std::ldexp(1.0, exponent),
                                    Seconds(kMaxRetryDelay).count());
    const double r = std::clamp(random01, 0.0, 1.0);
    return std::chrono::duration_cast<Duration>(Seconds(ceiling / 2 + ceiling / 2 * r));
}

RetryDecision next_retry(const EventRetryPolicy& policy,
                         int failed_attempts,
                         Duration event_age,
                         const RetryTiming& timing) {
    RetryDecision decision;
    const Duration max_age = scaled(policy.maximum_event_age, timing.delay_scale);
    if (event_age >= max_age) {
        decision.exhausted = ExhaustedRetryCondition::kMaximumEventAge;
        return decision;
    }
    // failed_attempts counts the first attempt, which is not a retry.
    if (failed_attempts > policy.maximum_retry_attempts) {
        decision.exhausted = ExhaustedRetryCondition::kMaximumRetryAttempts;
        return decision;
    }
    const double r = timing.random ? timing.random() : default_random();
    Duration delay = scaled(backoff_delay(failed_attempts, r), timing.delay_scale);
    decision.delay = std::min(delay, max_age - event_age);
    return decision;
}

std::vector<DeadLetterAttribute> dead_letter_attributes(
    std::string_view rule_arn,
    std::string_view target_arn,
    std::string_view error_code,
    std::string_view error_message,
    std::optional<ExhaustedRetryCondition> condition,
    int retry_attempts) {
    std::vector<DeadLetterAttribute> out;
    out.push_back({"RULE_ARN", std::string(rule_arn)});
    out.push_back({"TARGET_ARN", std::string(target_arn)});
    out.push_back({"ERROR_CODE", std::string(error_code)});
    out.push_back({"ERROR_MESSAGE", std::string(error_message)});
    if (condition) {
        out.push_back(
            {"EXHAUSTED_RETRY_CONDITION", std::string(exhausted_retry_condition_name(*condition))});
    }
    out.push_back({"RETRY_ATTEMPTS", std::to_string(retry_attempts)});
    return out;
}

}  // namespace tripline::bus
