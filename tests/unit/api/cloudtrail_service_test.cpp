// The CloudTrail API handler behind the dispatcher (JSON 1.1, X-Amz-Target
// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>) over a real TrailService, trail
// store and digest keys in a temporary data directory: response shapes, AWS's exceptions, the
// records of the calls, LookupEvents validation and results, ListPublicKeys.
#include "api/services/cloudtrail/cloudtrail_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/api_dispatcher.h"
#include "query/trail_store.h"
#include "storage/bucket_store.h"
#include "storage/migrations.h"
#include "storage/resource_store.h"
#include "test_support.h"
#include "trail/digest_keys.h"
#include "trail/log_delivery.h"
#include "trail/trail_service.h"

namespace tripline::api {
namespace {

using nlohmann::json;

constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "us-east-1";
constexpr const char* kBucket = "trail-bucket";

class AliceAuthenticator final : public Authenticator {
public:
    AuthResult authenticate(const HttpRequest&, Protocol, const std::string&) override {
        AuthenticatedCaller caller;
        caller.principal.type = "IAMUser";
        caller.principal.account_id = kAccount;
        caller.principal.arn = "arn:aws:iam::123456789012:user/alice";
        caller.principal.principal_id = "AIDAALICE";
        caller.principal.user_name = "alice";
        caller.principal.access_key_id = "AKIAFAKE000000000001";
        return caller;
    }
};

// Keeps the records and appends them to the trail store, as the record pipeline does.
class StoringSink final : public CallRecordSink {
public:
    void record(const event::CloudTrailRecord& r) override {
        records.push_back(r);
        if (store != nullptr) {
            EXPECT_TRUE(store->append(std::span<const event::CloudTrailRecord>(&r, 1)));
        }
    }
    query::TrailStore* store = nullptr;
    std::vector<event::CloudTrailRecord> records;
};

class CloudTrailApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db) << db.error().message;
        db_ = std::move(db).value();
        buckets_ = std::make_unique<storage::BucketStore>(*db_, dir_.path() / "buckets");
        resources_ = std::make_unique<storage::ResourceStore>(*db_);
        auto keys = trail::DigestKeys::open(dir_.path() / "keys", clock_);
        ASSERT_TRUE(keys) << keys.error().message;
        keys_ = std::move(keys).value();
        auto store = query::TrailStore::open(dir_.path() / "trail.duckdb");
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(store).value();
        sink_.store = store_.get();
        delivery_ = std::make_unique<trail::LogDelivery>(*buckets_, *resources_, *keys_, clock_);
        trails_ = std::make_unique<trail::TrailService>(
            *resources_, *buckets_, *delivery_, clock_, trail::TrailHooks{});
        ASSERT_TRUE(buckets_->ensure_bucket(kAccount, kRegion, kBucket, clock_.now()));
        dispatcher_.add_service(
            std::make_unique<services::CloudTrailService>(*trails_, store_.get(), *keys_));
    }

    HttpResponse call(const std::string& operation, const json& body) {
        HttpRequest r;
        r.method = "POST";
        r.path = "/";
        r.body = body.dump();
        r.remote_addr = "192.0.2.10";
        r.headers.emplace(
            "authorization",
            std::string("AWS4-HMAC-SHA256 Credential=AKIAFAKE000000000001/20261127/") + kRegion +
                "/cloudtrail/aws4_request, SignedHeaders=host, Signature=0");
        r.headers.emplace("x-amz-target",
                          "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101." + operation);
        r.headers.emplace("content-type", "application/x-amz-json-1.1");
        return dispatcher_.handle(r);
    }

    json ok(const std::string& operation, const json& body = json::object()) {
        HttpResponse response = call(operation, body);
        EXPECT_EQ(response.status, 200) << operation << ": " << response.body;
        return json::parse(response.body, nullptr, false);
    }

    // The __type of a failed call.
    std::string error_of(const std::string& operation, const json& body) {
        HttpResponse response = call(operation, body);
        EXPECT_EQ(response.status, 400) << response.body;
        json parsed = json::parse(response.body, nullptr, false);
        return parsed.value("__type", std::string("?")) + ": " +
               parsed.value("message", std::string());
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::BucketStore> buckets_;
    std::unique_ptr<storage::ResourceStore> resources_;
    std::unique_ptr<trail::DigestKeys> keys_;
    std::unique_ptr<query::TrailStore> store_;
    std::unique_ptr<trail::LogDelivery> delivery_;
    std::unique_ptr<trail::TrailService> trails_;
    AliceAuthenticator authenticator_;
    StoringSink sink_;
    ApiDispatcher dispatcher_{clock_, authenticator_, sink_};
};

