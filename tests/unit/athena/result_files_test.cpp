// Athena's result files: CSV with every field quoted and NULL as an empty unquoted field, the text
// form of DDL/UTILITY output, and Tripline's metadata - written and read back unchanged.
#include "athena/result_files.h"

#include <gtest/gtest.h>

namespace tripline::athena {
namespace {

using query::athena::ResultRows;

ResultRows sample() {
    ResultRows rows;
    rows.columns = {{"eventname", "varchar"}, {"n", "bigint"}, {"note", "varchar"}};
    rows.rows = {{"ListTopics", "3", std::nullopt},
                 {"Get\"Caller\",Identity", "1", ""},
                 {"multi\nline", std::nullopt, "[a, b]"}};
    return rows;
}

TEST(ResultFiles, CsvQuotesEveryFieldAndLeavesNullEmpty) {
    EXPECT_EQ(to_csv(sample()),
              "\"eventname\",\"n\",\"note\"\n"
              "\"ListTopics\",\"3\",\n"
              "\"Get\"\"Caller\"\",Identity\",\"1\",\"\"\n"
              "\"multi\nline\",,\"[a, b]\"\n");
}

TEST(ResultFiles, CsvRoundTripsWithItsMetadata) {
    ResultRows rows = sample();
    auto parsed = parse_result(to_csv(rows), metadata_document(rows, true), true);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_TRUE(parsed->header);
    ASSERT_EQ(parsed->columns.size(), 3U);
    EXPECT_EQ(parsed->columns[1].type, "bigint");
    EXPECT_EQ(parsed->rows, rows.rows);
}

TEST(ResultFiles, TextIsOneLinePerRow) {
    ResultRows rows;
    rows.columns = {{"tab_name", "varchar"}};
    rows.rows = {{"cloudtrail_logs"}, {"cloudtrail_logs_extended"}};
    EXPECT_EQ(to_text(rows), "cloudtrail_logs\ncloudtrail_logs_extended\n");
    auto parsed = parse_result(to_text(rows), metadata_document(rows, false), false);
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->header);
    EXPECT_EQ(parsed->rows, rows.rows);
}

TEST(ResultFiles, MalformedFilesAreErrors) {
    ResultRows rows = sample();
    EXPECT_FALSE(parse_result("\"a\"\n\"unterminated\n", metadata_document(rows, true), true));
    EXPECT_FALSE(parse_result("\"a\"\n\"x\"y\n", metadata_document(rows, true), true));
    EXPECT_FALSE(parse_result(to_csv(rows), "not json", true));
}

TEST(ResultFiles, S3Locations) {
    auto a = parse_s3_location("s3://results/athena");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->bucket, "results");
    EXPECT_EQ(a->prefix, "athena/");
    EXPECT_EQ(result_key(*a, "id1", true), "athena/id1.csv");
    auto b = parse_s3_location("s3://results/");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->prefix, "");
    EXPECT_EQ(result_key(*b, "id1", false), "id1.txt");
    EXPECT_FALSE(parse_s3_location("results/x"));
    EXPECT_FALSE(parse_s3_location("s3://"));
    EXPECT_FALSE(parse_s3_location("s3:///x"));
}

}  // namespace
}  // namespace tripline::athena
