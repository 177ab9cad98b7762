// The pieces the delivery handler uses: the outbox payload, the retry schedule, DLQ attributes.
#include <gtest/gtest.h>

#include "bus/event_retry_policy.h"
#include "bus/schedule_expression.h"
#include "bus/target_invocation.h"

namespace tripline::bus {
namespace {

using std::chrono::seconds;

TEST(TargetInvocation, RoundTripsThroughJson) {
    TargetInvocation inv;
    inv.event_id = "e1";
    inv.rule_arn = "arn:aws:events:us-east-1:123456789012:rule/r";
    inv.rule_name = "r";
    inv.account = "123456789012";
    inv.region = "us-east-1";
    inv.bus_name = "default";
    inv.target_json = R"({"Id":"1","Arn":"arn:aws:sqs:us-east-1:123456789012:q"})";
    inv.input = "\"line 1\"\n\"line \\\"2\\\"\"";
    inv.event = R"({"id":"e1","detail":{}})";
    inv.event_time = "2026-11-22T08:00:00Z";
    inv.ingestion_time = "2026-11-22T08:00:01Z";
    auto parsed = parse_target_invocation(to_json(inv));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(*parsed, inv);

    // The event is left out when the target receives it whole, and read back from the input.
    inv.event = inv.input = R"({"id":"e1"})";
    const std::string compact = to_json(inv);
    EXPECT_EQ(compact.find("\"event\":"), std::string::npos);
    EXPECT_EQ(*parse_target_invocation(compact), inv);
    EXPECT_FALSE(parse_target_invocation(R"({"event_id":"x"})").has_value());
}

TEST(TargetInvocation, ReadsTargetSettings) {
    auto s = parse_target_settings(
        R"({"Id":"1","Arn":"arn:aws:sqs:us-east-1:123456789012:q.fifo",)"
        R"("SqsParameters":{"MessageGroupId":"g"},)"
        R"("RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":120},)"
        R"("DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"}})");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->message_group_id, "g");
    EXPECT_EQ(s->maximum_retry_attempts, 3);
    EXPECT_EQ(s->maximum_event_age_seconds, 120);
    EXPECT_EQ(s->dead_letter_arn, "arn:aws:sqs:us-east-1:123456789012:dlq");
    auto defaults = parse_target_settings(R"({"Id":"1","Arn":"a"})");
    EXPECT_EQ(defaults->maximum_retry_attempts, 185);
    EXPECT_EQ(defaults->maximum_event_age_seconds, 86400);
}

TEST(EventRetryPolicy, BackoffGrowsWithJitterUpToTenMinutes) {
    EXPECT_EQ(backoff_delay(1, 0.0), std::chrono::milliseconds(500));
    EXPECT_EQ(backoff_delay(1, 1.0), seconds(1));
    EXPECT_EQ(backoff_delay(4, 0.0), seconds(4));
    EXPECT_EQ(backoff_delay(4, 1.0), seconds(8));
    EXPECT_EQ(backoff_delay(50, 1.0), seconds(600));
    EXPECT_EQ(backoff_delay(50, 0.0), seconds(300));
}

TEST(EventRetryPolicy, DefaultScheduleSpansAboutADay) {
    RetryTiming timing;
    timing.random = [] { return 0.5; };
    EventRetryPolicy policy;
    Duration age{};
    int attempts = 0;
    RetryDecision d;
    while (true) {
        ++attempts;
        d = next_retry(policy, attempts, age, timing);
        if (!d.delay) {
            break;
        }
        age += *d.delay;
    }
    EXPECT_EQ(attempts, 186);  // the first attempt plus 185 retries
    EXPECT_EQ(d.exhausted, ExhaustedRetryCondition::kMaximumRetryAttempts);
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(age).count();
    EXPECT_GE(hours, 20);
    EXPECT_LE(hours, 24);
}

TEST(EventRetryPolicy, TargetLimitsAndScale) {
    RetryTiming timing;
    timing.random = [] { return 1.0; };
    EventRetryPolicy none{0, seconds(86400)};
    EXPECT_FALSE(next_retry(none, 1, {}, timing).delay.has_value());

    EventRetryPolicy short_age{185, seconds(60)};
    auto last = next_retry(short_age, 1, seconds(59), timing);
    ASSERT_TRUE(last.delay.has_value());
    EXPECT_EQ(*last.delay, seconds(1));  // never past the age limit
    auto expired = next_retry(short_age, 2, seconds(60), timing);
    EXPECT_FALSE(expired.delay.has_value());
    EXPECT_EQ(expired.exhausted, ExhaustedRetryCondition::kMaximumEventAge);

    timing.delay_scale = 0.001;
    auto fast = next_retry(EventRetryPolicy{}, 10, {}, timing);
    EXPECT_EQ(*fast.delay, std::chrono::milliseconds(512));
    auto fast_expired = next_retry(EventRetryPolicy{}, 10, seconds(87), timing);
    EXPECT_EQ(fast_expired.exhausted, ExhaustedRetryCondition::kMaximumEventAge);
}

TEST(EventRetryPolicy, DeadLetterAttributes) {
    auto attrs = dead_letter_attributes("rule-arn",
                                        "target-arn",
                                        "SDK_CLIENT_ERROR",
                                        "connection refused",
                                        ExhaustedRetryCondition::kMaximumEventAge,
                                        7);
    ASSERT_EQ(attrs.size(), 6u);
    EXPECT_EQ(attrs[0].name, "RULE_ARN");
    EXPECT_EQ(attrs[4].name, "EXHAUSTED_RETRY_CONDITION");
    EXPECT_EQ(attrs[4].value, "MaximumEventAgeInSeconds");
    EXPECT_EQ(attrs[5].value, "7");
    EXPECT_EQ(dead_letter_attributes("r", "t", "c", "m", std::nullopt, 0).size(), 5u);
}

TEST(ScheduleExpression, RateAndCron) {
    for (const char* ok : {"rate(1 minute)",
                           "rate(5 minutes)",
                           "rate(2 days)",
                           "cron(0 20 * * ? *)",
                           "cron(0/15 8-17 ? * MON-FRI *)"}) {
        EXPECT_TRUE(check_schedule_expression(ok).has_value()) << ok;
    }
    for (const char* bad : {"rate(1 minutes)",
                            "rate(0 minutes)",
                            "rate(5 weeks)",
                            "cron(0 20 * * * *)",
                            "cron(0 20 * *)",
                            "5 minutes"}) {
        EXPECT_FALSE(check_schedule_expression(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace tripline::bus
