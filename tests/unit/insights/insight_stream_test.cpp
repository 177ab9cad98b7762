#include "insights/insight_stream.h"

#include <gtest/gtest.h>

#include "insight_test_util.h"

namespace tripline::insights {
namespace {

using testing::add;
using testing::Calls;
using testing::kDay;
using testing::kStart;
using testing::new_test_id;
using testing::run_noise;

const Calls kPolicy{"s3.amazonaws.com",
                    "PutBucketPolicy",
                    true,
                    "",
                    "arn:aws:iam::111122223333:user/mallory",
                    "python-requests/2.31"};

class InsightStreamTest : public ::testing::Test {
protected:
    InsightSettings settings_;
    InsightStream stream_{"111122223333", "us-east-1", false, settings_};
    std::mt19937 random_{42};
};

const Attribution& attribution(const InsightEvent& e, std::string_view name) {
    for (const Attribution& a : e.attributions) {
        if (a.attribute == name) {
            return a;
        }
    }
    static const Attribution kNone;
    ADD_FAILURE() << "no attribution " << name;
    return kNone;
}

TEST_F(InsightStreamTest, AWeekOfOrdinaryActivityGivesNoInsight) {
    auto events = run_noise(stream_, kStart, kStart + 9 * kDay, random_);
    EXPECT_TRUE(events.empty()) << events.size() << " events, first on "
                                << (events.empty() ? "" : events[0].event_name);
    EXPECT_EQ(stream_.open_insight_count(), 0u);
}

TEST_F(InsightStreamTest, ABurstOfWritesGivesOneStartAndOneEnd) {
    auto events = run_noise(stream_, kStart, kStart + 8 * kDay, random_);
    ASSERT_TRUE(events.empty());
    const std::int64_t burst = kStart + 8 * kDay;
    const int per_minute[] = {14, 12, 12, 12};  // 50 calls in 4 minutes
    for (int i = 0; i < 4; ++i) {
        add(stream_, burst + i, per_minute[i], kPolicy);
    }
    auto after = run_noise(stream_, burst, burst + 60, random_);
    ASSERT_EQ(after.size(), 2u);
    const InsightEvent& start = after[0];
    const InsightEvent& end = after[1];
    EXPECT_TRUE(start.start);
    EXPECT_FALSE(end.start);
    EXPECT_EQ(start.shared_event_id, end.shared_event_id);
    EXPECT_EQ(start.type, trail::InsightType::kApiCallRate);
    EXPECT_EQ(start.event_source, "s3.amazonaws.com");
    EXPECT_EQ(start.event_name, "PutBucketPolicy");
    EXPECT_EQ(start.minute, burst);
    EXPECT_EQ(start.insight_duration, 1);
    EXPECT_DOUBLE_EQ(start.insight_average, 14);
    EXPECT_EQ(start.baseline_duration, 7 * kDay);
    EXPECT_LT(start.baseline_average, 0.01);
    EXPECT_EQ(end.minute, burst + 4);
    EXPECT_EQ(end.insight_duration, 4);
    EXPECT_DOUBLE_EQ(end.insight_average, 12.5);
    EXPECT_EQ(end.baseline_average, start.baseline_average);

    const Attribution& users = attribution(end, "userIdentityArn");
    ASSERT_FALSE(users.insight.empty());
    EXPECT_EQ(users.insight[0].value, "arn:aws:iam::111122223333:user/mallory");
    EXPECT_DOUBLE_EQ(users.insight[0].average, 12.5);
    const Attribution& agents = attribution(start, "userAgent");
    ASSERT_EQ(agents.insight.size(), 1u);
    EXPECT_EQ(agents.insight[0].value, "python-requests/2.31");
    const Attribution& errors = attribution(end, "errorCode");
    ASSERT_EQ(errors.insight.size(), 1u);
    EXPECT_EQ(errors.insight[0].value, "null");
    // The baseline's callers are the ordinary ones, with averages summing to the baseline.
    double sum = 0;
    for (const ValueAverage& v : users.baseline) {
        EXPECT_NE(v.value, "arn:aws:iam::111122223333:user/mallory");
        sum += v.average;
    }
    EXPECT_NEAR(sum, start.baseline_average, 1e-9);
}

TEST_F(InsightStreamTest, AnErrorSpikeGivesAnErrorRateInsightNamingItsCode) {
    run_noise(stream_, kStart, kStart + 8 * kDay, random_);
    const std::int64_t spike = kStart + 8 * kDay;
    Calls denied{"secretsmanager.amazonaws.com",
                 "ListSecrets",
                 false,
                 "AccessDenied",
                 "arn:aws:iam::111122223333:user/mallory"};
    for (int i = 0; i < 3; ++i) {
        add(stream_, spike + i, i == 0 ? 10 : 15, denied);
    }
    auto events = run_noise(stream_, spike, spike + 60, random_);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].type, trail::InsightType::kApiErrorRate);
    EXPECT_EQ(events[0].error_code, "AccessDenied");
    EXPECT_EQ(events[0].event_name, "ListSecrets");
    EXPECT_DOUBLE_EQ(events[0].insight_average, 10);
    EXPECT_EQ(events[1].insight_duration, 3);
    EXPECT_NEAR(events[1].insight_average, 40.0 / 3, 1e-9);
    // Error-rate insights carry the code in insightDetails, not as an attribution.
    for (const Attribution& a : events[1].attributions) {
        EXPECT_NE(a.attribute, "errorCode");
    }
}

