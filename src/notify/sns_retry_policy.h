// SnsRetryPolicy: when SNS tries a failed delivery again (sns.md §9). A policy has four phases of
// retries after the first attempt: no-delay retries, retries at the minimum delay (pre-backoff),
// backoff retries whose delays grow from the minimum to the maximum by the backoff function, and
// retries at the maximum delay (post-backoff). numRetries counts them all.
//
//   email, email-json (SMTP):   0 + 2 at 10 s + 10 exponential 10 -> 600 s + 38 at 600 s = 50
//   retries sqs (AWS-managed):          3 + 2 at 1 s + 10 exponential 1 -> 20 s + 100,000 at 20 s =
//   100,015 http/https default:         3 retries, 20 s apart (linear 20 -> 20 s) http/https
//   DeliveryPolicy:  healthyRetryPolicy {minDelayTarget, maxDelayTarget, numRetries,
//                               numNoDelayRetries, numMinDelayRetries, numMaxDelayRetries,
//                               backoffFunction}
//
// Backoff functions [inferred; AWS documents only their names and a graph]: with t going from 0
// (first backoff retry, minimum delay) to 1 (last, maximum delay): linear min + (max-min)·t;
// arithmetic min + (max-min)·t²; exponential min·(max/min)^t (a constant ratio between delays:
// classic exponential backoff, used by the email and AWS-managed schedules); geometric
// min + (max-min)·(2^(10t) - 1)/1023 (the steepest).
//
// Jitter: SNS jitters its retries; apply_sns_jitter() spreads a delay by ±10% from a random value
// in [0, 1) the caller supplies (a fixed value in tests).
//
// Thread-safety: values and pure functions. Errors: kInvalidArgument naming the bad member.
#pragma once

#include <optional>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::notify {

enum class SnsBackoffFunction { kLinear, kArithmetic, kGeometric, kExponential };

struct SnsRetryPolicy {
    int num_retries = 3;
    int num_no_delay_retries = 0;
    int num_min_delay_retries = 0;
    int num_max_delay_retries = 0;
    Duration min_delay = std::chrono::seconds(20);
    Duration max_delay = std::chrono::seconds(20);
    SnsBackoffFunction backoff = SnsBackoffFunction::kLinear;

    int num_backoff_retries() const {
        return num_retries - num_no_delay_retries - num_min_delay_retries - num_max_delay_retries;
    }
    // The delay before retry number `retry` (1 = the first retry, after the first failed attempt),
    // without jitter; nullopt when retry > num_retries (the policy is exhausted).
    std::optional<Duration> delay_before_retry(int retry) const;
    // Sum of all delays (AWS limits HTTP/S policies to 3,600 s).
    Duration total_delay() const;
};

SnsRetryPolicy sns_email_retry_policy();
SnsRetryPolicy sns_managed_endpoint_retry_policy();  // sqs (and lambda, firehose)
SnsRetryPolicy sns_http_default_retry_policy();

// The HTTP/S policy of a DeliveryPolicy document: the subscription form {"healthyRetryPolicy":
// {...}} or the topic form {"http"|"https": {"defaultHealthyRetryPolicy": {...}}}; members left
// out take the defaults (20 s, 20 s, 3 retries, linear). An empty document gives the default.
// Checks AWS's limits: 0 <= numRetries <= 100, 1 <= minDelayTarget <= maxDelayTarget <= 3600,
// the phase counts fit in numRetries, total delay <= 3,600 s.
Result<SnsRetryPolicy> parse_sns_http_retry_policy(std::string_view delivery_policy,
                                                   std::string_view protocol = "http");

// `delay` spread by up to ±10% (uniform01 in [0, 1); 0.5 leaves it unchanged).
Duration apply_sns_jitter(Duration delay, double uniform01);

}  // namespace tripline::notify
