// External tables over log files (a fake bucket): the DDL parsed, every file below LOCATION read
// (non-log objects skipped), Hive-style partitions found by MSCK REPAIR TABLE, reloads when the
// files change, the catalog showing them, and what is refused.
#include "query/external_tables.h"

#include <gtest/gtest.h>

#include <map>

#include "query/athena_engine.h"
#include "query_test_util.h"

namespace tripline::query::athena {
namespace {

using test_util::TrailStoreTest;

std::string log_file(const std::string& id, const std::string& name) {
    return R"({"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser",)"
           R"("accountId":"123456789012","userName":"alice"},"eventTime":"2026-11-22T08:00:00Z",)"
           R"("eventSource":"s3.amazonaws.com","eventName":")" +
           name + R"(","awsRegion":"us-east-1","eventID":")" + id +
           R"(","eventType":"AwsApiCall","recipientAccountId":"123456789012"}]})";
}

class FakeBucket final : public LogFileSource {
public:
    std::map<std::string, std::string> objects;  // key -> content
    int reads = 0;

    Result<std::vector<Object>> list(std::string_view account,
                                     const std::string& bucket,
                                     const std::string& prefix) override {
        if (bucket != "logs") {
            return make_error(Errc::kNotFound, "NoSuchBucket: " + bucket);
        }
        if (account == "999999999999") {
            return make_error(Errc::kPermissionDenied, "not yours");
        }
        std::vector<Object> out;
        for (const auto& [key, content] : objects) {
            if (key.starts_with(prefix)) {
                out.push_back({key, std::to_string(std::hash<std::string>{}(content))});
            }
        }
        return out;
    }
    Result<std::string> read_text(const std::string&, const std::string& key) override {
        ++reads;
        return objects.at(key);
    }
};

class ExternalTablesTest : public TrailStoreTest {
protected:
    void SetUp() override {
        TrailStoreTest::SetUp();
        engine_ = std::make_unique<AthenaEngine>(*store_);
        engine_->set_log_source(&bucket_);
    }
    std::vector<Row> rows(const std::string& sql) {
        auto out = engine_->run(sql, "");
        EXPECT_TRUE(out) << sql << ": " << out.error().message;
        return out ? out->result.rows : std::vector<Row>{};
    }

    FakeBucket bucket_;
    std::unique_ptr<AthenaEngine> engine_;
};

TEST_F(ExternalTablesTest, AnUnpartitionedTableReadsEveryLogFileBelowItsLocation) {
    bucket_.objects["ct/a.json"] = log_file("e1", "ListBuckets");
    bucket_.objects["ct/deep/b.json"] = log_file("e2", "GetObject");
    bucket_.objects["ct/digest.json"] = R"({"digestStartTime":"x"})";  // not a log file
    bucket_.objects["elsewhere/c.json"] = log_file("e3", "PutObject");
    rows(
        "CREATE EXTERNAL TABLE t (eventname string, useridentity struct<username:string>, "
        "extra string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION "
        "'s3://logs/ct/'");
    EXPECT_EQ(rows("SELECT eventname, useridentity.username, extra FROM t ORDER BY 1"),
              (std::vector<Row>{{"GetObject", "alice", std::nullopt},
                                {"ListBuckets", "alice", std::nullopt}}));
    // Unchanged files are not read again; a new one is.
    const int reads = bucket_.reads;
    rows("SELECT count(*) FROM t");
    EXPECT_EQ(bucket_.reads, reads);
    bucket_.objects["ct/c.json"] = log_file("e4", "DeleteBucket");
    EXPECT_EQ(rows("SELECT count(*) FROM t"), (std::vector<Row>{{"3"}}));

    EXPECT_EQ(rows("SHOW TABLES"),
              (std::vector<Row>{{"cloudtrail_logs"}, {"cloudtrail_logs_extended"}, {"t"}}));
    auto info = engine_->get_table("default", "t");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->table_type, "EXTERNAL_TABLE");
    EXPECT_EQ(info->columns[1].type, "struct<username:string>");
    EXPECT_EQ(rows("SHOW CREATE TABLE t")[0][0], "CREATE EXTERNAL TABLE `default`.`t`(");
    rows("DROP TABLE t");
    EXPECT_FALSE(engine_->run("SELECT * FROM t", ""));
}

