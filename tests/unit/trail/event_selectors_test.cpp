// TrailSelectors: parsing, API shapes, value semantics and the allocation-free selects(). The
// AWS-facing behaviour is covered case by case in tests/conformance/trail/selectors_*.case.
#include "trail/event_selectors.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

// Counts heap allocations made while `g_counting` is set, to check that selects() allocates
// nothing. The replacement forwards to malloc/free, so it is harmless for the other tests (GCC
// cannot see that the replaced operator delete pairs with the replaced operator new). Under
// AddressSanitizer, which owns operator new itself, the replacement is left out and the check
// skipped.
#if defined(__SANITIZE_ADDRESS__)
#define TRIPLINE_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRIPLINE_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef TRIPLINE_COUNT_ALLOCATIONS
#define TRIPLINE_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::size_t> g_allocations{0};
}  // namespace

#if TRIPLINE_COUNT_ALLOCATIONS
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
    if (g_counting.load(std::memory_order_relaxed)) {
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    }
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop
#endif

namespace tripline::trail {
namespace {

using nlohmann::json;

event::CloudTrailRecord record(std::string_view text) {
    auto r = event::parse_cloudtrail_record(text);
    EXPECT_TRUE(r.has_value()) << text;
    return r ? std::move(*r) : event::CloudTrailRecord{};
}

TrailSelectors basic(std::string_view text) {
    auto s = TrailSelectors::from_event_selectors(json::parse(text));
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
    return s ? std::move(*s) : TrailSelectors();
}

TrailSelectors advanced(std::string_view text) {
    auto s = TrailSelectors::from_advanced_event_selectors(json::parse(text));
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
    return s ? std::move(*s) : TrailSelectors();
}

constexpr std::string_view kReadManagement =
    R"({"eventVersion":"1.08","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity",)"
    R"("readOnly":true,"managementEvent":true,"eventCategory":"Management",)"
    R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}})";
constexpr std::string_view kWriteKms =
    R"({"eventSource":"kms.amazonaws.com","eventName":"DisableKey","readOnly":false})";
constexpr std::string_view kS3Put =
    R"({"eventSource":"s3.amazonaws.com","eventName":"PutObject","readOnly":false,)"
    R"("managementEvent":false,"eventCategory":"Data","resources":[{"type":"AWS::S3::Object",)"
    R"("ARN":"arn:aws:s3:::bucket-a/logs/2024/a.gz"},{"type":"AWS::S3::Bucket",)"
    R"("ARN":"arn:aws:s3:::bucket-a"}]})";
// An S3 data event without resources: the object ARN comes from requestParameters.
constexpr std::string_view kS3GetNoResources =
    R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject","readOnly":true,)"
    R"("eventCategory":"Data","requestParameters":{"Host":"x","bucketName":"bucket-b",)"
    R"("key":"reports/q1.pdf"}})";
constexpr std::string_view kInsight =
    R"({"eventVersion":"1.08","eventType":"AwsCloudTrailInsight","eventCategory":"Insight"})";
constexpr std::string_view kInsightWithoutCategory =
    R"({"eventVersion":"1.07","eventType":"AwsCloudTrailInsight"})";

TEST(TrailSelectors, DefaultLogsManagementEventsOnly) {
    TrailSelectors s;
    EXPECT_FALSE(s.has_custom_selectors());
    EXPECT_FALSE(s.is_advanced());
    EXPECT_TRUE(s.selects(record(kReadManagement)));
    EXPECT_TRUE(s.selects(record(kWriteKms)));
    EXPECT_FALSE(s.selects(record(kS3Put)));
    EXPECT_FALSE(s.selects(record(kInsight)));
    EXPECT_FALSE(s.selects(record(kInsightWithoutCategory)));
    // No category and managementEvent false: a data event.
    EXPECT_FALSE(
        s.selects(record(R"({"eventSource":"s3.amazonaws.com","managementEvent":false})")));
    EXPECT_TRUE(s.selects(record(R"({})")));
}

