// Cross-check of the two SigV4 implementations: requests signed by Tripline's AWS client
// (awsclient/sigv4_signer.h, what `tripline ingest s3://…` sends) must be accepted by Tripline's
// own verifier (api/auth/sigv4_verifier.h, what `tripline serve` checks), and refused once
// tampered with. Covers S3 (paths signed as sent, awkward keys, listing queries, payload hashes)
// and another service (normalised, double-encoded paths; form bodies), with and without session
// tokens. Lives in api's tests because api is the higher layer of the two.
#include <gtest/gtest.h>

#include "api/auth/sigv4_verifier.h"
#include "awsclient/s3_client.h"
#include "awsclient/sigv4_signer.h"
#include "base/uri_encoding.h"
#include "sigv4_test_support.h"

namespace tripline::api::auth {
namespace {

using awsclient::Credentials;
using awsclient::SigV4Signer;
using testing::TestKey;
using testing::TestKeyStore;

const TimePoint kNow = TimePoint{std::chrono::seconds{1'714'521'600}};  // 2024-05-01T00:00:00Z

// The request as Tripline's HTTP server hands it to the verifier.
HttpRequest as_received(const awsclient::HttpRequest& sent) {
    HttpRequest r;
    r.method = sent.method;
    std::string query = encode_query(sent.query);
    r.target = sent.path + (query.empty() ? "" : "?" + query);
    r.path = percent_decode(sent.path);
    r.query = query;
    r.body = sent.body;
    r.headers.emplace("host", sent.host_header());
    for (const auto& h : sent.headers) {
        std::string name = h.name;
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        r.headers.emplace(name, h.value);
    }
    return r;
}

class AwsClientSigning : public ::testing::Test {
protected:
    TestKeyStore store{
        {TestKey{"AKIAEXAMPLELONGTERM", "long-term/secret+key", ""},
         TestKey{"ASIAEXAMPLETEMPORARY", "temporary-secret", "FwoGZXIvYXdzEXAMPLE//token=="}}};
    FakeClock clock{kNow};
    SigV4Verifier verifier{store.lookup(), clock};

    awsclient::HttpRequest signed_request(awsclient::HttpRequest request,
                                          const std::string& service,
                                          bool temporary = false) {
        SigV4Signer signer(
            temporary ? Credentials{"ASIAEXAMPLETEMPORARY",
                                    "temporary-secret",
                                    "FwoGZXIvYXdzEXAMPLE//token==",
                                    "test"}
                      : Credentials{"AKIAEXAMPLELONGTERM", "long-term/secret+key", "", "test"});
        signer.sign(request, {"eu-west-1", service}, kNow);
        return request;
    }

    void expect_accepted(const awsclient::HttpRequest& sent, const std::string& service) {
        HttpRequest received = as_received(sent);
        AuthOutcome outcome = verifier.verify(received);
        ASSERT_TRUE(outcome.ok()) << auth_failure_name(outcome.failure().failure) << ": "
                                  << outcome.failure().message << "\n--- verifier's canonical:\n"
                                  << outcome.failure().canonical_request;
        EXPECT_EQ(outcome.caller().region, "eu-west-1");
        EXPECT_EQ(outcome.caller().service, service);
    }

    void expect_refused(const awsclient::HttpRequest& sent) {
        AuthOutcome outcome = verifier.verify(as_received(sent));
        ASSERT_FALSE(outcome.ok());
        EXPECT_TRUE(outcome.failure().failure == AuthFailure::kSignatureMismatch ||
                    outcome.failure().failure == AuthFailure::kPayloadHashMismatch)
            << auth_failure_name(outcome.failure().failure);
    }

    std::unique_ptr<awsclient::S3Client> s3_client() {
        awsclient::S3ClientOptions options;
        options.endpoint_url = "http://127.0.0.1:4566";
        options.region = "eu-west-1";
        return std::move(awsclient::S3Client::create(options, Credentials{}, clock)).value();
    }
};

TEST_F(AwsClientSigning, S3GetObjectWithAwkwardKeys) {
    auto client = s3_client();
    for (const std::string key : {
             "AWSLogs/111122223333/CloudTrail/eu-west-1/2024/05/01/"
             "111122223333_CloudTrail_eu-west-1_20240501T0005Z_Mu0KsOhtH1ar15ZZ.json.gz",
             "a b/c+d=e&f?g#h",
             "unicode/\xC3\xA9\xE2\x82\xAC/\xF0\x9F\x98\x80",
             "tilde~/x(1)!*'$,;:@",
             "double//slash/",
             "dot/./and/../segments",
             "percent%2Fliteral%",
         }) {
        SCOPED_TRACE(key);
        auto request = signed_request(client->build_request("GET", "trail-bucket", key, {}), "s3");
        expect_accepted(request, "s3");
        expect_accepted(
            signed_request(client->build_request("GET", "trail-bucket", key, {}), "s3", true),
            "s3");
        auto tampered = request;
        tampered.path += "x";
        expect_refused(tampered);
    }
}

TEST_F(AwsClientSigning, S3ListObjectsV2Queries) {
    auto client = s3_client();
    QueryParams query{{"list-type", "2"},
                      {"encoding-type", "url"},
                      {"prefix", "logs/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/"},
                      {"delimiter", "/"},
                      {"continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J+wm3=="},
                      {"start-after", "a key with spaces"}};
    auto request = signed_request(client->build_request("GET", "trail-bucket", "", query), "s3");
    expect_accepted(request, "s3");
    auto tampered = request;
    tampered.query.back().second = "another key";
    expect_refused(tampered);
}

TEST_F(AwsClientSigning, S3PutWithPayloadHash) {
    auto client = s3_client();
    auto put = client->build_request("PUT", "trail-bucket", "k.json", {});
    put.body = R"({"Records":[]})";
    put.headers.push_back({"Content-Type", "application/json"});
    auto request = signed_request(put, "s3", /*temporary=*/true);
    expect_accepted(request, "s3");
    auto tampered = request;
    tampered.body = R"({"Records":[{}]})";
    expect_refused(tampered);
}

TEST_F(AwsClientSigning, QueryProtocolPostToAnotherService) {
    awsclient::HttpRequest post;
    post.method = "POST";
    post.scheme = "http";
    post.host = "127.0.0.1";
    post.port = 4566;
    post.path = "/";
    post.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
    post.body = "Action=GetCallerIdentity&Version=2011-06-15";
    for (bool temporary : {false, true}) {
        auto request = signed_request(post, "sts", temporary);
        expect_accepted(request, "sts");
        auto tampered = request;
        tampered.body = "Action=GetSessionToken&Version=2011-06-15";
        expect_refused(tampered);
    }
}

TEST_F(AwsClientSigning, OtherServicesNormaliseAndDoubleEncodePaths) {
    awsclient::HttpRequest get;
    get.scheme = "http";
    get.host = "127.0.0.1";
    get.port = 4566;
    get.path = "/2015-03-31/functions/" + uri_encode("my fn:alias", false) + "/./configuration";
    get.query = {{"Qualifier", "$LATEST"}};
    auto request = signed_request(get, "lambda");
    expect_accepted(request, "lambda");
}

}  // namespace
}  // namespace tripline::api::auth
