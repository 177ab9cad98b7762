// Verifier edge cases on requests signed here with the module's own canonicalisation (its
// correctness against independent signers is sigv4_vectors_test.cpp's subject).
#include "api/auth/sigv4_verifier.h"

#include <gtest/gtest.h>

#include "api/auth/canonical_request.h"
#include "base/sha256.h"
#include "sigv4_test_support.h"

namespace tripline::api::auth {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAkid = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

// Signs `r` (header form) over the listed headers, which must be present.
void sign(HttpRequest& r,
          const std::string& service,
          const std::string& amz_date,
          const std::vector<std::string>& signed_headers,
          const std::string& payload_hash) {
    std::string date = amz_date.substr(0, 8);
    CanonicalRequest cr;
    RawTarget t = split_target(r.target);
    cr.method = r.method;
    cr.uri = canonical_uri(t.path, path_canonicalization_for(service));
    cr.query = canonical_query(t.query, false);
    cr.headers = *canonical_headers(r.headers, signed_headers);
    for (const auto& h : signed_headers) {
        cr.signed_headers += (cr.signed_headers.empty() ? "" : ";") + h;
    }
    cr.payload_hash = payload_hash;
    std::string scope = date + "/us-east-1/" + service + "/aws4_request";
    std::string sig = hmac_sha256_hex(derive_sigv4_signing_key(kSecret, date, "us-east-1", service),
                                      string_to_sign(amz_date, scope, cr.text()));
    r.headers.emplace("authorization",
                      "AWS4-HMAC-SHA256 Credential=" + std::string(kAkid) + "/" + scope +
                          ", SignedHeaders=" + cr.signed_headers + ", Signature=" + sig);
}

class VerifierTest : public ::testing::Test {
protected:
    VerifierTest()
        : store_({testing::TestKey{kAkid, kSecret, ""}}),
          clock_(testing::iso_time("2026-11-27T10:11:22Z")),
          verifier_(store_.lookup(), clock_) {}