TEST(TrailSelectors, ReadWriteTypeAndRecordsWithoutReadOnly) {
    auto read = basic(R"([{"ReadWriteType":"ReadOnly"}])");
    auto write = basic(R"([{"ReadWriteType":"WriteOnly"}])");
    auto no_read_only =
        record(R"({"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin"})");
    EXPECT_TRUE(read.selects(record(kReadManagement)));
    EXPECT_FALSE(write.selects(record(kReadManagement)));
    EXPECT_TRUE(write.selects(record(kWriteKms)));
    EXPECT_FALSE(read.selects(no_read_only));
    EXPECT_FALSE(write.selects(no_read_only));
    EXPECT_TRUE(basic(R"([{"ReadWriteType":"All"}])").selects(no_read_only));
}

TEST(TrailSelectors, ExcludeManagementEventSources) {
    auto s = basic(R"([{"ExcludeManagementEventSources":["kms.amazonaws.com"]}])");
    EXPECT_FALSE(s.selects(record(kWriteKms)));
    EXPECT_TRUE(s.selects(record(kReadManagement)));
}

TEST(TrailSelectors, S3DataResourcesArePrefixes) {
    auto s =
        basic(R"([{"IncludeManagementEvents":false,"DataResources":[{"Type":"AWS::S3::Object",)"
              R"("Values":["arn:aws:s3:::bucket-a/logs/","arn:aws:s3:::bucket-b/"]}]}])");
    EXPECT_TRUE(s.selects(record(kS3Put)));
    EXPECT_TRUE(s.selects(record(kS3GetNoResources)));
    EXPECT_FALSE(s.selects(record(kReadManagement)));
    auto other = basic(
        R"([{"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::bucket-a/tmp/"]}]}])");
    EXPECT_FALSE(other.selects(record(kS3Put)));
    EXPECT_FALSE(other.selects(record(kS3GetNoResources)));
}

TEST(TrailSelectors, S3FallbackIgnoresEscapedValues) {
    auto s =
        basic(R"([{"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::b/"]}]}])");
    EXPECT_FALSE(s.selects(record(
        R"({"eventSource":"s3.amazonaws.com","eventCategory":"Data","requestParameters":{"bucketName":"b\u0041","key":"k"}})")));
    // A nested "bucketName" is found by the plain scan too; keys elsewhere do not confuse it.
    EXPECT_TRUE(s.selects(record(
        R"({"eventSource":"s3.amazonaws.com","eventCategory":"Data","requestParameters":{"xbucketName":"z","bucketName":"b","key":"k"}})")));
}

TEST(TrailSelectors, S3ObjectResourceWithoutArnFallsBackToRequestParameters) {
    auto s = advanced(R"([{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},)"
                      R"({"Field":"resources.type","Equals":["AWS::S3::Object"]},)"
                      R"({"Field":"resources.ARN","Equals":["arn:aws:s3:::src/data.csv"]}]}])");
    EXPECT_TRUE(s.selects(record(
        R"({"eventSource":"s3.amazonaws.com","eventCategory":"Data","resources":[{"type":"AWS::S3::Object"},)"
        R"({"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::src"}],"requestParameters":{"bucketName":"src","key":"data.csv"}})")));
    // An object resource with an ARN wins over requestParameters.
    EXPECT_FALSE(s.selects(record(
        R"({"eventSource":"s3.amazonaws.com","eventCategory":"Data","resources":[{"type":"AWS::S3::Object",)"
        R"("ARN":"arn:aws:s3:::dst/data.csv"}],"requestParameters":{"bucketName":"src","key":"data.csv"}})")));
    // Other services get no fallback.
    EXPECT_FALSE(s.selects(record(
        R"({"eventSource":"s3-outposts.amazonaws.com","eventCategory":"Data","requestParameters":{"bucketName":"src","key":"data.csv"}})")));
}

