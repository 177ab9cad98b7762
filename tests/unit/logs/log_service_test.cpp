// LogService over a real (temporary) state store: groups and streams with AWS's errors,
// PutLogEvents' batch rules, paging of GetLogEvents and FilterLogEvents, metric filters turning
// events into per-minute datapoints (value, selectors, dimensions, defaultValue), delivery from
// trails, retention, and groups surviving a restart.
#include "logs/log_service.h"

#include <gtest/gtest.h>

#include "storage/metric_data_store.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::logs {
namespace {

const LogScope kScope{"111122223333", "us-east-1"};
constexpr std::int64_t kStart = 1'700'000'000'000;  // FakeClock's start, in ms

class LogServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        logs_ = std::make_unique<LogService>(*db_, clock_);
        ASSERT_TRUE(logs_->create_log_group(kScope, "trail", {}));
        ASSERT_TRUE(logs_->create_log_stream(kScope, "trail", "s1"));
    }

    std::vector<storage::MetricMinute> minutes(const std::string& name,
                                               storage::MetricDimensions dims = {}) {
        storage::MetricDataStore store(*db_);
        auto read = store.read(
            storage::MetricKey{kScope.account_id, kScope.region, "CIS", name, std::move(dims)},
            0,
            kStart / 1000 + 86400);
        EXPECT_TRUE(read) << read.error().to_string();
        return read ? *read : std::vector<storage::MetricMinute>{};
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_{TimePoint(std::chrono::milliseconds(kStart))};
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<LogService> logs_;
};

TEST_F(LogServiceTest, GroupsAndStreamsWithAwsErrors) {
    EXPECT_EQ(logs_->create_log_group(kScope, "trail", {}).error().code,
              "ResourceAlreadyExistsException");
    EXPECT_EQ(logs_->create_log_group(kScope, "bad name!", {}).error().code,
              "InvalidParameterException");
    EXPECT_EQ(logs_->create_log_stream(kScope, "nope", "s").error().message,
              "The specified log group does not exist.");
    EXPECT_EQ(logs_->create_log_stream(kScope, "trail", "s1").error().code,
              "ResourceAlreadyExistsException");
    EXPECT_EQ(logs_->create_log_stream(kScope, "trail", "a:b").error().code,
              "InvalidParameterException");
    EXPECT_EQ(logs_->set_retention(kScope, "trail", 2).error().code, "InvalidParameterException");
    ASSERT_TRUE(logs_->set_retention(kScope, "trail", 30));
    auto listing = logs_->describe_log_groups(kScope, "tr", "", 50, "");
    ASSERT_TRUE(listing);
    ASSERT_EQ(listing->groups.size(), 1u);
    EXPECT_EQ(listing->groups[0].retention_days, 30);
    EXPECT_EQ(listing->groups[0].arn(), "arn:aws:logs:us-east-1:111122223333:log-group:trail");
    // Another account sees nothing.
    EXPECT_TRUE(
        logs_->describe_log_groups({"999988887777", "us-east-1"}, "", "", 50, "")->groups.empty());
}

TEST_F(LogServiceTest, PutLogEventsFollowsAwsBatchRules) {
    EXPECT_EQ(logs_->put_log_events(kScope, "trail", "s1", {}).error().code,
              "InvalidParameterException");
    EXPECT_EQ(logs_->put_log_events(kScope, "trail", "s1", {{kStart, "b"}, {kStart - 1, "a"}})
                  .error()
                  .message,
              "Log events in a single PutLogEvents request must be in chronological order.");
    EXPECT_EQ(logs_->put_log_events(kScope, "trail", "nope", {{kStart, "a"}}).error().message,
              "The specified log stream does not exist.");
    const std::int64_t day = 86400000;
    auto put = logs_->put_log_events(
        kScope, "trail", "s1", {{kStart - 15 * day, "old"}, {kStart - 14 * day + 1, "x"}});
    EXPECT_FALSE(put);  // spans more than 24 hours
    put = logs_->put_log_events(
        kScope, "trail", "s1", {{kStart - 14 * day - 5, "old"}, {kStart - 14 * day + 5, "ok"}});
    ASSERT_TRUE(put) << put.error().message;
    EXPECT_EQ(put->too_old_end_index, 0u);
    put = logs_->put_log_events(
        kScope, "trail", "s1", {{kStart, "now"}, {kStart + 3 * 3600000, "future"}});
    ASSERT_TRUE(put);
    EXPECT_EQ(put->too_new_start_index, 1u);
    auto page = logs_->get_log_events(kScope, "trail", "s1", {}, {}, true, 100, "");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->events.size(), 2u);
    EXPECT_EQ(page->events[0].message, "ok");
    EXPECT_EQ(page->events[1].message, "now");
}

