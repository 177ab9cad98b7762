// AthenaService over a real trail store, state store and bucket: a query runs on the worker pool,
// its CSV lands in the output location and GetQueryResults pages it back with the header row;
// failures carry Athena's error; output locations are checked; client tokens are idempotent;
// running queries stop; unfinished queries run again after a restart.
#include "athena/athena_service.h"

#include <gtest/gtest.h>

#include "event/cloudtrail_record.h"
#include "query/trail_store.h"
#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::athena {
namespace {

const AthenaScope kScope{"123456789012", "us-east-1"};

event::CloudTrailRecord call(const std::string& id, const std::string& name, int minute) {
    std::string json =
        R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA1",)"
        R"("arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012",)"
        R"("userName":"alice"},"eventTime":"2026-11-22T08:)" +
        std::string(minute < 10 ? "0" : "") + std::to_string(minute) +
        R"(:00Z","eventSource":"sts.amazonaws.com","eventName":")" + name +
        R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2",)"
        R"("requestParameters":null,"responseElements":null,"eventID":")" +
        id +
        R"(","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,)"
        R"("recipientAccountId":"123456789012","eventCategory":"Management"})";
    auto record = event::parse_cloudtrail_record(json);
    EXPECT_TRUE(record) << record.error().message;
    return *record;
}

class AthenaServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().to_string();
        db_ = std::move(db).value();
        buckets_ = std::make_unique<storage::BucketStore>(*db_, dir_.path() / "buckets");
        ASSERT_TRUE(
            buckets_->ensure_bucket(kScope.account_id, kScope.region, "results", clock_.now()));
        auto store = query::TrailStore::open(dir_.path() / "trail.duckdb");
        ASSERT_TRUE(store) << store.error().to_string();
        store_ = std::move(store).value();
        ASSERT_TRUE(
            store_->append(std::vector<event::CloudTrailRecord>{call("e1", "GetCallerIdentity", 1),
                                                                call("e2", "GetCallerIdentity", 2),
                                                                call("e3", "AssumeRole", 3)}));
        ASSERT_TRUE(store_->flush());
        engine_ = std::make_unique<query::athena::AthenaEngine>(*store_);
        start_service();
    }

    void start_service(AthenaOptions options = {}) {
        service_ = std::make_unique<AthenaService>(*db_, *buckets_, *engine_, clock_, options);
        ASSERT_TRUE(service_->start());
    }

    QueryExecution run(const std::string& sql, const std::string& location = "s3://results/q/") {
        StartQuery request;
        request.query = sql;
        request.output_location = location;
        auto id = service_->start_query(kScope, request);
        EXPECT_TRUE(id) << id.error().message;
        EXPECT_TRUE(service_->wait_idle(std::chrono::seconds(30)));
        auto execution = service_->get_query(kScope, *id);
        EXPECT_TRUE(execution);
        return *execution;
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::BucketStore> buckets_;
    std::unique_ptr<query::TrailStore> store_;
    std::unique_ptr<query::athena::AthenaEngine> engine_;
    std::unique_ptr<AthenaService> service_;
};