TEST(TrailSelectors, AdvancedOperators) {
    auto s = advanced(
        R"([{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},)"
        R"({"Field":"resources.type","Equals":["AWS::S3::Object"]},)"
        R"({"Field":"resources.ARN","StartsWith":["arn:aws:s3:::bucket-"],"NotEndsWith":[".pdf"]},)"
        R"({"Field":"eventName","NotStartsWith":["Delete"]}]}])");
    EXPECT_TRUE(s.is_advanced());
    EXPECT_TRUE(s.has_custom_selectors());
    EXPECT_TRUE(s.selects(record(kS3Put)));
    EXPECT_FALSE(s.selects(record(kS3GetNoResources)));  // ends with .pdf
    EXPECT_FALSE(s.selects(record(kReadManagement)));
}

TEST(TrailSelectors, AdvancedSessionCredentialFromConsoleAbsentIsFalse) {
    auto s = advanced(R"([{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},)"
                      R"({"Field":"resources.type","Equals":["AWS::S3::Object"]},)"
                      R"({"Field":"sessionCredentialFromConsole","Equals":["false"]}]}])");
    EXPECT_TRUE(s.selects(record(kS3Put)));
    auto console = std::string(kS3Put);
    console.insert(1, R"("sessionCredentialFromConsole":"true",)");
    EXPECT_FALSE(s.selects(record(console)));
}

TEST(TrailSelectors, AdvancedValueLimit) {
    json values = json::array();
    for (int i = 0; i < 499; ++i) {
        values.push_back("Event" + std::to_string(i));
    }
    json selectors =
        json::array({{{"FieldSelectors",
                       json::array({{{"Field", "eventCategory"}, {"Equals", {"Data"}}},
                                    {{"Field", "resources.type"}, {"Equals", {"AWS::S3::Object"}}},
                                    {{"Field", "eventName"}, {"Equals", values}}})}}});
    auto over = TrailSelectors::from_advanced_event_selectors(selectors);
    ASSERT_FALSE(over);
    EXPECT_NE(over.error().message.find("501 values"), std::string::npos) << over.error().message;
    selectors[0]["FieldSelectors"][2]["Equals"].erase(0);
    EXPECT_TRUE(TrailSelectors::from_advanced_event_selectors(selectors));
}

TEST(TrailSelectors, DataResourceValueLimit) {
    json values = json::array();
    for (int i = 0; i < 251; ++i) {
        values.push_back("arn:aws:s3:::bucket-" + std::to_string(i) + "/");
    }
    json selectors = json::array(
        {{{"DataResources", json::array({{{"Type", "AWS::S3::Object"}, {"Values", values}}})}}});
    auto over = TrailSelectors::from_event_selectors(selectors);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(over.error().message,
              "Specify a valid number of DataResources.Values (0 to 250) for all your selectors.");
    selectors[0]["DataResources"][0]["Values"].erase(0);
    EXPECT_TRUE(TrailSelectors::from_event_selectors(selectors));
}

TEST(TrailSelectors, WrongJsonTypesAreErrorsNotExceptions) {
    for (std::string_view text :
         {R"({})",
          R"("x")",
          R"([1])",
          R"([{"ReadWriteType":1}])",
          R"([{"DataResources":{}}])",
          R"([{"DataResources":[1]}])",
          R"([{"DataResources":[{"Type":"AWS::S3::Object","Values":[1]}]}])",
          R"([{"ExcludeManagementEventSources":"kms.amazonaws.com"}])"}) {
        EXPECT_FALSE(TrailSelectors::from_event_selectors(json::parse(text))) << text;
    }
    for (std::string_view text :
         {R"({})",
          R"([1])",
          R"([{}])",
          R"([{"FieldSelectors":{}}])",
          R"([{"FieldSelectors":[1]}])",
          R"([{"Name":5,"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]}]}])",
          R"([{"FieldSelectors":[{"Field":7,"Equals":["Data"]}]}])",
          R"([{"FieldSelectors":[{"Field":"eventCategory","Equals":"Management"}]}])",
          R"([{"FieldSelectors":[{"Field":"eventCategory","Equals":[true]}]}])"}) {
        EXPECT_FALSE(TrailSelectors::from_advanced_event_selectors(json::parse(text))) << text;
    }
}