TEST_F(InsightStreamTest, ReadCallsDoNotCountForTheCallRate) {
    run_noise(stream_, kStart, kStart + 2 * kDay, random_);
    const std::int64_t burst = kStart + 2 * kDay;
    add(stream_, burst, 500, {"ec2.amazonaws.com", "DescribeVolumes", false});
    std::vector<InsightEvent> events;
    stream_.close_before(burst + 30, events, new_test_id);
    EXPECT_TRUE(events.empty());
}

TEST_F(InsightStreamTest, NothingStartsDuringTheWarmUp) {
    run_noise(stream_, kStart, kStart + 600, random_);
    add(stream_, kStart + 600, 100, kPolicy);
    std::vector<InsightEvent> events;
    stream_.close_before(kStart + 700, events, new_test_id);
    EXPECT_TRUE(events.empty());
}

TEST_F(InsightStreamTest, AShortLullBelongsToTheInsight) {
    run_noise(stream_, kStart, kStart + 2 * kDay, random_);
    const std::int64_t burst = kStart + 2 * kDay;
    add(stream_, burst, 10, kPolicy);
    add(stream_, burst + 2, 10, kPolicy);  // one quiet minute in between
    std::vector<InsightEvent> events;
    stream_.close_before(burst + 30, events, new_test_id);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].insight_duration, 3);
    EXPECT_NEAR(events[1].insight_average, 20.0 / 3, 1e-9);
    EXPECT_EQ(events[1].minute, burst + 3);
}

TEST_F(InsightStreamTest, TheEndWaitsForEnoughQuietMinutes) {
    run_noise(stream_, kStart, kStart + 2 * kDay, random_);
    const std::int64_t burst = kStart + 2 * kDay;
    add(stream_, burst, 20, kPolicy);
    std::vector<InsightEvent> events;
    stream_.close_before(burst + settings_.end_after_quiet_minutes, events, new_test_id);
    EXPECT_EQ(events.size(), 1u);  // Start only: 4 quiet minutes so far
    stream_.close_before(burst + settings_.end_after_quiet_minutes + 1, events, new_test_id);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].insight_duration, 1);
}

TEST_F(InsightStreamTest, AnOpenInsightSurvivesARestart) {
    run_noise(stream_, kStart, kStart + 2 * kDay, random_);
    const std::int64_t burst = kStart + 2 * kDay;
    add(stream_, burst, 20, kPolicy);
    add(stream_, burst + 1, 20, kPolicy);
    add(stream_, burst + 2, 20, kPolicy);  // still open (not evaluated yet)
    std::vector<InsightEvent> events;
    stream_.close_before(burst + 2, events, new_test_id);
    ASSERT_EQ(events.size(), 1u);

    const std::string saved = stream_.to_json().dump();
    auto restored = InsightStream::from_json(nlohmann::json::parse(saved), settings_);
    ASSERT_TRUE(restored) << restored.error().to_string();
    EXPECT_EQ(restored->to_json().dump(), saved);
    EXPECT_EQ(restored->open_insight_count(), 1u);
    restored->close_before(burst + 30, events, new_test_id);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].shared_event_id, events[0].shared_event_id);
    EXPECT_EQ(events[1].insight_duration, 3);
    EXPECT_DOUBLE_EQ(events[1].insight_average, 20);
}

TEST_F(InsightStreamTest, ACorruptStateIsAnError) {
    auto restored = InsightStream::from_json(nlohmann::json{{"version", 1}}, settings_);
    ASSERT_FALSE(restored);
    EXPECT_NE(restored.error().message.find("insights state"), std::string::npos);
}

TEST_F(InsightStreamTest, LateCallsCountForTheBaselineOnly) {
    run_noise(stream_, kStart, kStart + 2 * kDay, random_);
    const std::int64_t now = kStart + 2 * kDay;
    std::vector<InsightEvent> events;
    stream_.close_before(now + 10, events, new_test_id);
    add(stream_, now + 1, 100, kPolicy);  // its minute was evaluated already
    stream_.close_before(now + 30, events, new_test_id);
    EXPECT_TRUE(events.empty());
    // ... and the burst raised PutBucketPolicy's baseline: the same burst later is less unusual.
    add(stream_, now + 40, 100, kPolicy);
    stream_.close_before(now + 41, events, new_test_id);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_GT(events[0].baseline_average, 100.0 / (2 * kDay + 40) * 0.9);
}

TEST_F(InsightStreamTest, TrackedApisAreBounded) {
    settings_.max_apis = 10;
    InsightStream stream("111122223333", "us-east-1", false, settings_);
    for (int i = 0; i < 100; ++i) {
        add(stream, kStart + i, 1, {"ec2.amazonaws.com", "Api" + std::to_string(i), true});
    }
    std::vector<InsightEvent> events;
    stream.close_before(kStart + 200, events, new_test_id);
    EXPECT_LE(stream.api_count(), 10u);
}

TEST_F(InsightStreamTest, OnlyTheEnabledTypesAreCounted) {
    add(stream_, kStart, 5, kPolicy, trail::InsightTypes{false, true});
    EXPECT_EQ(stream_.api_count(), 0u);
    add(stream_,
        kStart,
        5,
        {"s3.amazonaws.com", "PutBucketPolicy", true, "AccessDenied"},
        trail::InsightTypes{false, true});
    EXPECT_EQ(stream_.api_count(), 1u);
}

TEST_F(InsightStreamTest, AShorterLabBaselineWorks) {
    settings_.baseline_minutes = 60;
    settings_.warmup_minutes = 10;
    InsightStream stream("111122223333", "us-east-1", false, settings_);
    auto events = run_noise(stream, kStart, kStart + 30, random_);
    ASSERT_TRUE(events.empty());
    add(stream, kStart + 30, 9, kPolicy);
    stream.close_before(kStart + 40, events, new_test_id);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].baseline_duration, 30);
}

}  // namespace
}  // namespace tripline::insights
