#include "api/api_dispatcher.h"

#include <gtest/gtest.h>

#include <vector>

#include "api/services/sts/sts_service.h"

namespace tripline::api {
namespace {

class FakeDirectory final : public CredentialDirectory {
public:
    std::optional<Credential> find(std::string_view id) override {
        if (id != "AKIAFAKE000000000001") {
            return std::nullopt;
        }
        Credential c;
        c.secret_access_key = "secret";
        c.principal.type = "IAMUser";
        c.principal.account_id = "123456789012";
        c.principal.arn = "arn:aws:iam::123456789012:user/alice";
        c.principal.principal_id = "AIDAALICE";
        c.principal.user_name = "alice";
        c.principal.access_key_id = "AKIAFAKE000000000001";
        return c;
    }
    void record_use(std::string_view, TimePoint, std::string_view, std::string_view) override {}
};

// Accepts every request that names a credential scope, as alice; refuses unsigned ones.
class FakeAuthenticator final : public Authenticator {
public:
    AuthResult authenticate(const HttpRequest& request, Protocol, const std::string&) override {
        if (request.headers.find("authorization") == request.headers.end()) {
            return ApiError(
                403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        AuthenticatedCaller caller;
        caller.principal = FakeDirectory().find("AKIAFAKE000000000001")->principal;
        return caller;
    }
};

class CapturingSink final : public CallRecordSink {
public:
    void record(const event::CloudTrailRecord& r) override { records.push_back(r); }
    std::vector<event::CloudTrailRecord> records;
};

HttpRequest signed_request(std::string service, std::string body, std::string target = "") {
    HttpRequest r;
    r.method = "POST";
    r.path = "/";
    r.body = std::move(body);
    r.remote_addr = "192.0.2.10";
    r.headers.emplace("authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIAFAKE000000000001/20261127/eu-north-1/" +
                          service + "/aws4_request, SignedHeaders=host, Signature=00");
    r.headers.emplace("user-agent", "aws-cli/2.9.19");
    if (!target.empty()) {
        r.headers.emplace("x-amz-target", target);
        r.headers.emplace("content-type", "application/x-amz-json-1.1");
    }
    return r;
}

struct Fixture : ::testing::Test {
    FakeClock clock;
    FakeDirectory directory;
    FakeAuthenticator authenticator;
    CapturingSink sink;
    ApiDispatcher dispatcher{clock, authenticator, sink};
    Fixture() { dispatcher.add_service(std::make_unique<services::StsService>(directory)); }
};

TEST_F(Fixture, GetCallerIdentityAnswersAndRecords) {
    auto request = signed_request("sts", "Action=GetCallerIdentity&Version=2011-06-15");
    HttpResponse response = dispatcher.handle(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "text/xml");
    EXPECT_NE(response.body.find("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                                 "2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::"
                                 "123456789012:user/alice</Arn><UserId>AIDAALICE</UserId><Account>"
                                 "123456789012</Account></GetCallerIdentityResult>"),
              std::string::npos)
        << response.body;
    ASSERT_EQ(sink.records.size(), 1u);
    const auto& r = sink.records[0];
    EXPECT_EQ(r.event_name, "GetCallerIdentity");
    EXPECT_EQ(r.event_source, "sts.amazonaws.com");
    EXPECT_EQ(r.aws_region, "eu-north-1");
    EXPECT_EQ(r.source_ip_address, "192.0.2.10");
    EXPECT_EQ(r.user_agent, "aws-cli/2.9.19");
    EXPECT_EQ(r.request_parameters, "null");
    EXPECT_EQ(r.response_elements, "null");
    EXPECT_EQ(r.read_only, true);
    EXPECT_EQ(r.event_time, format_iso8601(clock.now()));
    EXPECT_EQ(r.user_identity->type, "IAMUser");
    EXPECT_EQ(r.user_identity->user_name, "alice");
    EXPECT_FALSE(r.error_code);
    // The request id returned is the one recorded.
    EXPECT_NE(response.body.find("<RequestId>" + *r.request_id + "</RequestId>"),
              std::string::npos);
}

TEST_F(Fixture, UnknownServiceGetsProtocolErrorAndIsRecorded) {
    auto request = signed_request("events", "{}", "AWSEvents.ListRules");
    HttpResponse response = dispatcher.handle(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.content_type, "application/x-amz-json-1.1");
    EXPECT_NE(response.body.find("\"__type\":\"UnknownOperationException\""), std::string::npos);
    ASSERT_EQ(sink.records.size(), 1u);
    EXPECT_EQ(sink.records[0].event_source, "events.amazonaws.com");
    EXPECT_EQ(sink.records[0].event_name, "ListRules");
    EXPECT_EQ(sink.records[0].error_code, "UnknownOperationException");
    EXPECT_EQ(sink.records[0].read_only, true);
}

TEST_F(Fixture, UnknownOperationIsRecordedWithItsError) {
    auto request =
        signed_request("sts", "Action=AssumeRoot&Version=2011-06-15&TaskPolicyArn.arn=x");
    HttpResponse response = dispatcher.handle(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("<Code>InvalidAction</Code>"), std::string::npos);
    ASSERT_EQ(sink.records.size(), 1u);
    EXPECT_EQ(sink.records[0].error_code, "InvalidAction");
    EXPECT_EQ(sink.records[0].response_elements, "null");
    EXPECT_EQ(sink.records[0].read_only, false);
}

TEST_F(Fixture, MalformedJsonIsASerializationError) {
    auto request = signed_request("events", "{not json", "AWSEvents.PutRule");
    HttpResponse response = dispatcher.handle(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("SerializationException"), std::string::npos);
    ASSERT_EQ(sink.records.size(), 1u);
}

TEST_F(Fixture, UnsignedRequestIsRefusedAndNotRecorded) {
    HttpRequest request;
    request.method = "POST";
    request.path = "/";
    request.body = "Action=GetCallerIdentity&Version=2011-06-15";
    HttpResponse response = dispatcher.handle(request);
    EXPECT_EQ(response.status, 403);
    EXPECT_NE(response.body.find("<Code>MissingAuthenticationToken</Code>"), std::string::npos);
    EXPECT_TRUE(sink.records.empty());
}

TEST(SigningService, FromHeaderQueryOrSigV2) {
    HttpRequest r;
    EXPECT_EQ(signing_service(r), "");
    r.query = "X-Amz-Credential=AKID%2F20261127%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0";
    EXPECT_EQ(signing_service(r), "s3");
    r.query = "AWSAccessKeyId=AKID&Signature=abc&Expires=1";
    EXPECT_EQ(signing_service(r), "s3");
}

}  // namespace
}  // namespace tripline::api
