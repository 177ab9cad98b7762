// AthenaEngine over a real store: values in Trino's text form with Trino's types, the catalog
// statements (databases, views, SHOW/DESCRIBE), read-only and no file access, the timeout and
// cancellation.
#include "query/athena_engine.h"

#include <gtest/gtest.h>

#include <thread>

#include "query_test_util.h"

namespace tripline::query::athena {
namespace {

using test_util::assumed_role_event;
using test_util::iam_user_event;
using test_util::TrailStoreTest;

class AthenaEngineTest : public TrailStoreTest {
protected:
    void SetUp() override {
        TrailStoreTest::SetUp();
        append({iam_user_event("e1", 0), assumed_role_event("e2", 60)});
        engine_ = std::make_unique<AthenaEngine>(*store_);
    }

    QueryOutput run(const std::string& sql, const std::string& database = "") {
        auto out = engine_->run(sql, database);
        EXPECT_TRUE(out) << sql << ": " << out.error().message;
        return out ? *out : QueryOutput{};
    }
    std::string error(const std::string& sql, const std::string& database = "") {
        auto out = engine_->run(sql, database);
        EXPECT_FALSE(out) << sql;
        return out ? "" : out.error().message;
    }
    // The first row's values joined by '|' (NULL as "NULL").
    std::string first_row(const std::string& sql) {
        QueryOutput out = run(sql);
        if (out.result.rows.empty()) {
            return "<no rows>";
        }
        std::string text;
        for (const auto& v : out.result.rows[0]) {
            text += (text.empty() ? "" : "|") + v.value_or("NULL");
        }
        return text;
    }

