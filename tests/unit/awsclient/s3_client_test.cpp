// The S3 client against a scripted sender: addressing (path-style for custom endpoints,
// virtual-hosted on AWS), what ListObjectsV2 and GetObject put on the wire, signing, paging with
// continuation tokens, S3 errors as Results, and the bucket-region redirect on AWS.
#include "awsclient/s3_client.h"

#include <gtest/gtest.h>

#include "fake_sender.h"
#include "test_support.h"

namespace tripline::awsclient {
namespace {

using testing::FakeLog;
using testing::FakeSender;
using testing::response;
using testing::s3_error;

struct Harness {
    std::shared_ptr<FakeLog> log = std::make_shared<FakeLog>();
    FakeClock clock{TimePoint{std::chrono::seconds{1'714'521'600}}};  // 2024-05-01T00:00:00Z
    std::unique_ptr<S3Client> client;

    explicit Harness(std::string endpoint_url, std::string region = "") {
        S3ClientOptions options;
        options.endpoint_url = std::move(endpoint_url);
        options.region = std::move(region);
        options.transport.retry.max_attempts = 2;
        options.retry_hooks.sleep = [](std::chrono::milliseconds) {};
        auto made = S3Client::create(std::move(options),
                                     Credentials{"AKIDEXAMPLE", "secret", "token", "test"},
                                     clock,
                                     std::make_unique<FakeSender>(log));
        EXPECT_TRUE(made) << made.error().to_string();
        client = std::move(made).value();
    }
};

std::string data(const std::string& name) {
    return tripline::testing::read_file(tripline::testing::source_dir() /
                                        "tests/unit/awsclient/data" / name);
}

TEST(S3Client, CustomEndpointUsesPathStyle) {
    Harness h("http://127.0.0.1:4566");
    HttpRequest r = h.client->build_request("GET", "my.bucket", "AWSLogs/a b+c.json.gz", {});
    EXPECT_EQ(r.url(), "http://127.0.0.1:4566/my.bucket/AWSLogs/a%20b%2Bc.json.gz");
    EXPECT_EQ(r.host_header(), "127.0.0.1:4566");
    EXPECT_EQ(h.client->region(), "us-east-1");
    EXPECT_EQ(h.client->endpoint_text(), "http://127.0.0.1:4566");

    Harness based("https://minio.lan/s3/", "eu-west-1");
    EXPECT_EQ(based.client->build_request("GET", "b", "", {{"list-type", "2"}}).url(),
              "https://minio.lan/s3/b?list-type=2");
}

TEST(S3Client, AwsUsesVirtualHostsWhenTheNameAllows) {
    Harness h("", "eu-west-1");
    EXPECT_EQ(h.client->build_request("GET", "trail-logs", "k/x.json", {}).url(),
              "https://trail-logs.s3.eu-west-1.amazonaws.com/k/x.json");
    EXPECT_EQ(h.client->build_request("GET", "trail-logs", "", {}).url(),
              "https://trail-logs.s3.eu-west-1.amazonaws.com/");
    // Dots would break the wildcard certificate: path-style.
    EXPECT_EQ(h.client->build_request("GET", "trail.logs", "k", {}).url(),
              "https://s3.eu-west-1.amazonaws.com/trail.logs/k");
    Harness china("", "cn-north-1");
    EXPECT_EQ(china.client->build_request("GET", "b-1", "", {}).host,
              "b-1.s3.cn-north-1.amazonaws.com.cn");
    EXPECT_TRUE(is_virtual_host_compatible("abc-123"));
    EXPECT_FALSE(is_virtual_host_compatible("ab"));
    EXPECT_FALSE(is_virtual_host_compatible("Upper"));
    EXPECT_FALSE(is_virtual_host_compatible("-abc"));
}

TEST(S3Client, BadEndpointUrlsAreRefused) {
    FakeClock clock;
    for (const char* url : {"127.0.0.1:4566",
                            "ftp://h",
                            "http://",
                            "http://h:99999",
                            "http://u:p@h",
                            "http://h/?x=1"}) {
        S3ClientOptions options;
        options.endpoint_url = url;
        auto made = S3Client::create(options, Credentials{"a", "b", "", "t"}, clock);
        ASSERT_FALSE(made) << url;
        EXPECT_EQ(made.error().code, Errc::kInvalidArgument);
    }
}

TEST(S3Client, ListObjectsV2SendsASignedRequestAndPages) {
    Harness h("http://127.0.0.1:4566");
    h.log->script.push_back(response(200, data("list_objects_v2_page1.xml")));
    h.log->script.push_back(response(200, data("list_objects_v2_page2.xml")));
    ListObjectsV2Request request;
    request.bucket = "trail-bucket";
    request.prefix = "logs/AWSLogs/111122223333/CloudTrail/us-east-1/";
    request.max_keys = 3;
    std::vector<std::string> keys;
    for (int page_no = 0; page_no < 10; ++page_no) {
        auto page = h.client->list_objects_v2(request);
        ASSERT_TRUE(page) << page.error().to_string();
        for (const auto& o : page->contents) {
            keys.push_back(o.key);
        }
        if (!page->is_truncated) {
            break;
        }
        request.continuation_token = page->next_continuation_token;
    }
    EXPECT_EQ(keys.size(), 4u);
    ASSERT_EQ(h.log->requests.size(), 2u);
    const HttpRequest& first = h.log->requests[0];
    EXPECT_EQ(first.method, "GET");
    EXPECT_EQ(first.url(),
              "http://127.0.0.1:4566/trail-bucket?encoding-type=url&list-type=2&max-keys=3&"
              "prefix=logs%2FAWSLogs%2F111122223333%2FCloudTrail%2Fus-east-1%2F");
    ASSERT_NE(first.header("Authorization"), nullptr);
    EXPECT_NE(first.header("Authorization")
                  ->find("Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request"),
              std::string::npos);
    EXPECT_EQ(*first.header("X-Amz-Security-Token"), "token");
    EXPECT_EQ(*first.header("X-Amz-Date"), "20240501T000000Z");
    EXPECT_NE(first.header("X-Amz-Content-SHA256"), nullptr);
    EXPECT_NE(h.log->requests[1].url().find(
                  "continuation-token=1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%3D"),
              std::string::npos);
}

TEST(S3Client, GetObjectReturnsTheBodyAsStored) {
    Harness h("http://127.0.0.1:4566");
    // Split literals: "\x00b…" would be read as one hex escape.
    static constexpr char kBytes[] =
        "\x1f\x8b\x08\x00"
        "binary\0data";
    std::string gz(kBytes, sizeof kBytes - 1);
    h.log->script.push_back(response(200, gz));
    auto body = h.client->get_object("b", "AWSLogs/x.json.gz");
    ASSERT_TRUE(body);
    EXPECT_EQ(*body, gz);
    EXPECT_EQ(h.log->requests[0].path, "/b/AWSLogs/x.json.gz");
}

TEST(S3Client, S3ErrorsBecomeResultsWithCodeAndMessage) {
    Harness h("http://127.0.0.1:4566");
    h.log->script.push_back(
        response(404, s3_error("NoSuchKey", "The specified key does not exist.")));
    auto body = h.client->get_object("b", "missing.json");
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().code, Errc::kNotFound);
    EXPECT_EQ(body.error().message,
              "GetObject s3://b/missing.json: NoSuchKey: The specified key does not exist. (HTTP "
              "404)");

    Harness denied("http://127.0.0.1:4566");
    denied.log->script.push_back(response(403, s3_error("AccessDenied", "Access Denied")));
    ListObjectsV2Request request;
    request.bucket = "b";
    EXPECT_EQ(denied.client->list_objects_v2(request).error().code, Errc::kPermissionDenied);

    Harness garbage("http://127.0.0.1:4566");
    garbage.log->script.push_back(response(200, "<html>proxy login</html>"));
    auto page = garbage.client->list_objects_v2(request);
    ASSERT_FALSE(page);
    EXPECT_NE(page.error().message.find("ListObjectsV2 s3://b"), std::string::npos);
}

TEST(S3Client, SlowDownIsRetriedThenReported) {
    Harness h("http://127.0.0.1:4566");
    h.log->script.push_back(
        response(503, s3_error("SlowDown", "Please reduce your request rate.")));
    auto body = h.client->get_object("b", "k");
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().code, Errc::kUnavailable);
    EXPECT_EQ(h.log->requests.size(), 2u);  // max_attempts
}

TEST(S3Client, AwsBucketInAnotherRegionIsRetriedThereOnce) {
    Harness h("", "us-east-1");
    h.log->script.push_back(response(301,
                                     s3_error("PermanentRedirect", "use the right endpoint"),
                                     {{"x-amz-bucket-region", "eu-west-2"}}));
    h.log->script.push_back(response(200, "content"));
    auto body = h.client->get_object("far-bucket", "k");
    ASSERT_TRUE(body) << body.error().to_string();
    ASSERT_EQ(h.log->requests.size(), 2u);
    EXPECT_EQ(h.log->requests[1].host, "far-bucket.s3.eu-west-2.amazonaws.com");
    EXPECT_NE(h.log->requests[1].header("Authorization")->find("/eu-west-2/s3/aws4_request"),
              std::string::npos);
    // Remembered for the next call.
    EXPECT_EQ(h.client->build_request("GET", "far-bucket", "k", {}).host,
              "far-bucket.s3.eu-west-2.amazonaws.com");
}

}  // namespace
}  // namespace tripline::awsclient