TEST(TrailSelectors, DocumentRoundTrip) {
    TrailSelectors def;
    EXPECT_EQ(def.to_document(), json::object());
    auto back = TrailSelectors::from_document(def.to_document());
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->has_custom_selectors());

    auto s = basic(
        R"([{"ReadWriteType":"WriteOnly","ExcludeManagementEventSources":["kms.amazonaws.com"]}])");
    auto again = TrailSelectors::from_document(s.to_document());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->to_api_json(), s.to_api_json());
    EXPECT_TRUE(again->has_custom_selectors());
    EXPECT_FALSE(again->selects(record(kWriteKms)));

    EXPECT_FALSE(TrailSelectors::from_document(json::parse(R"({"Other":[]})")));
}

TEST(TrailSelectors, CopyAndMove) {
    auto s = basic(R"([{"ReadWriteType":"ReadOnly"}])");
    TrailSelectors copy = s;
    EXPECT_EQ(copy.to_api_json(), s.to_api_json());
    TrailSelectors moved = std::move(s);
    EXPECT_EQ(moved.to_api_json(), copy.to_api_json());
    // The moved-from object is usable and in the default form.
    EXPECT_FALSE(s.has_custom_selectors());  // NOLINT(bugprone-use-after-move)
    EXPECT_TRUE(s.selects(record(kWriteKms)));
    TrailSelectors assigned;
    assigned = copy;
    EXPECT_FALSE(assigned.selects(record(kWriteKms)));
    assigned = TrailSelectors();
    EXPECT_TRUE(assigned.selects(record(kWriteKms)));
}

TEST(TrailSelectors, SelectsDoesNotAllocate) {
    if (!TRIPLINE_COUNT_ALLOCATIONS) {
        GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
    }
    auto b =
        basic(R"([{"ReadWriteType":"All","ExcludeManagementEventSources":["kms.amazonaws.com"],)"
              R"("DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::bucket-b/"]},)"
              R"({"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}]}])");
    auto a = advanced(
        R"([{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},)"
        R"({"Field":"readOnly","Equals":["true"]}]},{"FieldSelectors":[)"
        R"({"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},)"
        R"({"Field":"resources.ARN","StartsWith":["arn:aws:s3:::bucket-b/"],"NotEndsWith":[".exe"]},)"
        R"({"Field":"userIdentity.arn","NotEquals":["arn:aws:iam::1:user/x"]},)"
        R"({"Field":"sessionCredentialFromConsole","Equals":["false"]}]}])");
    std::vector<event::CloudTrailRecord> records = {record(kReadManagement),
                                                    record(kWriteKms),
                                                    record(kS3Put),
                                                    record(kS3GetNoResources),
                                                    record(kInsight)};
    // The counter works: a default TrailSelectors allocates its compiled form.
    g_allocations = 0;
    g_counting = true;
    { TrailSelectors probe; }
    g_counting = false;
    EXPECT_EQ(g_allocations, 1u);

    int selected = 0;
    g_allocations = 0;
    g_counting = true;
    for (int round = 0; round < 2; ++round) {
        for (const auto& r : records) {
            selected += b.selects(r) ? 1 : 0;
            selected += a.selects(r) ? 1 : 0;
        }
    }
    g_counting = false;
    EXPECT_EQ(g_allocations, 0u);
    // Per round: the read management event (b and a) and the S3 GetObject found through
    // requestParameters (b and a).
    EXPECT_EQ(selected, 8);
}

}  // namespace
}  // namespace tripline::trail