TEST_F(LogServiceTest, GetLogEventsPagesBothWaysAndEndsWithTheSameToken) {
    std::vector<InputLogEvent> events;
    for (int i = 0; i < 5; ++i) {
        events.push_back({kStart + i, "e" + std::to_string(i)});
    }
    ASSERT_TRUE(logs_->put_log_events(kScope, "trail", "s1", events));
    // Without a token and startFromHead false: the newest events.
    auto page = logs_->get_log_events(kScope, "trail", "s1", {}, {}, false, 2, "");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->events.size(), 2u);
    EXPECT_EQ(page->events[0].message, "e3");
    EXPECT_EQ(page->events[1].message, "e4");
    auto back =
        logs_->get_log_events(kScope, "trail", "s1", {}, {}, false, 2, page->next_backward_token);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->events[0].message, "e1");
    auto forward =
        logs_->get_log_events(kScope, "trail", "s1", {}, {}, false, 2, page->next_forward_token);
    ASSERT_TRUE(forward);
    EXPECT_TRUE(forward->events.empty());
    EXPECT_EQ(forward->next_forward_token, page->next_forward_token);
    // Time range: [start, end).
    auto ranged =
        logs_->get_log_events(kScope, "trail", "s1", kStart + 1, kStart + 3, true, 10, "");
    ASSERT_TRUE(ranged);
    ASSERT_EQ(ranged->events.size(), 2u);
    EXPECT_EQ(ranged->events[0].message, "e1");
}

TEST_F(LogServiceTest, FilterLogEventsWithPatternAndPaging) {
    ASSERT_TRUE(logs_->create_log_stream(kScope, "trail", "s2"));
    ASSERT_TRUE(logs_->put_log_events(
        kScope,
        "trail",
        "s1",
        {{kStart, R"({"eventName":"ConsoleLogin","errorMessage":"Failed authentication"})"},
         {kStart + 1, R"({"eventName":"GetCallerIdentity"})"}}));
    ASSERT_TRUE(logs_->put_log_events(
        kScope,
        "trail",
        "s2",
        {{kStart + 2, R"({"eventName":"ConsoleLogin","errorMessage":"Failed authentication"})"}}));
    FilterRequest request;
    request.group = "trail";
    request.filter_pattern =
        R"({ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") })";
    request.limit = 1;
    auto page = logs_->filter_log_events(kScope, request);
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->events.size(), 1u);
    EXPECT_EQ(page->events[0].stream, "s1");
    ASSERT_TRUE(page->next_token);
    request.next_token = page->next_token;
    page = logs_->filter_log_events(kScope, request);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->events.size(), 1u);
    EXPECT_EQ(page->events[0].stream, "s2");
    request.next_token.reset();
    request.limit = 100;
    request.stream_names = {"s2"};
    EXPECT_EQ(logs_->filter_log_events(kScope, request)->events.size(), 1u);
    request.filter_pattern = "{ $.x = ";
    EXPECT_EQ(logs_->filter_log_events(kScope, request).error().code, "InvalidParameterException");
}

TEST_F(LogServiceTest, MetricFiltersPublishDatapointsAsEventsArrive) {
    MetricTransformation count{"Denied", "CIS", "1", std::nullopt, {}, "Count"};
    ASSERT_TRUE(logs_->put_metric_filter(
        kScope, "trail", "denied", R"({ $.errorCode = "AccessDenied*" })", count));
    MetricTransformation bytes{"Bytes", "CIS", "$.bytes", std::nullopt, {{"User", "$.user"}}, ""};
    ASSERT_TRUE(logs_->put_metric_filter(kScope, "trail", "bytes", "{ $.bytes > 0 }", bytes));
    MetricTransformation quiet{"Quiet", "CIS", "1", 0.0, {}, ""};
    ASSERT_TRUE(logs_->put_metric_filter(kScope, "trail", "quiet", "NEVERSEEN", quiet));
    ASSERT_TRUE(logs_->put_log_events(
        kScope,
        "trail",
        "s1",
        {{kStart, R"({"errorCode":"AccessDenied","user":"bob","bytes":10})"},
         {kStart + 1000, R"({"errorCode":"AccessDeniedException","user":"bob","bytes":5})"},
         {kStart + 2000, R"({"errorCode":"NoSuchKey","user":"eve","bytes":"x"})"}}));
    auto denied = minutes("Denied");
    ASSERT_EQ(denied.size(), 1u);
    EXPECT_EQ(denied[0].sum, 2);
    EXPECT_EQ(denied[0].unit, "Count");
    auto bob = minutes("Bytes", {{"User", "bob"}});
    ASSERT_EQ(bob.size(), 1u);
    EXPECT_EQ(bob[0].sum, 15);
    EXPECT_EQ(bob[0].maximum, 10);
    EXPECT_TRUE(minutes("Bytes", {{"User", "eve"}}).empty());  // "x" is not a number
    auto quiet_minutes = minutes("Quiet");
    ASSERT_EQ(quiet_minutes.size(), 1u);  // defaultValue once for the minute with events
    EXPECT_EQ(quiet_minutes[0].sum, 0);
    EXPECT_EQ(quiet_minutes[0].count, 1);

    auto listed =
        logs_->describe_metric_filters(kScope, "", "", std::string("Denied"), std::string("CIS"));
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].filter.name, "denied");
    ASSERT_TRUE(logs_->delete_metric_filter(kScope, "trail", "denied"));
    EXPECT_EQ(logs_->delete_metric_filter(kScope, "trail", "denied").error().code,
              "ResourceNotFoundException");
}