TEST_F(ExternalTablesTest, MsckRepairFindsHiveStylePartitions) {
    bucket_.objects["p/region=us-east-1/day=22/a.json"] = log_file("e1", "ListBuckets");
    bucket_.objects["p/region=eu-west-1/day=23/b.json"] = log_file("e2", "GetObject");
    rows(
        "CREATE EXTERNAL TABLE p (eventname string) PARTITIONED BY (region string, day string) "
        "LOCATION 's3://logs/p/'");
    EXPECT_EQ(rows("SELECT count(*) FROM p"), (std::vector<Row>{{"0"}}));  // none added yet
    rows("MSCK REPAIR TABLE p");
    EXPECT_EQ(
        rows("SELECT region, day, eventname FROM p ORDER BY 1"),
        (std::vector<Row>{{"eu-west-1", "23", "GetObject"}, {"us-east-1", "22", "ListBuckets"}}));
    EXPECT_EQ(rows("SHOW PARTITIONS p"),
              (std::vector<Row>{{"region=eu-west-1/day=23"}, {"region=us-east-1/day=22"}}));
}

TEST_F(ExternalTablesTest, Refusals) {
    auto error = [&](const std::string& sql, std::string_view account = {}) {
        auto out = engine_->run(sql, "", nullptr, account);
        EXPECT_FALSE(out) << sql;
        return out ? std::string() : out.error().message;
    };
    EXPECT_TRUE(error("CREATE EXTERNAL TABLE cloudtrail_logs (a string) LOCATION 's3://logs/'")
                    .starts_with("NOT_SUPPORTED"));
    EXPECT_TRUE(error("CREATE EXTERNAL TABLE x (a string) STORED AS PARQUET LOCATION 's3://logs/'")
                    .starts_with("NOT_SUPPORTED: STORED AS PARQUET"));
    EXPECT_TRUE(error("CREATE EXTERNAL TABLE x (a uniontype<int>) LOCATION 's3://logs/'")
                    .starts_with("NOT_SUPPORTED: column type"));
    EXPECT_TRUE(error("CREATE EXTERNAL TABLE x (a string)").starts_with("SYNTAX_ERROR"));
    EXPECT_TRUE(error("CREATE EXTERNAL TABLE x (a string) LOCATION 's3://nobucket/'")
                    .starts_with("NoSuchBucket"));
    EXPECT_EQ(error("CREATE EXTERNAL TABLE x (a string) LOCATION 's3://logs/'", "999999999999"),
              "not yours");
    EXPECT_TRUE(error("SELECT * FROM tl_external_tables").starts_with("TABLE_NOT_FOUND"));
    AthenaEngine without_buckets(*store_);
    auto out = without_buckets.run("CREATE EXTERNAL TABLE x (a string) LOCATION 's3://logs/'", "");
    ASSERT_FALSE(out);
    EXPECT_NE(out.error().message.find("tripline serve"), std::string::npos);
}

TEST(HiveTypes, BecomeDuckDbTypes) {
    EXPECT_EQ(*duck_type_of("string"), "VARCHAR");
    EXPECT_EQ(*duck_type_of("array<struct<arn:string,type:string>>"),
              "STRUCT(\"arn\" VARCHAR, \"type\" VARCHAR)[]");
    EXPECT_EQ(*duck_type_of("map<string,bigint>"), "MAP(VARCHAR, BIGINT)");
    EXPECT_EQ(*duck_type_of("decimal(10,2)"), "DECIMAL(10,2)");
    EXPECT_FALSE(duck_type_of("struct<a>"));
}

}  // namespace
}  // namespace tripline::query::athena
