#include "discover/job_scope.h"

#include <gtest/gtest.h>

#include "discover/job_schedule.h"

namespace tripline::discover {
namespace {

using nlohmann::json;

storage::ObjectInfo object(std::string key,
                           std::uint64_t size = 10,
                           std::string modified = "2026-11-20T10:00:00Z") {
    storage::ObjectInfo info;
    info.key = std::move(key);
    info.size = size;
    EXPECT_TRUE(parse_iso8601(modified, info.last_modified));
    return info;
}

json term(std::string key, std::string comparator, std::vector<std::string> values) {
    return json{
        {"simpleScopeTerm", json{{"key", key}, {"comparator", comparator}, {"values", values}}}};
}

TEST(JobScope, IncludesAreAllRequired) {
    const json scoping{{"includes",
                        json{{"and",
                              json::array({term("OBJECT_EXTENSION", "EQ", {"csv", "txt"}),
                                           term("OBJECT_KEY", "STARTS_WITH", {"hr/"})})}}}};
    EXPECT_TRUE(object_in_scope(scoping, object("hr/staff.csv")));
    EXPECT_TRUE(object_in_scope(scoping, object("hr/notes.txt")));
    EXPECT_FALSE(object_in_scope(scoping, object("hr/photo.jpg")));
    EXPECT_FALSE(object_in_scope(scoping, object("ops/staff.csv")));
}

TEST(JobScope, ExcludesDropWhatMatchesEveryTerm) {
    const json scoping{{"excludes",
                        json{{"and",
                              json::array({term("OBJECT_SIZE", "GT", {"100"}),
                                           term("OBJECT_EXTENSION", "EQ", {"log"})})}}}};
    EXPECT_FALSE(object_in_scope(scoping, object("a.log", 101)));
    EXPECT_TRUE(object_in_scope(scoping, object("a.log", 100)));
    EXPECT_TRUE(object_in_scope(scoping, object("a.txt", 1000)));
}

TEST(JobScope, LastModifiedAndExtensionWithoutDot) {
    const json scoping{
        {"includes",
         json{{"and",
               json::array({term("OBJECT_LAST_MODIFIED_DATE", "GTE", {"2026-11-20T10:00:00Z"}),
                            term("OBJECT_EXTENSION", "NE", {""})})}}}};
    EXPECT_TRUE(object_in_scope(scoping, object("a.txt", 1, "2026-11-21T00:00:00Z")));
    EXPECT_FALSE(object_in_scope(scoping, object("a.txt", 1, "2026-11-19T00:00:00Z")));
    EXPECT_FALSE(object_in_scope(scoping, object("dir.d/README", 1, "2026-11-21T00:00:00Z")));
}

TEST(JobScope, BucketDefinitionsAndCriteria) {
    const json definitions{
        {"bucketDefinitions",
         json::array({json{{"accountId", "111122223333"}, {"buckets", json::array({"a", "b"})}}})}};
    EXPECT_TRUE(validate_job_definition(definitions));
    EXPECT_TRUE(bucket_selected(definitions, "111122223333", "a"));
    EXPECT_FALSE(bucket_selected(definitions, "111122223333", "c"));
    EXPECT_FALSE(bucket_selected(definitions, "999999999999", "a"));

    const json criteria{{"bucketCriteria",
                         json{{"excludes",
                               json{{"and",
                                     json::array({json{{"simpleCriterion",
                                                        json{{"comparator", "EQ"},
                                                             {"key", "S3_BUCKET_NAME"},
                                                             {"values", {"logs"}}}}}})}}}}}};
    EXPECT_TRUE(validate_job_definition(criteria));
    EXPECT_TRUE(bucket_selected(criteria, "111122223333", "data"));
    EXPECT_FALSE(bucket_selected(criteria, "111122223333", "logs"));
}

TEST(JobScope, InvalidDefinitionsNameTheProblem) {
    auto both = validate_job_definition(
        json{{"bucketDefinitions", json::array()}, {"bucketCriteria", json::object()}});
    ASSERT_FALSE(both);
    EXPECT_NE(both.error().message.find("exactly one"), std::string::npos);
    auto bad_key = validate_job_definition(json{
        {"bucketDefinitions",
         json::array({json{{"accountId", "1"}, {"buckets", json::array({"a"})}}})},
        {"scoping",
         json{{"includes", json{{"and", json::array({term("OBJECT_COLOUR", "EQ", {"red"})})}}}}}});
    ASSERT_FALSE(bad_key);
    EXPECT_NE(bad_key.error().message.find("OBJECT_COLOUR"), std::string::npos);
}

TimePoint at(const char* text) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(text, t));
    return t;
}

TEST(JobSchedule, DailyWeeklyMonthly) {
    EXPECT_EQ(next_run_after(json{{"dailySchedule", json::object()}}, at("2026-11-29T15:00:00Z")),
              at("2026-11-30T00:00:00Z"));
    // 2026-11-29 is a Sunday: the next Monday is the 30th, the next Sunday a week later.
    EXPECT_EQ(next_run_after(json{{"weeklySchedule", json{{"dayOfWeek", "MONDAY"}}}},
                             at("2026-11-29T15:00:00Z")),
              at("2026-11-30T00:00:00Z"));
    EXPECT_EQ(next_run_after(json{{"weeklySchedule", json{{"dayOfWeek", "SUNDAY"}}}},
                             at("2026-11-29T15:00:00Z")),
              at("2026-12-06T00:00:00Z"));
    // Day 31 skips months without it.
    EXPECT_EQ(next_run_after(json{{"monthlySchedule", json{{"dayOfMonth", 31}}}},
                             at("2026-11-29T15:00:00Z")),
              at("2026-12-31T00:00:00Z"));
    EXPECT_EQ(next_run_after(json{{"monthlySchedule", json{{"dayOfMonth", 31}}}},
                             at("2027-01-31T01:00:00Z")),
              at("2027-03-31T00:00:00Z"));
    EXPECT_FALSE(validate_schedule(json{{"weeklySchedule", json{{"dayOfWeek", "FUNDAY"}}}}));
    EXPECT_FALSE(validate_schedule(
        json{{"dailySchedule", json::object()}, {"monthlySchedule", json::object()}}));
}

}  // namespace
}  // namespace tripline::discover
