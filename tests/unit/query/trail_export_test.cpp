// Parquet export: Hive-style partition folders per account/region/day, every record once, readable
// back with the same columns; DDL for Athena and Trino; a non-empty folder is refused.
#include "query/trail_export.h"

#include <gtest/gtest.h>

#include "query/athena_engine.h"
#include "query_test_util.h"

namespace tripline::query {
namespace {

using test_util::assumed_role_event;
using test_util::iam_user_event;
using test_util::TrailStoreTest;

class TrailExportTest : public TrailStoreTest {
protected:
    void SetUp() override {
        TrailStoreTest::SetUp();
        TrailStoreOptions options;
        options.external_access = true;
        open(options);
        append({iam_user_event("e1", 0),
                assumed_role_event("e2", 60),
                iam_user_event("e3", 86400, "DeleteBucket")});
    }
};

TEST_F(TrailExportTest, WritesPartitionedParquetAndDdl) {
    const auto dir = dir_.path() / "export";
    auto exported = export_parquet(*store_, dir, "s3://analytics/cloudtrail/");
    ASSERT_TRUE(exported) << exported.error().message;
    EXPECT_EQ(exported->records, 3U);
    ASSERT_EQ(exported->files.size(), 2U);  // two days
    EXPECT_EQ(
        exported->files[0].generic_string(),
        "account=123456789012/region=us-east-1/year=2026/month=11/day=22/cloudtrail_0.parquet");
    EXPECT_EQ(exported->files[1].parent_path().filename(), "day=23");

    // Read back with the same columns (this store may read files).
    EXPECT_EQ(scalar("SELECT count(*) FROM read_parquet('" + dir.string() +
                     "/*/*/*/*/*/*.parquet', hive_partitioning = true) WHERE useridentity.arn "
                     "LIKE '%alice' AND account = '123456789012'"),
              "2");
    EXPECT_EQ(scalar("SELECT resources[1].arn FROM read_parquet('" + dir.string() +
                     "/*/*/*/*/day=22/*.parquet') WHERE eventid = 'e1'"),
              "arn:aws:s3:::logs");

    EXPECT_NE(exported->athena_ddl.find("CREATE EXTERNAL TABLE cloudtrail_parquet ("),
              std::string::npos);
    EXPECT_NE(exported->athena_ddl.find("STORED AS PARQUET\nLOCATION 's3://analytics/cloudtrail/'"),
              std::string::npos);
    EXPECT_NE(exported->athena_ddl.find("`resources` array<struct<arn:string,accountid:string,"
                                        "type:string>>"),
              std::string::npos);
    EXPECT_NE(exported->trino_ddl.find("resources array(row(arn varchar, accountid varchar, type "
                                       "varchar))"),
              std::string::npos);
    EXPECT_NE(exported->trino_ddl.find("partitioned_by = ARRAY['account', 'region', 'year', "
                                       "'month', 'day']"),
              std::string::npos);

    auto again = export_parquet(*store_, dir, "s3://analytics/cloudtrail/");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::kAlreadyExists);
}

TEST_F(TrailExportTest, AStoreWithoutFileAccessCannotExport) {
    open();  // the default: no file access
    auto exported = export_parquet(*store_, dir_.path() / "export", "s3://analytics/");
    EXPECT_FALSE(exported);
}

}  // namespace
}  // namespace tripline::query