TEST_F(AthenaServiceTest, AQueryWritesItsCsvAndPagesItBack) {
    QueryExecution q = run(
        "SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY eventname ORDER BY n DESC");
    ASSERT_EQ(q.state, kSucceeded) << q.error_message;
    EXPECT_EQ(q.statement_type, "DML");
    EXPECT_EQ(q.substatement_type, "SELECT");
    EXPECT_EQ(q.output_location, "s3://results/q/" + q.id + ".csv");
    EXPECT_EQ(q.result_rows, 2U);
    auto csv = buckets_->read_object("results", "q/" + q.id + ".csv");
    ASSERT_TRUE(csv) << csv.error().message;
    EXPECT_EQ(*csv, "\"eventname\",\"n\"\n\"GetCallerIdentity\",\"2\"\n\"AssumeRole\",\"1\"\n");
    EXPECT_TRUE(buckets_->head_object("results", "q/" + q.id + ".csv.metadata"));

    auto first = service_->get_results(kScope, q.id, "", 2);
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_EQ(first->rows.size(), 2U);
    EXPECT_EQ(first->rows[0], (query::athena::Row{"eventname", "n"}));  // the header row
    EXPECT_EQ(first->rows[1], (query::athena::Row{"GetCallerIdentity", "2"}));
    EXPECT_EQ(first->columns[1].type, "bigint");
    ASSERT_FALSE(first->next_token.empty());
    auto second = service_->get_results(kScope, q.id, first->next_token, 2);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->rows, (std::vector<query::athena::Row>{{"AssumeRole", "1"}}));
    EXPECT_TRUE(second->next_token.empty());
    EXPECT_FALSE(service_->get_results(kScope, q.id, "99", 2));
}

TEST_F(AthenaServiceTest, UtilityOutputIsTextWithoutHeader) {
    QueryExecution q = run("SHOW TABLES");
    ASSERT_EQ(q.state, kSucceeded) << q.error_message;
    EXPECT_EQ(q.statement_type, "UTILITY");
    EXPECT_EQ(q.output_location, "s3://results/q/" + q.id + ".txt");
    auto page = service_->get_results(kScope, q.id, "", 1000);
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->rows,
              (std::vector<query::athena::Row>{{"cloudtrail_logs"}, {"cloudtrail_logs_extended"}}));
}

TEST_F(AthenaServiceTest, FailuresCarryAthenasError) {
    QueryExecution q = run("SELECT nosuchcolumn FROM cloudtrail_logs");
    EXPECT_EQ(q.state, kFailed);
    EXPECT_EQ(q.error_category, 2);
    EXPECT_TRUE(q.error_message.starts_with("COLUMN_NOT_FOUND")) << q.error_message;
    auto results = service_->get_results(kScope, q.id, "", 10);
    ASSERT_FALSE(results);
    EXPECT_NE(results.error().message.find("FAILED"), std::string::npos);

    QueryExecution refused = run("INSERT INTO cloudtrail_logs VALUES (1)");
    EXPECT_EQ(refused.state, kFailed);
    EXPECT_TRUE(refused.error_message.starts_with("NOT_SUPPORTED")) << refused.error_message;
}

TEST_F(AthenaServiceTest, OutputLocationsAreChecked) {
    StartQuery request;
    request.query = "SELECT 1";
    auto missing = service_->start_query(kScope, request);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("No output location provided"), std::string::npos);
    request.output_location = "results/";
    EXPECT_FALSE(service_->start_query(kScope, request));

    QueryExecution q = run("SELECT 1", "s3://no-such-bucket/x/");
    EXPECT_EQ(q.state, kFailed);
    EXPECT_EQ(q.error_message, "Unable to verify/create output bucket no-such-bucket");
}

TEST_F(AthenaServiceTest, TheWorkgroupsLocationIsTheDefault) {
    service_.reset();
    start_service(AthenaOptions{1, "s3://results/default"});
    StartQuery request;
    request.query = "SELECT 42 AS answer";
    auto id = service_->start_query(kScope, request);
    ASSERT_TRUE(id) << id.error().message;
    ASSERT_TRUE(service_->wait_idle(std::chrono::seconds(30)));
    auto q = service_->get_query(kScope, *id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->state, kSucceeded) << q->error_message;
    EXPECT_EQ(q->output_location, "s3://results/default/" + *id + ".csv");
}

TEST_F(AthenaServiceTest, ClientTokensAreIdempotent) {
    StartQuery request;
    request.query = "SELECT 1";
    request.output_location = "s3://results/";
    request.client_token = "token-1";
    auto a = service_->start_query(kScope, request);
    auto b = service_->start_query(kScope, request);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
    ASSERT_TRUE(service_->wait_idle(std::chrono::seconds(30)));
    auto ids = service_->list_queries(kScope, "");
    ASSERT_TRUE(ids);
    EXPECT_EQ(ids->size(), 1U);
}