    std::unique_ptr<AthenaEngine> engine_;
};

TEST_F(AthenaEngineTest, ValuesInTrinosTextForm) {
    QueryOutput out = run(
        "SELECT 1.5::DOUBLE AS d, 0.0001::DOUBLE AS small, 12345678.0::DOUBLE AS big, 3::DOUBLE "
        "AS whole, true AS b, 12.50::DECIMAL(10,2) AS dec, [1, 2] AS arr, "
        "{'arn': 'x', 'n': NULL} AS r, MAP {'k': 'v'} AS m, TIMESTAMP '2026-11-22 08:00:00.123456' "
        "AS ts, DATE '2026-11-22' AS day, sum(2::BIGINT) AS total");
    ASSERT_EQ(out.result.rows.size(), 1U);
    const Row& row = out.result.rows[0];
    EXPECT_EQ(row[0], "1.5");
    EXPECT_EQ(row[1], "1.0E-4");
    EXPECT_EQ(row[2], "1.2345678E7");
    EXPECT_EQ(row[3], "3.0");
    EXPECT_EQ(row[4], "true");
    EXPECT_EQ(row[5], "12.50");
    EXPECT_EQ(row[6], "[1, 2]");
    EXPECT_EQ(row[7], "{arn=x, n=null}");
    EXPECT_EQ(row[8], "{k=v}");
    EXPECT_EQ(row[9], "2026-11-22 08:00:00.123");
    EXPECT_EQ(row[10], "2026-11-22");
    EXPECT_EQ(row[11], "2");
    std::vector<std::string> types;
    for (const Column& c : out.result.columns) {
        types.push_back(c.type);
    }
    EXPECT_EQ(types,
              (std::vector<std::string>{"double",
                                        "double",
                                        "double",
                                        "double",
                                        "boolean",
                                        "decimal(10,2)",
                                        "array(integer)",
                                        "row(arn varchar, n integer)",
                                        "map(varchar, varchar)",
                                        "timestamp(3)",
                                        "date",
                                        "bigint"}));
}

TEST_F(AthenaEngineTest, TheTableWithItsNestedColumns) {
    EXPECT_EQ(first_row("SELECT useridentity.arn, resources, tlsdetails.tlsversion, readonly, "
                        "region, year, month, day, \"timestamp\" FROM cloudtrail_logs WHERE "
                        "eventid = 'e1'"),
              "arn:aws:iam::123456789012:user/alice|[{arn=arn:aws:s3:::logs, "
              "accountid=123456789012, type=AWS::S3::Bucket}]|TLSv1.3|true|us-east-1|2026|11|22|"
              "2026/11/22");
    QueryOutput out = run("SELECT useridentity FROM default.cloudtrail_logs LIMIT 1");
    EXPECT_TRUE(out.result.columns[0].type.starts_with("row(type varchar, principalid varchar"))
        << out.result.columns[0].type;
    EXPECT_EQ(out.statement_type, "DML");
    EXPECT_EQ(out.substatement_type, "SELECT");
    EXPECT_TRUE(out.header);
    EXPECT_GT(out.data_scanned_bytes, 0U);
}

TEST_F(AthenaEngineTest, DatabasesAndViews) {
    EXPECT_EQ(run("SHOW DATABASES").result.rows, (std::vector<Row>{{"default"}}));
    QueryOutput created = run("CREATE DATABASE investigations");
    EXPECT_EQ(created.statement_type, "DDL");
    EXPECT_FALSE(created.header);
    EXPECT_TRUE(error("CREATE DATABASE investigations").starts_with("FAILED: AlreadyExists"));
    run("CREATE DATABASE IF NOT EXISTS investigations");
    run("CREATE VIEW investigations.by_user AS SELECT useridentity.username AS who, count(*) AS "
        "n FROM default.cloudtrail_logs GROUP BY 1");
    EXPECT_EQ(run("SELECT who, n FROM by_user WHERE who = 'alice'", "investigations").result.rows,
              (std::vector<Row>{{"alice", "1"}}));
    EXPECT_EQ(run("SHOW TABLES IN investigations").result.rows, (std::vector<Row>{{"by_user"}}));
    EXPECT_EQ(run("SHOW TABLES").result.rows,
              (std::vector<Row>{{"cloudtrail_logs"}, {"cloudtrail_logs_extended"}}));
    auto tables = engine_->list_tables("investigations");
    ASSERT_TRUE(tables);
    ASSERT_EQ(tables->size(), 1U);
    EXPECT_EQ((*tables)[0].table_type, "VIRTUAL_VIEW");
    EXPECT_EQ(error("DROP DATABASE investigations"),
              "FAILED: InvalidOperationException(message:Database investigations is not empty. "
              "One or more tables exist.)");
    run("DROP VIEW investigations.by_user");
    run("DROP DATABASE investigations");
    EXPECT_EQ(run("SHOW DATABASES").result.rows, (std::vector<Row>{{"default"}}));
    EXPECT_TRUE(error("SELECT 1", "nosuch").starts_with("SCHEMA_NOT_FOUND"));
    EXPECT_TRUE(error("DROP VIEW cloudtrail_logs").starts_with("NOT_SUPPORTED"));
    EXPECT_TRUE(
        error("CREATE OR REPLACE VIEW cloudtrail_logs AS SELECT 1").starts_with("NOT_SUPPORTED"));
}

TEST_F(AthenaEngineTest, DescribeAndTableMetadata) {
    QueryOutput out = run("DESCRIBE cloudtrail_logs");
    EXPECT_EQ(out.statement_type, "UTILITY");
    ASSERT_FALSE(out.result.rows.empty());
    EXPECT_TRUE(out.result.rows[0][0]->starts_with("eventversion")) << *out.result.rows[0][0];
    EXPECT_NE(out.result.rows[0][0]->find("string"), std::string::npos);
    auto table = engine_->get_table("default", "cloudtrail_logs");
    ASSERT_TRUE(table);
    EXPECT_EQ(table->columns.size(), 24U);
    EXPECT_EQ(table->columns[15].type, "array<struct<arn:string,accountid:string,type:string>>");
    EXPECT_EQ(table->partitions.size(), 5U);
    EXPECT_FALSE(engine_->get_table("default", "trail_records"));  // the store's own table
    EXPECT_EQ(run("SHOW PARTITIONS cloudtrail_logs").result.rows,
              (std::vector<Row>{{"region=us-east-1/year=2026/month=11/day=22"}}));
    QueryOutput create = run("SHOW CREATE TABLE cloudtrail_logs");
    EXPECT_EQ(create.result.rows[0][0], "CREATE EXTERNAL TABLE `default`.`cloudtrail_logs`(");
}

TEST_F(AthenaEngineTest, ReadOnlyAndNoFiles) {
    EXPECT_TRUE(error("DELETE FROM trail_records").starts_with("NOT_SUPPORTED"));
    EXPECT_TRUE(error("SELECT * FROM read_text('/etc/hostname')").starts_with("NOT_SUPPORTED"));
    // Even when a rewrite lets something through, the store has no file access.
    EXPECT_FALSE(engine_->run("SELECT * FROM main.read_text('/etc/hostname')", ""));
    EXPECT_EQ(count(), 2U);
}

TEST_F(AthenaEngineTest, ErrorsUseAthenasNames) {
    EXPECT_TRUE(
        error("SELECT nosuch FROM cloudtrail_logs").starts_with("COLUMN_NOT_FOUND: line 1:8:"))
        << error("SELECT nosuch FROM cloudtrail_logs");
    EXPECT_EQ(error("SELECT * FROM nosuch"),
              "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.nosuch' does not exist");
    EXPECT_TRUE(error("SELECT nosuchfunction(1)").starts_with("FUNCTION_NOT_FOUND"));
}

TEST_F(AthenaEngineTest, TimeoutAndCancel) {
    EngineOptions options;
    options.timeout = std::chrono::milliseconds(200);
    AthenaEngine quick(*store_, options);
    auto slow = quick.run("SELECT count(*) FROM range(100000000000) a", "");
    ASSERT_FALSE(slow);
    EXPECT_EQ(slow.error().code, Errc::kLimitExceeded);
    EXPECT_TRUE(slow.error().message.starts_with("EXCEEDED_TIME_LIMIT")) << slow.error().message;

    QueryControl control;
    std::thread canceller([&control] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        control.cancel();
    });
    auto cancelled = engine_->run("SELECT count(*) FROM range(100000000000) a", "", &control);
    canceller.join();
    ASSERT_FALSE(cancelled);
    EXPECT_EQ(cancelled.error().code, Errc::kFailedPrecondition);
    // The engine's connections stay usable.
    EXPECT_EQ(first_row("SELECT count(*) FROM cloudtrail_logs"), "2");
}

TEST_F(AthenaEngineTest, AnAccountSeesItsOwnRecords) {
    auto other = test_util::record_from_json(
        R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"210987654321",)"
        R"("arn":"arn:aws:iam::210987654321:user/eve","userName":"eve"},"eventTime":)"
        R"("2026-11-22T09:00:00Z","eventSource":"sts.amazonaws.com","eventName":)"
        R"("GetCallerIdentity","awsRegion":"us-east-1","eventID":"o1","eventType":"AwsApiCall",)"
        R"("recipientAccountId":"210987654321"})");
    append({other});
    auto mine = engine_->run("SELECT count(*) FROM cloudtrail_logs", "", nullptr, "123456789012");
    ASSERT_TRUE(mine) << mine.error().message;
    EXPECT_EQ(mine->result.rows[0][0], "2");
    auto theirs =
        engine_->run("SELECT eventid FROM cloudtrail_logs_extended", "", nullptr, "210987654321");
    ASSERT_TRUE(theirs);
    EXPECT_EQ(theirs->result.rows, (std::vector<Row>{{"o1"}}));
    // Without an account (the local CLI), everything; the variable does not stick.
    EXPECT_EQ(first_row("SELECT count(*) FROM cloudtrail_logs"), "3");
}

TEST_F(AthenaEngineTest, ResultLimits) {
    EngineOptions options;
    options.limits.max_rows = 5;
    AthenaEngine small(*store_, options);
    auto big = small.run("SELECT * FROM range(10)", "");
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, Errc::kLimitExceeded);
}

}  // namespace
}  // namespace tripline::query::athena