TEST_F(LogServiceTest, MetricFilterValidation) {
    MetricTransformation t{"M", "CIS", "$.bytes", std::nullopt, {}, ""};
    EXPECT_EQ(logs_->put_metric_filter(kScope, "trail", "f", "ERROR", t).error().code,
              "InvalidParameterException");  // a selector needs a JSON pattern
    t.metric_value = "1";
    t.dimensions = {{"User", "$.user"}};
    t.default_value = 0;
    EXPECT_EQ(logs_->put_metric_filter(kScope, "trail", "f", "{ $.a = 1 }", t).error().code,
              "InvalidParameterException");  // dimensions with a default value
    t.default_value.reset();
    t.unit = "Parsecs";
    EXPECT_EQ(logs_->put_metric_filter(kScope, "trail", "f", "{ $.a = 1 }", t).error().code,
              "InvalidParameterException");
    t.unit = "Count";
    EXPECT_EQ(logs_->put_metric_filter(kScope, "trail", "f", "{ $.a = ", t).error().code,
              "InvalidParameterException");
    EXPECT_TRUE(logs_->put_metric_filter(kScope, "trail", "f", "{ $.a = 1 }", t));
}

TEST_F(LogServiceTest, TestMetricFilterReportsMatchesWithExtractedValues) {
    auto matches = LogService::test_metric_filter(
        "[ip, user, status = 4*]", {"1.2.3.4 bob 404", "1.2.3.4 bob 200", "5.6.7.8 eve 403"});
    ASSERT_TRUE(matches) << matches.error().message;
    ASSERT_EQ(matches->size(), 2u);
    EXPECT_EQ((*matches)[0].event_number, 1u);
    EXPECT_EQ((*matches)[1].event_number, 3u);
    filter_pattern::ExtractedValues expected{
        {"$ip", "5.6.7.8"}, {"$user", "eve"}, {"$status", "403"}};
    EXPECT_EQ((*matches)[1].extracted, expected);
    EXPECT_EQ(LogService::test_metric_filter("x", {}).error().code, "InvalidParameterException");
}

TEST_F(LogServiceTest, DeliverCreatesTheStreamAndSurvivesRestart) {
    const std::string arn = "arn:aws:logs:us-east-1:111122223333:log-group:trail:*";
    ASSERT_TRUE(logs_->deliver(arn, "111122223333_CloudTrail_us-east-1", {{kStart, "{}"}}));
    EXPECT_EQ(
        logs_->deliver("arn:aws:logs:us-east-1:111122223333:log-group:none", "s", {{kStart, "x"}})
            .error()
            .code,
        "ResourceNotFoundException");
    logs_ = std::make_unique<LogService>(*db_, clock_);
    auto streams = logs_->describe_log_streams(kScope, "trail", "", false, false, 50, "");
    ASSERT_TRUE(streams);
    ASSERT_EQ(streams->streams.size(), 2u);
    EXPECT_EQ(streams->streams[0].stream.name, "111122223333_CloudTrail_us-east-1");
    ASSERT_TRUE(streams->streams[0].stats);
    EXPECT_EQ(streams->streams[0].stats->last_event_ms, kStart);
}

TEST_F(LogServiceTest, RetentionDropsOldEvents) {
    ASSERT_TRUE(logs_->put_log_events(kScope, "trail", "s1", {{kStart, "a"}}));
    ASSERT_TRUE(logs_->set_retention(kScope, "trail", 1));
    EXPECT_EQ(logs_->apply_retention(), 0);
    clock_.advance(std::chrono::hours(25));
    EXPECT_EQ(logs_->apply_retention(), 1);
}

}  // namespace
}  // namespace tripline::logs