TEST_F(AthenaServiceTest, StopCancelsARunningQuery) {
    StartQuery request;
    request.query = "SELECT count(*) FROM range(100000000000) a";
    request.output_location = "s3://results/";
    auto id = service_->start_query(kScope, request);
    ASSERT_TRUE(id);
    for (int i = 0; i < 200; ++i) {
        auto q = service_->get_query(kScope, *id);
        if (q && q->state == kRunning) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(service_->stop_query(kScope, *id));
    ASSERT_TRUE(service_->wait_idle(std::chrono::seconds(30)));
    auto q = service_->get_query(kScope, *id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->state, kCancelled);
    auto results = service_->get_results(kScope, *id, "", 10);
    EXPECT_FALSE(results);
}

TEST_F(AthenaServiceTest, UnfinishedQueriesRunAgainAfterARestart) {
    service_->stop();  // no workers: the query stays QUEUED
    StartQuery request;
    request.query = "SELECT count(*) AS n FROM cloudtrail_logs";
    request.output_location = "s3://results/";
    auto id = service_->start_query(kScope, request);
    ASSERT_TRUE(id);
    service_.reset();
    start_service();
    ASSERT_TRUE(service_->wait_idle(std::chrono::seconds(30)));
    auto q = service_->get_query(kScope, *id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->state, kSucceeded) << q->error_message;
    auto page = service_->get_results(kScope, *id, "", 10);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->rows.back(), (query::athena::Row{"3"}));
}

TEST_F(AthenaServiceTest, HistoryIsKeptFor45Days) {
    QueryExecution old = run("SELECT 1");
    ASSERT_EQ(old.state, kSucceeded);
    clock_.advance(std::chrono::hours(24 * 44));
    QueryExecution recent = run("SELECT 2");
    service_.reset();
    clock_.advance(std::chrono::hours(24 * 2));  // old: 46 days, recent: 2 days
    start_service();
    EXPECT_FALSE(service_->get_query(kScope, old.id));
    EXPECT_TRUE(service_->get_query(kScope, recent.id));
    EXPECT_TRUE(buckets_->head_object("results", "q/" + old.id + ".csv"));  // results stay
}

TEST_F(AthenaServiceTest, NamedQueriesAndWorkgroups) {
    NamedQuery query;
    query.name = "root activity";
    query.database = "default";
    query.query = "SELECT 1";
    auto id = service_->create_named_query(kScope, query, "tok");
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(*service_->create_named_query(kScope, query, "tok"), *id);
    auto got = service_->get_named_query(kScope, *id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->name, "root activity");
    EXPECT_EQ(got->workgroup, "primary");
    EXPECT_EQ(service_->list_named_queries(kScope, "")->size(), 1U);
    ASSERT_TRUE(service_->delete_named_query(kScope, *id));
    EXPECT_FALSE(service_->get_named_query(kScope, *id));

    WorkGroup group;
    group.name = "investigations";
    group.output_location = "s3://results/inv/";
    ASSERT_TRUE(service_->create_workgroup(kScope, group));
    EXPECT_FALSE(service_->create_workgroup(kScope, group));
    auto groups = service_->list_workgroups(kScope);
    ASSERT_TRUE(groups);
    ASSERT_EQ(groups->size(), 2U);
    EXPECT_EQ((*groups)[0].name, "primary");
    EXPECT_EQ((*groups)[1].output_location, "s3://results/inv/");
    EXPECT_FALSE(service_->delete_workgroup(kScope, "primary"));
    ASSERT_TRUE(service_->delete_workgroup(kScope, "investigations"));
    EXPECT_FALSE(service_->get_workgroup(kScope, "investigations"));
}

}  // namespace
}  // namespace tripline::athena