    HttpRequest sts_request() const {
        HttpRequest r;
        r.method = "POST";
        r.target = "/";
        r.path = "/";
        r.body = "Action=GetCallerIdentity&Version=2011-06-15";
        r.headers = {{"host", "127.0.0.1:4566"},
                     {"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"x-amz-date", "20261127T101122Z"}};
        return r;
    }

    testing::TestKeyStore store_;
    FakeClock clock_;
    SigV4Verifier verifier_;
};

TEST_F(VerifierTest, AcceptsAndDescribesTheCaller) {
    HttpRequest r = sts_request();
    sign(r, "sts", "20261127T101122Z", {"content-type", "host", "x-amz-date"}, sha256_hex(r.body));
    AuthOutcome outcome = verifier_.verify(r);
    ASSERT_TRUE(outcome.ok()) << outcome.failure().message;
    EXPECT_EQ(outcome.caller().access_key_id, kAkid);
    EXPECT_EQ(outcome.caller().principal_arn, "arn:aws:iam::123456789012:user/alice");
    EXPECT_EQ(outcome.caller().service, "sts");
}

TEST_F(VerifierTest, MissingAndUnsupportedAuthentication) {
    HttpRequest r = sts_request();
    EXPECT_EQ(verifier_.verify(r).failure().failure, AuthFailure::kMissingAuthentication);
    r.headers.emplace("authorization", "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=");
    EXPECT_EQ(verifier_.verify(r).failure().failure, AuthFailure::kUnsupportedSignatureVersion);
    HttpRequest v2 = sts_request();
    v2.query = "AWSAccessKeyId=AKID&Signature=abc%3D&Expires=1795333185";
    v2.target = "/?" + v2.query;
    EXPECT_EQ(verifier_.verify(v2).failure().failure, AuthFailure::kUnsupportedSignatureVersion);
}

TEST_F(VerifierTest, MalformedAuthorizationIsIncompleteSignature) {
    HttpRequest r = sts_request();
    r.headers.emplace("authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/sts");
    AuthOutcome outcome = verifier_.verify(r);
    EXPECT_EQ(outcome.failure().failure, AuthFailure::kIncompleteSignature);
    EXPECT_NE(outcome.failure().message.find("credential"), std::string::npos);
}

TEST_F(VerifierTest, ScopeDateMustMatchTheRequestDate) {
    HttpRequest r = sts_request();
    sign(r, "sts", "20261126T101122Z", {"content-type", "host", "x-amz-date"}, sha256_hex(r.body));
    AuthOutcome outcome = verifier_.verify(r);
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.failure().failure, AuthFailure::kSignatureMismatch);
    EXPECT_NE(outcome.failure().message.find("Date in Credential scope"), std::string::npos);
}

TEST_F(VerifierTest, DateHeaderInsteadOfXAmzDate) {
    HttpRequest r = sts_request();
    r.headers.erase("x-amz-date");
    r.headers.emplace("date", "Fri, 27 Nov 2026 10:11:22 GMT");
    sign(r, "sts", "20261127T101122Z", {"content-type", "date", "host"}, sha256_hex(r.body));
    AuthOutcome outcome = verifier_.verify(r);
    EXPECT_TRUE(outcome.ok()) << outcome.failure().message;
}

TEST_F(VerifierTest, SignedHeaderMissingFromTheRequest) {
    HttpRequest r = sts_request();
    r.headers.emplace("x-amz-target", "AWSEvents.PutRule");
    sign(r,
         "events",
         "20261127T101122Z",
         {"host", "x-amz-date", "x-amz-target"},
         sha256_hex(r.body));
    r.headers.erase("x-amz-target");
    AuthOutcome outcome = verifier_.verify(r);
    EXPECT_EQ(outcome.failure().failure, AuthFailure::kSignatureMismatch);
    EXPECT_NE(outcome.failure().message.find("x-amz-target"), std::string::npos);
}

TEST_F(VerifierTest, PayloadHashVariants) {
    HttpRequest r;
    r.method = "PUT";
    r.target = "/b/k";
    r.path = "/b/k";
    r.body = "data";
    r.headers = {{"host", "h"}, {"x-amz-date", "20261127T101122Z"}};

    HttpRequest unsigned_payload = r;
    unsigned_payload.headers.emplace("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    sign(unsigned_payload,
         "s3",
         "20261127T101122Z",
         {"host", "x-amz-content-sha256", "x-amz-date"},
         "UNSIGNED-PAYLOAD");
    unsigned_payload.body = "anything at all";
    EXPECT_TRUE(verifier_.verify(unsigned_payload).ok());

    HttpRequest upper = r;
    std::string hash = sha256_hex(r.body);
    for (char& c : hash) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    upper.headers.emplace("x-amz-content-sha256", hash);
    sign(upper, "s3", "20261127T101122Z", {"host", "x-amz-content-sha256", "x-amz-date"}, hash);
    EXPECT_TRUE(verifier_.verify(upper).ok());

    HttpRequest bogus = r;
    bogus.headers.emplace("x-amz-content-sha256", "SOMETHING-ELSE");
    sign(bogus,
         "s3",
         "20261127T101122Z",
         {"host", "x-amz-content-sha256", "x-amz-date"},
         "SOMETHING-ELSE");
    EXPECT_EQ(verifier_.verify(bogus).failure().failure, AuthFailure::kInvalidPayloadHash);

    HttpRequest twice = unsigned_payload;
    twice.headers.emplace("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    EXPECT_EQ(verifier_.verify(twice).failure().failure, AuthFailure::kInvalidPayloadHash);
}

TEST_F(VerifierTest, RebuildsTheTargetWhenNotGiven) {
    HttpRequest r;
    r.method = "GET";
    r.target = "/b/a%20key~%C3%BC";
    r.path = "/b/a key~\xC3\xBC";
    r.headers = {{"host", "h"}, {"x-amz-date", "20261127T101122Z"}};
    sign(r, "s3", "20261127T101122Z", {"host", "x-amz-date"}, sha256_hex(""));
    r.target.clear();
    EXPECT_TRUE(verifier_.verify(r).ok());
    // An explicit raw target wins over the decoded path.
    EXPECT_EQ(verifier_.verify(r, "/b/a+key").failure().failure, AuthFailure::kSignatureMismatch);
}

TEST_F(VerifierTest, ExpiredTokenFromTheLookup) {
    SigV4Verifier verifier(
        [](std::string_view, std::string_view) {
            return KeyLookupResult{KeyLookupStatus::kExpiredToken, {}};
        },
        clock_);
    HttpRequest r = sts_request();
    sign(r, "sts", "20261127T101122Z", {"content-type", "host", "x-amz-date"}, sha256_hex(r.body));
    AuthOutcome outcome = verifier.verify(r);
    EXPECT_EQ(outcome.failure().failure, AuthFailure::kExpiredToken);
    EXPECT_EQ(outcome.failure().access_key_id, kAkid);
}

}  // namespace
}  // namespace tripline::api::auth
