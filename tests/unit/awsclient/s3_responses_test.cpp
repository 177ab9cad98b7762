// Recorded ListObjectsV2 responses (data/list_objects_v2_*.xml: AWS's shape with encoding-type=url
// and a continuation token, the last page, a delimiter listing as Tripline writes it, and a plain
// listing without URL encoding) and S3 error documents.
#include "awsclient/s3_responses.h"

#include <gtest/gtest.h>

#include "awsclient/aws_error.h"
#include "test_support.h"

namespace tripline::awsclient {
namespace {

std::string data(const std::string& name) {
    return tripline::testing::read_file(tripline::testing::source_dir() /
                                        "tests/unit/awsclient/data" / name);
}

TEST(ListObjectsV2Response, TruncatedPageWithUrlEncodedNames) {
    auto page = parse_list_objects_v2(data("list_objects_v2_page1.xml"));
    ASSERT_TRUE(page) << page.error().to_string();
    EXPECT_EQ(page->bucket, "trail-bucket");
    EXPECT_EQ(page->prefix, "logs/AWSLogs/111122223333/CloudTrail/us-east-1/");
    EXPECT_TRUE(page->is_truncated);
    EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
    EXPECT_EQ(page->key_count, 3u);
    ASSERT_EQ(page->contents.size(), 3u);
    const S3Object& first = page->contents[0];
    EXPECT_EQ(first.key,
              "logs/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/"
              "111122223333_CloudTrail_us-east-1_20240501T0005Z_Mu0KsOhtH1ar15ZZ.json.gz");
    EXPECT_EQ(first.etag, "fba9dede5f27731c9771645a39863328");  // quotes removed
    EXPECT_EQ(first.size, 1893u);
    EXPECT_EQ(first.last_modified, "2024-05-01T00:05:41.000Z");
    EXPECT_EQ(first.storage_class, "STANDARD");
    EXPECT_EQ(page->contents[1].key,
              "logs/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/"
              "a key with spaces+and+plus&amp.json");
    EXPECT_EQ(page->contents[1].etag, "9b2cf535f27731c974343645a3985328-2");
    EXPECT_EQ(page->contents[2].key,
              "logs/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/\xC3\xA9t\xC3\xA9\n.json");
    EXPECT_EQ(page->contents[2].size, 0u);
}

TEST(ListObjectsV2Response, LastPageAfterContinuation) {
    auto page = parse_list_objects_v2(data("list_objects_v2_page2.xml"));
    ASSERT_TRUE(page) << page.error().to_string();
    EXPECT_FALSE(page->is_truncated);
    EXPECT_EQ(page->next_continuation_token, "");
    ASSERT_EQ(page->contents.size(), 1u);
    EXPECT_EQ(page->contents[0].size, 20480u);
    EXPECT_EQ(page->contents[0].storage_class, "STANDARD_IA");
}

TEST(ListObjectsV2Response, CommonPrefixesOfADelimiterListing) {
    auto page = parse_list_objects_v2(data("list_objects_v2_delimiter.xml"));
    ASSERT_TRUE(page) << page.error().to_string();
    EXPECT_EQ(page->delimiter, "/");
    EXPECT_TRUE(page->contents.empty());
    EXPECT_EQ(page->common_prefixes,
              (std::vector<std::string>{"AWSLogs/o-a1b2c3d4e5/111111111111/",
                                        "AWSLogs/o-a1b2c3d4e5/222222222222/",
                                        "AWSLogs/o-a1b2c3d4e5/not-an-account/"}));
}

TEST(ListObjectsV2Response, NamesWithoutEncodingTypeAreLiteral) {
    auto page = parse_list_objects_v2(data("list_objects_v2_plain.xml"));
    ASSERT_TRUE(page) << page.error().to_string();
    ASSERT_EQ(page->contents.size(), 2u);
    EXPECT_EQ(page->contents[1].key, "a+b & c");
    EXPECT_EQ(page->prefix, "");
}

TEST(ListObjectsV2Response, ForeignOrBrokenDocumentsAreErrors) {
    EXPECT_FALSE(parse_list_objects_v2(data("error_no_such_bucket.xml")));
    EXPECT_FALSE(parse_list_objects_v2("<ListBucketResult><Name>b</Name></ListBucketResult>"));
    EXPECT_FALSE(parse_list_objects_v2(
        "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key>"
        "<Size>12x</Size></Contents></ListBucketResult>"));
    EXPECT_FALSE(parse_list_objects_v2(
        "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key>"));
}

TEST(AwsErrorParsing, S3XmlErrorCarriesCodeMessageAndRequestId) {
    HttpResponse response;
    response.status = 404;
    response.body = data("error_no_such_bucket.xml");
    AwsError error = parse_aws_error(response);
    EXPECT_EQ(error.code, "NoSuchBucket");
    EXPECT_EQ(error.message, "The specified bucket does not exist");
    EXPECT_EQ(error.request_id, "4442587FB7D0A2F9");
    Error e = to_error(error, "ListObjectsV2 s3://missing-bucket");
    EXPECT_EQ(e.code, Errc::kNotFound);
    EXPECT_EQ(e.message,
              "ListObjectsV2 s3://missing-bucket: NoSuchBucket: The specified bucket does not "
              "exist (HTTP 404)");
}

TEST(AwsErrorParsing, QueryJsonAndHeaderForms) {
    HttpResponse query;
    query.status = 400;
    query.body =
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
        "</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1"
        "</RequestId></ErrorResponse>";
    AwsError q = parse_aws_error(query);
    EXPECT_EQ(q.code, "Throttling");
    EXPECT_EQ(q.request_id, "r-1");
    EXPECT_TRUE(is_throttling_code(q.code));
    EXPECT_TRUE(is_retryable(q));
    EXPECT_EQ(to_error(q, "op").code, Errc::kUnavailable);

    HttpResponse json;
    json.status = 400;
    json.body = R"({"__type":"com.amazonaws.cloudtrail#TrailNotFoundException","message":"gone"})";
    AwsError j = parse_aws_error(json);
    EXPECT_EQ(j.code, "TrailNotFoundException");
    EXPECT_EQ(j.message, "gone");
    EXPECT_FALSE(is_retryable(j));
    EXPECT_EQ(to_error(j, "op").code, Errc::kInvalidArgument);

    HttpResponse header;
    header.status = 400;
    header.headers.push_back(
        {"x-amzn-errortype", "ThrottlingException:http://internal.amazon.com/"});
    header.body = "{}";
    EXPECT_EQ(parse_aws_error(header).code, "ThrottlingException");
}

TEST(AwsErrorParsing, StatusesMapToErrc) {
    auto errc = [](long status, const char* code) {
        AwsError e;
        e.status = status;
        e.code = code;
        return to_error(e, "op").code;
    };
    EXPECT_EQ(errc(403, "AccessDenied"), Errc::kPermissionDenied);
    EXPECT_EQ(errc(403, "SignatureDoesNotMatch"), Errc::kUnauthenticated);
    EXPECT_EQ(errc(403, "InvalidAccessKeyId"), Errc::kUnauthenticated);
    EXPECT_EQ(errc(503, "SlowDown"), Errc::kUnavailable);
    EXPECT_EQ(errc(500, ""), Errc::kUnavailable);
    EXPECT_EQ(errc(501, "NotImplemented"), Errc::kInternal);
    EXPECT_EQ(errc(409, "BucketNotEmpty"), Errc::kFailedPrecondition);
    EXPECT_EQ(errc(400, "RequestTimeout"), Errc::kUnavailable);
}

}  // namespace
}  // namespace tripline::awsclient
