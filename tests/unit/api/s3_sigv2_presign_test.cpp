#include <gtest/gtest.h>

#include "api/auth/sigv2_presign.h"
#include "sigv4_test_support.h"

namespace tripline::api::auth {
namespace {

using testing::TestKey;
using testing::TestKeyStore;

constexpr const char* kAkid = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

HttpRequest presigned(const std::string& path, const std::string& query) {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    r.query = query;
    r.target = path + "?" + query;
    r.headers.emplace("host", "127.0.0.1:4566");
    return r;
}

class SigV2PresignTest : public ::testing::Test {
protected:
    TestKeyStore keys_{{TestKey{kAkid, kSecret, ""}}};
    FakeClock clock_{TimePoint{std::chrono::seconds{1175139000}}};
};

// AWS's documented example of query-string authentication (S3 developer guide, SigV2).
TEST_F(SigV2PresignTest, AcceptsTheDocumentedExample) {
    HttpRequest r = presigned("/johnsmith/photos/puppy.jpg",
                              "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature="
                              "NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D");
    AuthOutcome outcome = verify_sigv2_presigned(r, r.target, keys_.lookup(), clock_);
    ASSERT_TRUE(outcome.ok()) << outcome.failure().message;
    EXPECT_EQ(outcome.caller().access_key_id, kAkid);
    EXPECT_EQ(outcome.caller().service, "s3");
    EXPECT_TRUE(outcome.caller().presigned);
}

TEST_F(SigV2PresignTest, SignsSubResourcesAndTheRawPath) {
    HttpRequest r =
        presigned("/johnsmith/a b.txt",
                  "response-content-type=text%2Fplain&AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE"
                  "&Expires=1175139620&Signature=ImMjlfjUtBH5986%2FTCqO0tdEJRk%3D");
    r.target = "/johnsmith/a%20b.txt?" + r.query;
    EXPECT_EQ(sigv2_string_to_sign(r, "/johnsmith/a%20b.txt", r.query, "1175139620"),
              "GET\n\n\n1175139620\n/johnsmith/a%20b.txt?response-content-type=text/plain");
    AuthOutcome outcome = verify_sigv2_presigned(r, r.target, keys_.lookup(), clock_);
    EXPECT_TRUE(outcome.ok()) << outcome.failure().message;
}

TEST_F(SigV2PresignTest, RefusesWrongSignatureExpiryAndUnknownKeys) {
    HttpRequest r = presigned("/johnsmith/photos/puppy.jpg",
                              "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature="
                              "AAAAjnDzrM%2BWFzoENXmpNDUsSn8%3D");
    EXPECT_EQ(verify_sigv2_presigned(r, r.target, keys_.lookup(), clock_).failure().failure,
              AuthFailure::kSignatureMismatch);
    clock_.set(TimePoint{std::chrono::seconds{1175139621}});
    r = presigned("/johnsmith/photos/puppy.jpg",
                  "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=NpgCjnDzrM%"
                  "2BWFzoENXmpNDUsSn8%3D");
    EXPECT_EQ(verify_sigv2_presigned(r, r.target, keys_.lookup(), clock_).failure().failure,
              AuthFailure::kRequestExpired);
    r = presigned("/b/k", "AWSAccessKeyId=AKIDUNKNOWN&Expires=1175139620&Signature=x");
    EXPECT_EQ(verify_sigv2_presigned(r, r.target, keys_.lookup(), clock_).failure().failure,
              AuthFailure::kUnknownAccessKey);
    r = presigned("/b/k", "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=soon&Signature=x");
    EXPECT_EQ(verify_sigv2_presigned(r, r.target, keys_.lookup(), clock_).failure().failure,
              AuthFailure::kIncompleteSignature);
}

}  // namespace
}  // namespace tripline::api::auth