TEST_F(CloudTrailApiTest, CreateTrailAnswersInTheModelsShapeAndIsRecorded) {
    json out = ok("CreateTrail", {{"Name", "lab"}, {"S3BucketName", kBucket}});
    EXPECT_EQ(out["Name"], "lab");
    EXPECT_EQ(out["TrailARN"], "arn:aws:cloudtrail:us-east-1:123456789012:trail/lab");
    EXPECT_EQ(out["S3BucketName"], kBucket);
    EXPECT_EQ(out["IncludeGlobalServiceEvents"], true);
    EXPECT_EQ(out["IsMultiRegionTrail"], false);
    EXPECT_EQ(out["LogFileValidationEnabled"], false);
    EXPECT_FALSE(out.contains("HomeRegion"));  // not in CreateTrail's response

    ASSERT_EQ(sink_.records.size(), 1u);
    const event::CloudTrailRecord& r = sink_.records[0];
    EXPECT_EQ(r.event_source, "cloudtrail.amazonaws.com");
    EXPECT_EQ(r.event_name, "CreateTrail");
    EXPECT_EQ(r.read_only, false);
    EXPECT_EQ(json::parse(*r.request_parameters),
              (json{{"name", "lab"}, {"s3BucketName", kBucket}}));
    EXPECT_EQ(json::parse(*r.response_elements)["trailARN"], out["TrailARN"]);
    ASSERT_TRUE(r.resources);
    EXPECT_EQ(r.resources->at(0).type, "AWS::CloudTrail::Trail");

    json trail = ok("GetTrail", {{"Name", "lab"}})["Trail"];
    EXPECT_EQ(trail["HomeRegion"], kRegion);
    EXPECT_EQ(trail["HasCustomEventSelectors"], false);
    EXPECT_EQ(trail["HasInsightSelectors"], false);
    json listed = ok("DescribeTrails", json::object())["trailList"];
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(ok("ListTrails")["Trails"][0],
              (json{{"TrailARN", out["TrailARN"]}, {"Name", "lab"}, {"HomeRegion", kRegion}}));
    EXPECT_EQ(sink_.records.back().response_elements, "null");  // read-only
}

TEST_F(CloudTrailApiTest, ErrorsAreAwsExceptions) {
    EXPECT_EQ(error_of("GetTrail", {{"Name", "nope"}}),
              "TrailNotFoundException: Unknown trail: arn:aws:cloudtrail:us-east-1:123456789012:"
              "trail/nope for the user: 123456789012");
    EXPECT_EQ(error_of("CreateTrail", {{"Name", "lab"}, {"S3BucketName", "missing-bucket"}}),
              "S3BucketDoesNotExistException: S3 bucket does not exist: missing-bucket");
    EXPECT_EQ(error_of("CreateTrail", {{"Name", "a--b"}, {"S3BucketName", kBucket}})
                  .rfind("InvalidTrailNameException: ", 0),
              0u);
    EXPECT_EQ(
        error_of("CreateTrail", {{"Name", "lab"}, {"S3BucketName", kBucket}, {"SnsTopicName", "t"}})
            .rfind("InsufficientSnsTopicPolicyException: ", 0),
        0u);
    EXPECT_EQ(error_of("GetTrail", {{"Name", 5}}).rfind("InvalidParameterException: ", 0), 0u);
    ok("CreateTrail", {{"Name", "lab"}, {"S3BucketName", kBucket}});
    EXPECT_EQ(error_of("GetInsightSelectors", {{"TrailName", "lab"}})
                  .rfind("InsightNotEnabledException: ", 0),
              0u);
    EXPECT_EQ(error_of("PutEventSelectors",
                       {{"TrailName", "lab"},
                        {"EventSelectors", json::array()},
                        {"AdvancedEventSelectors", json::array()}})
                  .rfind("InvalidEventSelectorsException: ", 0),
              0u);
    HttpResponse unknown = call("CreateEventDataStore", json::object());
    EXPECT_NE(unknown.body.find("UnknownOperationException"), std::string::npos);
    // Failed calls are recorded with their error code.
    EXPECT_EQ(sink_.records.front().error_code, "TrailNotFoundException");
}

