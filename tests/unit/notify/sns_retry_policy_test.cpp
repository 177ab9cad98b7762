#include "notify/sns_retry_policy.h"

#include <gtest/gtest.h>

namespace tripline::notify {
namespace {

using std::chrono::seconds;

double secs(Duration d) { return std::chrono::duration<double>(d).count(); }

TEST(SnsRetryPolicy, EmailScheduleIsFiftyRetriesOverAboutSixHours) {
    SnsRetryPolicy p = sns_email_retry_policy();
    EXPECT_EQ(p.num_retries, 50);
    EXPECT_EQ(p.num_backoff_retries(), 10);
    EXPECT_EQ(*p.delay_before_retry(1), seconds(10));  // pre-backoff
    EXPECT_EQ(*p.delay_before_retry(2), seconds(10));
    EXPECT_EQ(*p.delay_before_retry(3), seconds(10));    // backoff starts at the minimum
    EXPECT_EQ(*p.delay_before_retry(12), seconds(600));  // and ends at the maximum
    for (int r = 4; r <= 12; ++r) {
        EXPECT_GT(*p.delay_before_retry(r), *p.delay_before_retry(r - 1)) << r;
    }
    EXPECT_EQ(*p.delay_before_retry(13), seconds(600));  // post-backoff
    EXPECT_EQ(*p.delay_before_retry(50), seconds(600));
    EXPECT_FALSE(p.delay_before_retry(51).has_value());
    double hours = secs(p.total_delay()) / 3600;
    EXPECT_GT(hours, 6.5);
    EXPECT_LT(hours, 7.5);
}

TEST(SnsRetryPolicy, ManagedEndpointScheduleForSqs) {
    SnsRetryPolicy p = sns_managed_endpoint_retry_policy();
    EXPECT_EQ(p.num_retries, 100'015);
    EXPECT_EQ(*p.delay_before_retry(1), Duration::zero());
    EXPECT_EQ(*p.delay_before_retry(3), Duration::zero());
    EXPECT_EQ(*p.delay_before_retry(4), seconds(1));
    EXPECT_EQ(*p.delay_before_retry(5), seconds(1));
    EXPECT_EQ(*p.delay_before_retry(6), seconds(1));
    EXPECT_EQ(*p.delay_before_retry(15), seconds(20));
    EXPECT_EQ(*p.delay_before_retry(100'015), seconds(20));
    EXPECT_FALSE(p.delay_before_retry(100'016).has_value());
    double days = secs(p.total_delay()) / 86400;
    EXPECT_GT(days, 23.0);
    EXPECT_LT(days, 23.3);
}

TEST(SnsRetryPolicy, HttpDefaultIsThreeRetriesTwentySecondsApart) {
    auto p = parse_sns_http_retry_policy("");
    ASSERT_TRUE(p.has_value());
    for (int r = 1; r <= 3; ++r) {
        EXPECT_EQ(*p->delay_before_retry(r), seconds(20));
    }
    EXPECT_FALSE(p->delay_before_retry(4).has_value());
    EXPECT_FALSE(p->delay_before_retry(0).has_value());
}

TEST(SnsRetryPolicy, HttpPolicyPhases) {
    auto p = parse_sns_http_retry_policy(R"({"healthyRetryPolicy":{
        "minDelayTarget":5,"maxDelayTarget":60,"numRetries":10,"numNoDelayRetries":1,
        "numMinDelayRetries":2,"numMaxDelayRetries":2,"backoffFunction":"linear"}})");
    ASSERT_TRUE(p.has_value()) << p.error().message;
    EXPECT_EQ(p->num_backoff_retries(), 5);
    EXPECT_EQ(*p->delay_before_retry(1), Duration::zero());
    EXPECT_EQ(*p->delay_before_retry(2), seconds(5));
    EXPECT_EQ(*p->delay_before_retry(3), seconds(5));
    // Backoff: 5, 18.75, 32.5, 46.25, 60
    EXPECT_EQ(*p->delay_before_retry(4), seconds(5));
    EXPECT_DOUBLE_EQ(secs(*p->delay_before_retry(5)), 18.75);
    EXPECT_EQ(*p->delay_before_retry(8), seconds(60));
    EXPECT_EQ(*p->delay_before_retry(10), seconds(60));
    EXPECT_FALSE(p->delay_before_retry(11).has_value());
}

TEST(SnsRetryPolicy, BackoffFunctionsRiseFromMinToMax) {
    for (const char* function : {"linear", "arithmetic", "geometric", "exponential"}) {
        auto p = parse_sns_http_retry_policy(
            std::string(R"({"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":100,)") +
            R"("numRetries":6,"backoffFunction":")" + function + R"("}})");
        ASSERT_TRUE(p.has_value()) << function << ": " << p.error().message;
        EXPECT_EQ(*p->delay_before_retry(1), seconds(1)) << function;
        EXPECT_EQ(*p->delay_before_retry(6), seconds(100)) << function;
        for (int r = 2; r <= 6; ++r) {
            EXPECT_GT(*p->delay_before_retry(r), *p->delay_before_retry(r - 1)) << function;
        }
    }
}

TEST(SnsRetryPolicy, TopicFormAndDefaultsForMissingMembers) {
    auto p = parse_sns_http_retry_policy(
        R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":5},"disableSubscriptionOverrides":false}})",
        "https");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->num_retries, 5);
    EXPECT_EQ(*p->delay_before_retry(5), seconds(20));
}

TEST(SnsRetryPolicy, RejectsPoliciesBeyondAwsLimits) {
    for (const char* policy : {
             R"({"healthyRetryPolicy":{"numRetries":101}})",
             R"({"healthyRetryPolicy":{"minDelayTarget":30,"maxDelayTarget":20}})",
             R"({"healthyRetryPolicy":{"minDelayTarget":0}})",
             R"({"healthyRetryPolicy":{"numRetries":2,"numNoDelayRetries":3}})",
             R"({"healthyRetryPolicy":{"numRetries":100,"minDelayTarget":60,"maxDelayTarget":60}})",
             R"({"healthyRetryPolicy":{"backoffFunction":"cubic"}})",
             R"({"healthyRetryPolicy":{"numRetries":"3"}})",
             R"({"healthyRetryPolicy":[]})",
             "[1]",
         }) {
        auto p = parse_sns_http_retry_policy(policy);
        ASSERT_FALSE(p.has_value()) << policy;
        EXPECT_EQ(p.error().code, Errc::kInvalidArgument);
        EXPECT_TRUE(p.error().message.starts_with("DeliveryPolicy")) << p.error().message;
    }
}

TEST(SnsRetryPolicy, JitterIsAtMostTenPercent) {
    EXPECT_EQ(apply_sns_jitter(seconds(20), 0.5), seconds(20));
    EXPECT_EQ(apply_sns_jitter(seconds(20), 0.0), seconds(18));
    EXPECT_NEAR(secs(apply_sns_jitter(seconds(20), 0.999999)), 22.0, 1e-3);
    EXPECT_EQ(apply_sns_jitter(Duration::zero(), 0.9), Duration::zero());
}

}  // namespace
}  // namespace tripline::notify
