#include "insights/insight_service.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::insights {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kMidnight{std::chrono::seconds{1'761'955'200}};  // 2025-11-01T00:00:00Z

event::CloudTrailRecord call(TimePoint at,
                             std::string name,
                             bool read_only = false,
                             std::string error = "") {
    event::CloudTrailRecord r;
    r.event_version = "1.11";
    r.event_time = format_iso8601(at);
    r.event_source = "s3.amazonaws.com";
    r.event_name = std::move(name);
    r.aws_region = "us-east-1";
    r.recipient_account_id = "111122223333";
    r.read_only = read_only;
    r.event_type = "AwsApiCall";
    r.management_event = true;
    r.event_category = "Management";
    r.user_agent = "aws-cli/2.15.0";
    event::UserIdentity who;
    who.arn = "arn:aws:iam::111122223333:user/mallory";
    r.user_identity = who;
    if (!error.empty()) {
        r.error_code = std::move(error);
    }
    return r;
}

class InsightServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(*db);
        options_.settings.baseline_minutes = 60;
        options_.settings.warmup_minutes = 10;
        clock_.set(kMidnight);
    }

    std::unique_ptr<InsightService> make_service(trail::InsightTypes types = {true, true}) {
        auto service = std::make_unique<InsightService>(*db_, clock_, options_);
        EXPECT_TRUE(service->load());
        service->set_types([types](std::string_view account, std::string_view region) {
            return account == "111122223333" && region == "us-east-1" ? types
                                                                      : trail::InsightTypes{};
        });
        service->set_publisher([this](const std::vector<InsightEvent>& events) {
            published_.insert(published_.end(), events.begin(), events.end());
        });
        return service;
    }

    // One recorded call per minute for `n` minutes, the clock moving with them.
    void ordinary_minutes(InsightService& service, int n) {
        for (int i = 0; i < n; ++i) {
            auto record = call(clock_.now(), "PutBucketTagging");
            service.observe(std::span(&record, 1), false);
            clock_.advance(minutes(1));
            service.tick();
        }
    }

    void burst(InsightService& service, int n) {
        std::vector<event::CloudTrailRecord> records;
        for (int i = 0; i < n; ++i) {
            records.push_back(call(clock_.now(), "PutBucketPolicy"));
        }
        service.observe(records, false);
    }

    tripline::testing::TempDir dir_;
    std::unique_ptr<storage::Database> db_;
    FakeClock clock_;
    InsightServiceOptions options_;
    std::vector<InsightEvent> published_;
};

TEST_F(InsightServiceTest, RecordedCallsAreEvaluatedByTheClock) {
    auto service = make_service();
    ordinary_minutes(*service, 30);
    ASSERT_TRUE(published_.empty());
    burst(*service, 12);
    service->tick();
    EXPECT_TRUE(published_.empty()) << "the minute has not ended yet";
    clock_.advance(seconds(65));
    service->tick();
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_TRUE(published_[0].start);
    EXPECT_EQ(published_[0].event_name, "PutBucketPolicy");
    EXPECT_FALSE(published_[0].ingested);
    // Silence: the End follows after the quiet minutes, from the clock alone.
    clock_.advance(minutes(6));
    service->tick();
    ASSERT_EQ(published_.size(), 2u);
    EXPECT_FALSE(published_[1].start);
    EXPECT_EQ(published_[1].insight_duration, 1);
    EXPECT_EQ(service->stats().events, 2u);
}

TEST_F(InsightServiceTest, AnOpenInsightSurvivesARestart) {
    auto service = make_service();
    ordinary_minutes(*service, 30);
    burst(*service, 12);
    clock_.advance(seconds(65));
    service->tick();
    ASSERT_EQ(published_.size(), 1u);
    ASSERT_TRUE(service->save_all());
    service.reset();

    auto restarted = make_service();
    EXPECT_EQ(restarted->stats().open_insights, 1u);
    clock_.advance(minutes(6));
    restarted->tick();
    ASSERT_EQ(published_.size(), 2u);
    EXPECT_EQ(published_[1].shared_event_id, published_[0].shared_event_id);
}

TEST_F(InsightServiceTest, TrailsWithoutInsightSelectorsAreNotAnalysed) {
    auto service = make_service(trail::InsightTypes{});
    ordinary_minutes(*service, 30);
    burst(*service, 50);
    clock_.advance(minutes(10));
    service->tick();
    EXPECT_TRUE(published_.empty());
    EXPECT_EQ(service->stats().streams, 0u);
}

TEST_F(InsightServiceTest, IngestedLogsRunInEventTime) {
    options_.ingested = trail::InsightTypes{true, true};
    auto service = make_service(trail::InsightTypes{});
    // A replay of last year's logs: the clock plays no part.
    const TimePoint past = kMidnight - std::chrono::hours(24 * 365);
    std::vector<event::CloudTrailRecord> records;
    for (int m = 0; m < 30; ++m) {
        records.push_back(call(past + minutes(m), "PutBucketTagging"));
    }
    for (int i = 0; i < 20; ++i) {
        records.push_back(call(past + minutes(30), "GetBucketAcl", true, "AccessDenied"));
    }
    service->observe(records, true);
    EXPECT_TRUE(published_.empty()) << "minute 30 waits for later records (lateness)";
    service->flush();
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(published_[0].type, trail::InsightType::kApiErrorRate);
    EXPECT_EQ(published_[0].error_code, "AccessDenied");
    EXPECT_TRUE(published_[0].ingested);
    EXPECT_EQ(published_[0].minute,
              std::chrono::duration_cast<minutes>((past + minutes(30)).time_since_epoch()).count());
}

TEST_F(InsightServiceTest, OnlyManagementEventsCount) {
    auto service = make_service();
    ordinary_minutes(*service, 30);
    std::vector<event::CloudTrailRecord> records;
    for (int i = 0; i < 50; ++i) {
        auto data = call(clock_.now(), "PutObject");
        data.event_category = "Data";
        data.management_event = false;
        records.push_back(std::move(data));
        records.push_back(call(clock_.now(), "GetBucketPolicy", /*read_only=*/true));
    }
    service->observe(records, false);
    clock_.advance(minutes(10));
    service->tick();
    EXPECT_TRUE(published_.empty());
}

}  // namespace
}  // namespace tripline::insights
