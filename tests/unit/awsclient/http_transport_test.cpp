// Retries: which answers are retried (throttling, 5xx, connection failures) and which are not,
// how many attempts are made, the full-jitter backoff bounds, Retry-After, and re-preparing
// (re-signing) the request before every attempt.
#include "awsclient/http_transport.h"

#include <gtest/gtest.h>

#include "fake_sender.h"

namespace tripline::awsclient {
namespace {

using namespace std::chrono_literals;
using testing::FakeLog;
using testing::FakeSender;
using testing::response;
using testing::s3_error;

struct Harness {
    std::shared_ptr<FakeLog> log = std::make_shared<FakeLog>();
    std::vector<std::chrono::milliseconds> sleeps;
    std::unique_ptr<HttpTransport> transport;

    explicit Harness(int max_attempts = 4, double random = 0.5) {
        TransportOptions options;
        options.retry.max_attempts = max_attempts;
        RetryHooks hooks;
        hooks.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
        hooks.random = [random] { return random; };
        transport = std::make_unique<HttpTransport>(
            options, std::make_unique<FakeSender>(log), std::move(hooks));
    }
};

HttpRequest get() {
    HttpRequest r;
    r.host = "example.com";
    return r;
}

TEST(HttpTransport, SuccessNeedsOneAttempt) {
    Harness h;
    h.log->script.push_back(response(200, "ok"));
    auto r = h.transport->send(get());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "ok");
    EXPECT_EQ(h.transport->last_attempts(), 1);
    EXPECT_TRUE(h.sleeps.empty());
}

TEST(HttpTransport, ThrottlingAndServerErrorsAreRetried) {
    Harness h;
    h.log->script.push_back(
        response(503, s3_error("SlowDown", "Please reduce your request rate.")));
    h.log->script.push_back(response(500, s3_error("InternalError", "oops")));
    h.log->script.push_back(response(400, s3_error("ThrottlingException", "Rate exceeded")));
    h.log->script.push_back(response(200, "done"));
    auto r = h.transport->send(get());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "done");
    EXPECT_EQ(h.transport->last_attempts(), 4);
    // Full jitter with random 0.5: half of min(cap, base * 2^retry); throttling uses 500 ms.
    EXPECT_EQ(h.sleeps, (std::vector<std::chrono::milliseconds>{250ms, 100ms, 1000ms}));
}

TEST(HttpTransport, ConnectionFailuresAreRetriedOthersAreNot) {
    Harness h;
    h.log->script.push_back(make_error(Errc::kUnavailable, "connection refused"));
    h.log->script.push_back(response(200, "up"));
    EXPECT_EQ(h.transport->send(get())->body, "up");
    EXPECT_EQ(h.transport->last_attempts(), 2);

    Harness tls;
    tls.log->script.push_back(make_error(Errc::kFailedPrecondition, "certificate"));
    EXPECT_EQ(tls.transport->send(get()).error().code, Errc::kFailedPrecondition);
    EXPECT_EQ(tls.transport->last_attempts(), 1);
}

TEST(HttpTransport, ClientErrorsAreReturnedAtOnce) {
    Harness h;
    h.log->script.push_back(
        response(404, s3_error("NoSuchKey", "The specified key does not exist.")));
    auto r = h.transport->send(get());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(h.transport->last_attempts(), 1);
}

TEST(HttpTransport, GivesUpAfterMaxAttemptsWithTheLastAnswer) {
    Harness h(3);
    h.log->script.push_back(response(503, s3_error("SlowDown", "slow")));
    auto r = h.transport->send(get());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(h.transport->last_attempts(), 3);
    EXPECT_EQ(h.sleeps.size(), 2u);

    Harness down(2);
    down.log->script.push_back(make_error(Errc::kUnavailable, "timed out"));
    EXPECT_EQ(down.transport->send(get()).error().code, Errc::kUnavailable);
    EXPECT_EQ(down.transport->last_attempts(), 2);
}

TEST(HttpTransport, RetryAfterIsHonouredUpToTheCap) {
    Harness h(2, 0.0);
    h.log->script.push_back(response(429, "{}", {{"retry-after", "3"}}));
    h.log->script.push_back(response(200, ""));
    ASSERT_TRUE(h.transport->send(get()));
    EXPECT_EQ(h.sleeps, (std::vector<std::chrono::milliseconds>{3000ms}));

    Harness capped(2, 0.0);
    capped.log->script.push_back(response(503, "", {{"retry-after", "3600"}}));
    capped.log->script.push_back(response(200, ""));
    ASSERT_TRUE(capped.transport->send(get()));
    EXPECT_EQ(capped.sleeps, (std::vector<std::chrono::milliseconds>{20000ms}));
}

TEST(HttpTransport, PrepareRunsOnAFreshCopyBeforeEveryAttempt) {
    Harness h;
    h.log->script.push_back(response(500, ""));
    h.log->script.push_back(response(200, ""));
    int calls = 0;
    ASSERT_TRUE(h.transport->send(get(), [&](HttpRequest& r) {
        ++calls;
        r.headers.push_back({"X-Attempt", std::to_string(calls)});
    }));
    ASSERT_EQ(h.log->requests.size(), 2u);
    EXPECT_EQ(h.log->requests[0].headers.size(), 1u);
    EXPECT_EQ(*h.log->requests[1].header("x-attempt"), "2");
    EXPECT_EQ(h.log->requests[1].headers.size(), 1u);  // not accumulated across attempts
}

TEST(BackoffDelay, FullJitterWithinExponentialCeilingAndCap) {
    RetryOptions o;
    EXPECT_EQ(backoff_delay(o, 0, false, 0.999), 99ms);
    EXPECT_EQ(backoff_delay(o, 3, false, 1.0), 800ms);
    EXPECT_EQ(backoff_delay(o, 3, false, 0.0), 0ms);
    EXPECT_EQ(backoff_delay(o, 30, false, 1.0), 20000ms);  // capped, no overflow
    EXPECT_EQ(backoff_delay(o, 2, true, 1.0), 2000ms);
}

}  // namespace
}  // namespace tripline::awsclient