TEST_F(CloudTrailApiTest, TrailStatusHasEpochTimesAndStringTwins) {
    ok("CreateTrail", {{"Name", "lab"}, {"S3BucketName", kBucket}});
    json idle = ok("GetTrailStatus", {{"Name", "lab"}});
    EXPECT_EQ(idle["IsLogging"], false);
    EXPECT_EQ(idle["TimeLoggingStarted"], "");
    EXPECT_EQ(idle["LatestDeliveryAttemptSucceeded"], "");
    EXPECT_FALSE(idle.contains("StartLoggingTime"));
    ok("StartLogging", {{"Name", "lab"}});
    json logging = ok("GetTrailStatus", {{"Name", "lab"}});
    EXPECT_EQ(logging["IsLogging"], true);
    ASSERT_TRUE(logging["StartLoggingTime"].is_number());
    EXPECT_DOUBLE_EQ(logging["StartLoggingTime"].get<double>(), 1'700'000'000.0);
    EXPECT_EQ(logging["TimeLoggingStarted"], "2023-11-14T22:13:20Z");
    EXPECT_EQ(sink_.records.back().event_name, "GetTrailStatus");
}

TEST_F(CloudTrailApiTest, SelectorsAndTagsRoundTrip) {
    ok("CreateTrail", {{"Name", "lab"}, {"S3BucketName", kBucket}});
    json selectors = json::parse(R"([{"ReadWriteType":"WriteOnly","IncludeManagementEvents":true,
        "DataResources":[],"ExcludeManagementEventSources":[]}])");
    json put = ok("PutEventSelectors", {{"TrailName", "lab"}, {"EventSelectors", selectors}});
    EXPECT_EQ(put["TrailARN"], "arn:aws:cloudtrail:us-east-1:123456789012:trail/lab");
    EXPECT_EQ(put["EventSelectors"], selectors);
    EXPECT_EQ(ok("GetEventSelectors", {{"TrailName", "lab"}})["EventSelectors"], selectors);
    json insights = json::parse(R"([{"InsightType":"ApiCallRateInsight"}])");
    EXPECT_EQ(ok("PutInsightSelectors",
                 {{"TrailName", "lab"}, {"InsightSelectors", insights}})["InsightSelectors"],
              insights);
    EXPECT_EQ(ok("GetInsightSelectors", {{"TrailName", "lab"}})["InsightSelectors"], insights);

    const std::string arn = put["TrailARN"];
    ok("AddTags", {{"ResourceId", arn}, {"TagsList", {{{"Key", "k"}, {"Value", "v"}}}}});
    EXPECT_EQ(
        ok("ListTags", {{"ResourceIdList", {arn}}})["ResourceTagList"],
        json::parse(R"([{"ResourceId":")" + arn + R"(","TagsList":[{"Key":"k","Value":"v"}]}])"));
    ok("RemoveTags", {{"ResourceId", arn}, {"TagsList", {{{"Key", "k"}}}}});
    EXPECT_EQ(ok("ListTags", {{"ResourceIdList", {arn}}})["ResourceTagList"][0]["TagsList"],
              json::array());
}

