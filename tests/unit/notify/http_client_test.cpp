#include "notify/http_client.h"

#include <gtest/gtest.h>

#include "test_http_responder.h"

namespace tripline::notify {
namespace {

using testing::TestHttpResponder;

TEST(HttpClient, PostsBodyAndHeaders) {
    TestHttpResponder endpoint({200}, "thanks");
    HttpResult result = HttpClient().post(
        endpoint.url(),
        {{"Content-Type", "text/plain; charset=UTF-8"}, {"x-amz-sns-message-type", "Notification"}},
        "hello body",
        std::chrono::seconds(5));
    EXPECT_TRUE(result.success()) << result.error;
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "thanks");
    auto requests = endpoint.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].request_line, "POST /hook HTTP/1.1");
    EXPECT_EQ(requests[0].body, "hello body");
    EXPECT_EQ(requests[0].header("content-type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(requests[0].header("x-amz-sns-message-type"), "Notification");
}

TEST(HttpClient, LargeBodiesAreSentWithoutExpectContinue) {
    TestHttpResponder endpoint;
    std::string body(100'000, 'x');
    HttpResult result = HttpClient().post(endpoint.url(), {}, body, std::chrono::seconds(5));
    EXPECT_TRUE(result.success()) << result.error;
    auto requests = endpoint.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_FALSE(requests[0].has_header("expect"));
    EXPECT_EQ(requests[0].body.size(), body.size());
}

TEST(HttpClient, ReportsErrorStatuses) {
    TestHttpResponder endpoint({503}, "busy");
    HttpResult result = HttpClient().post(endpoint.url(), {}, "x", std::chrono::seconds(5));
    EXPECT_FALSE(result.success());
    EXPECT_EQ(result.status, 503);
    EXPECT_TRUE(result.error.empty());
}

TEST(HttpClient, DoesNotFollowRedirects) {
    TestHttpResponder target;
    TestHttpResponder redirect({302}, "", "Location: " + target.url() + "\r\n");
    HttpResult result = HttpClient().post(redirect.url(), {}, "x", std::chrono::seconds(5));
    EXPECT_FALSE(result.success());
    EXPECT_EQ(result.status, 302);
    EXPECT_TRUE(target.requests().empty());
}

TEST(HttpClient, ReadsABoundedAmountOfTheResponse) {
    TestHttpResponder endpoint({200}, std::string(10'000, 'r'));
    HttpClient::Options options;
    options.max_response_bytes = 100;
    HttpResult result = HttpClient(options).post(endpoint.url(), {}, "x", std::chrono::seconds(5));
    EXPECT_TRUE(result.success()) << result.error;
    EXPECT_EQ(result.body.size(), 100u);
    EXPECT_TRUE(result.body_truncated);
}

TEST(HttpClient, ConnectionRefusedIsATransportError) {
    HttpResult result =
        HttpClient().post("http://127.0.0.1:" + std::to_string(testing::unused_port()) + "/",
                          {},
                          "x",
                          std::chrono::seconds(2));
    EXPECT_FALSE(result.success());
    EXPECT_EQ(result.status, 0);
    EXPECT_FALSE(result.error.empty());
    EXPECT_FALSE(result.invalid_request);
}

TEST(HttpClient, SlowEndpointTimesOut) {
    TestHttpResponder endpoint;
    endpoint.set_delay_ms(1000);
    HttpResult result = HttpClient().post(endpoint.url(), {}, "x", std::chrono::milliseconds(200));
    EXPECT_FALSE(result.success());
    EXPECT_TRUE(result.timed_out);
    EXPECT_EQ(result.status, 0);
}

TEST(HttpClient, RefusesOtherSchemesAndHeaderInjection) {
    for (const char* url : {"file:///etc/passwd", "ftp://example.com/", "gopher://x/"}) {
        HttpResult result = HttpClient().post(url, {}, "x", std::chrono::seconds(1));
        EXPECT_TRUE(result.invalid_request) << url;
    }
    TestHttpResponder endpoint;
    HttpResult result = HttpClient().post(
        endpoint.url(), {{"X-Test", "a\r\nInjected: yes"}}, "x", std::chrono::seconds(1));
    EXPECT_TRUE(result.invalid_request);
    EXPECT_TRUE(endpoint.requests().empty());
}

}  // namespace
}  // namespace tripline::notify