TEST_F(CloudTrailApiTest, LookupEventsValidatesItsRequest) {
    EXPECT_EQ(error_of("LookupEvents",
                       {{"LookupAttributes",
                         {{{"AttributeKey", "EventName"}, {"AttributeValue", "a"}},
                          {{"AttributeKey", "EventSource"}, {"AttributeValue", "b"}}}}})
                  .rfind("InvalidLookupAttributesException: ", 0),
              0u);
    EXPECT_EQ(
        error_of("LookupEvents",
                 {{"LookupAttributes", {{{"AttributeKey", "UserAgent"}, {"AttributeValue", "a"}}}}})
            .rfind("InvalidLookupAttributesException: ", 0),
        0u);
    EXPECT_EQ(error_of("LookupEvents", {{"MaxResults", 51}}).rfind("InvalidMaxResultsException", 0),
              0u);
    EXPECT_EQ(error_of("LookupEvents", {{"MaxResults", 0}}).rfind("InvalidMaxResultsException", 0),
              0u);
    EXPECT_EQ(error_of("LookupEvents", {{"StartTime", 1'700'000'100}, {"EndTime", 1'700'000'000}})
                  .rfind("InvalidTimeRangeException", 0),
              0u);
    EXPECT_EQ(error_of("LookupEvents", {{"EventCategory", "management"}})
                  .rfind("InvalidEventCategoryException", 0),
              0u);
    EXPECT_EQ(error_of("LookupEvents",
                       {{"EventCategory", "insight"},
                        {"LookupAttributes",
                         {{{"AttributeKey", "Username"}, {"AttributeValue", "alice"}}}}})
                  .rfind("InvalidLookupAttributesException", 0),
              0u);
}

TEST_F(CloudTrailApiTest, LookupEventsFindsRecordedCalls) {
    ok("CreateTrail", {{"Name", "lab"}, {"S3BucketName", kBucket}});
    ok("DescribeTrails", json::object());
    json found = ok("LookupEvents",
                    {{"LookupAttributes",
                      {{{"AttributeKey", "EventName"}, {"AttributeValue", "CreateTrail"}}}}});
    ASSERT_EQ(found["Events"].size(), 1u) << found.dump();
    const json& event = found["Events"][0];
    EXPECT_EQ(event["EventName"], "CreateTrail");
    EXPECT_EQ(event["EventSource"], "cloudtrail.amazonaws.com");
    EXPECT_EQ(event["ReadOnly"], "false");
    EXPECT_EQ(event["Username"], "alice");
    EXPECT_EQ(event["AccessKeyId"], "AKIAFAKE000000000001");
    EXPECT_TRUE(event["EventTime"].is_number());
    EXPECT_EQ(event["EventId"], *sink_.records[0].event_id);
    json record = json::parse(event["CloudTrailEvent"].get<std::string>());
    EXPECT_EQ(record["requestParameters"]["name"], "lab");

    json all = ok("LookupEvents", {{"MaxResults", 1}});
    ASSERT_EQ(all["Events"].size(), 1u);
    ASSERT_TRUE(all.contains("NextToken"));
    json next = ok("LookupEvents", {{"MaxResults", 1}, {"NextToken", all["NextToken"]}});
    ASSERT_EQ(next["Events"].size(), 1u);
    EXPECT_NE(next["Events"][0]["EventId"], all["Events"][0]["EventId"]);
    EXPECT_EQ(error_of("LookupEvents", {{"NextToken", "garbage"}}).rfind("InvalidNextToken", 0),
              0u);
}

TEST_F(CloudTrailApiTest, LookupEventsWithoutAStoreSaysHistoryIsUnavailable) {
    ApiDispatcher bare{clock_, authenticator_, sink_};
    bare.add_service(std::make_unique<services::CloudTrailService>(*trails_, nullptr, *keys_));
    HttpRequest r;
    r.method = "POST";
    r.path = "/";
    r.body = "{}";
    r.headers.emplace("authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIAFAKE000000000001/20261127/us-east-1/"
                      "cloudtrail/aws4_request, SignedHeaders=host, Signature=0");
    r.headers.emplace("x-amz-target",
                      "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
    r.headers.emplace("content-type", "application/x-amz-json-1.1");
    HttpResponse response = bare.handle(r);
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("Event history is unavailable"), std::string::npos);
}

TEST_F(CloudTrailApiTest, ListPublicKeysGivesTheRegionsCurrentKey) {
    json keys = ok("ListPublicKeys")["PublicKeyList"];
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0]["Fingerprint"].get<std::string>().size(), 32u);
    EXPECT_FALSE(keys[0]["Value"].get<std::string>().empty());
    EXPECT_TRUE(keys[0]["ValidityStartTime"].is_number());
    EXPECT_TRUE(keys[0]["ValidityEndTime"].is_number());
    EXPECT_EQ(error_of("ListPublicKeys", {{"StartTime", 1'700'000'100}, {"EndTime", 1'700'000'000}})
                  .rfind("InvalidTimeRangeException", 0),
              0u);
}

}  // namespace
}  // namespace tripline::api
