// The verifier against signatures it did not compute: AWS's published SigV4 test-suite and
// documentation examples (data/aws_published_vectors.json) and requests signed by botocore on
// this machine (data/botocore_vectors.json, from gen_sigv4_vectors.py), each also mutated into
// the failures it must be refused with.
#include <gtest/gtest.h>

#include <chrono>

#include "api/auth/chunked_payload.h"
#include "api/auth/sigv4_verifier.h"
#include "base/sha256.h"
#include "sigv4_test_support.h"

namespace tripline::api::auth {
namespace {

using namespace std::chrono_literals;
using testing::iso_time;
using testing::load_json;
using testing::request_from_json;
using testing::TestKey;
using testing::TestKeyStore;

std::string describe(const AuthOutcome& outcome) {
    if (outcome.ok()) {
        return "ok";
    }
    const auto& f = outcome.failure();
    return std::string(auth_failure_name(f.failure)) + ": " + f.message +
           (f.canonical_request.empty() ? ""
                                        : "\n--- canonical request:\n" + f.canonical_request +
                                              "\n--- string to sign:\n" + f.string_to_sign);
}

AuthFailure failure_of(const AuthOutcome& outcome) {
    EXPECT_FALSE(outcome.ok());
    return outcome.ok() ? AuthFailure::kMissingAuthentication : outcome.failure().failure;
}

TEST(PublishedVectors, EveryVectorVerifies) {
    auto doc = load_json("tests/unit/api/data/aws_published_vectors.json");
    int count = 0;
    for (const auto& v : doc.at("vectors")) {
        SCOPED_TRACE(v.at("name").get<std::string>());
        TestKeyStore store({TestKey{v.at("access_key_id"), v.at("secret"), v.at("session_token")}});
        FakeClock clock(iso_time(v.at("now")));
        SigV4Verifier verifier(store.lookup(), clock);
        HttpRequest request = request_from_json(v.at("request"));
        AuthOutcome outcome = verifier.verify(request);
        EXPECT_TRUE(outcome.ok()) << describe(outcome);

        // Same request, another secret: refused.
        TestKeyStore wrong(
            {TestKey{v.at("access_key_id"), "not-the-secret", v.at("session_token")}});
        SigV4Verifier wrong_verifier(wrong.lookup(), clock);
        EXPECT_EQ(failure_of(wrong_verifier.verify(request)), AuthFailure::kSignatureMismatch);
        ++count;
    }
    EXPECT_EQ(count, 14);
}

TEST(PublishedVectors, S3StreamingExampleChainsItsChunkSignatures) {
    auto ex = load_json("tests/unit/api/data/aws_published_vectors.json").at("streaming_example");
    std::string body;
    auto sizes = ex.at("chunk_sizes");
    auto sigs = ex.at("chunk_signatures");
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        std::size_t size = sizes[i].get<std::size_t>();
        char header[32];
        std::snprintf(header, sizeof(header), "%zx", size);
        body += std::string(header) + ";chunk-signature=" + sigs[i].get<std::string>() + "\r\n" +
                std::string(size, 'a') + "\r\n";
    }
    std::string seed = ex.at("seed_signature");
    std::string auth =
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
        "x-amz-decoded-content-length;x-amz-storage-class,Signature=" +
        seed;
    HttpRequest request;
    request.method = "PUT";
    request.target = "/examplebucket/chunkObject.txt";
    request.path = request.target;
    request.headers = {{"host", "s3.amazonaws.com"},
                       {"x-amz-date", "20130524T000000Z"},
                       {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                       {"authorization", auth},
                       {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                       {"content-encoding", "aws-chunked"},
                       {"x-amz-decoded-content-length", "66560"},
                       {"content-length", std::to_string(body.size())}};
    request.body = body;
    ASSERT_EQ(body.size(), 66824u);  // the Content-Length of the documented request

    TestKeyStore store({TestKey{ex.at("access_key_id"), ex.at("secret"), ""}});
    FakeClock clock(iso_time(ex.at("now")));
    SigV4Verifier verifier(store.lookup(), clock);
    AuthOutcome outcome = verifier.verify(request);
    ASSERT_TRUE(outcome.ok()) << describe(outcome);
    ASSERT_TRUE(outcome.caller().decoded_body.has_value());
    EXPECT_EQ(*outcome.caller().decoded_body, std::string(66560, 'a'));

    // One byte changed inside the second chunk breaks that chunk's signature.
    HttpRequest tampered = request;
    tampered.body[body.find("\r\n", body.find("400;chunk-signature=")) + 10] = 'b';
    AuthOutcome bad = verifier.verify(tampered);
    EXPECT_EQ(failure_of(bad), AuthFailure::kSignatureMismatch);
    EXPECT_NE(describe(bad).find("chunk 1"), std::string::npos) << describe(bad);

    // Truncated body: framing error.
    HttpRequest truncated = request;
    truncated.body.resize(body.size() - 10);
    EXPECT_EQ(failure_of(verifier.verify(truncated)), AuthFailure::kMalformedChunkedBody);

    // Declared decoded length disagrees.
    HttpRequest wrong_length = request;
    testing::set_header(wrong_length, "x-amz-decoded-content-length", "66561");
    // The header is signed, so this is a signature mismatch first.
    EXPECT_EQ(failure_of(verifier.verify(wrong_length)), AuthFailure::kSignatureMismatch);
}

TEST(AppendixRequests, CapturedPayloadHashesMatchTheirBodies) {
    // aws-api.md A5: the v1 CLI's PutObject of card.txt (37 bytes) with its X-Amz-Content-SHA256.
    EXPECT_EQ(sha256_hex("Credit card number: 4532015112830366\n"),
              "8c217a6b1b3ff3dc9acf43139aaf3d35df81d15e14f8a9cea33fafb5cef98e83");
    // A6: ListObjectsV2 has no body; its header is the empty-string hash.
    EXPECT_EQ(sha256_hex(""), kEmptySha256Hex);
    EXPECT_EQ(std::string(kEmptySha256Hex),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // A6: the eu-west-1 CreateBucket body is 153 bytes, as its Content-Length says.
    EXPECT_EQ(std::string("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/"
                          "2006-03-01/\"><LocationConstraint>eu-west-1</LocationConstraint>"
                          "</CreateBucketConfiguration>")
                  .size(),
              153u);
}

class BotocoreVectors : public ::testing::Test {
protected:
    void SetUp() override {
        doc_ = load_json("tests/unit/api/data/botocore_vectors.json");
        for (const auto& k : doc_.at("keys")) {
            TestKey key{k.at("access_key_id"), k.at("secret"), k.at("session_token")};
            key.account_id = k.at("account_id");
            key.principal_arn = k.at("principal_arn");
            keys_.push_back(key);
        }
        signed_at_ = iso_time(doc_.at("signed_at"));
    }

    AuthOutcome verify(const HttpRequest& request,
                       TimePoint now,
                       const std::vector<TestKey>& keys) const {
        TestKeyStore store(keys);
        FakeClock clock(now);
        SigV4Verifier verifier(store.lookup(), clock);
        return verifier.verify(request);
    }
    AuthOutcome verify(const HttpRequest& request, TimePoint now) const {
        return verify(request, now, keys_);
    }

    nlohmann::json doc_;
    std::vector<TestKey> keys_;
    TimePoint signed_at_;
};

TEST_F(BotocoreVectors, EveryRequestVerifiesAndReportsItsCaller) {
    int count = 0;
    for (const auto& v : doc_.at("vectors")) {
        SCOPED_TRACE(v.at("name").get<std::string>());
        HttpRequest request = request_from_json(v.at("request"));
        AuthOutcome outcome = verify(request, signed_at_ + 30s);
        ASSERT_TRUE(outcome.ok()) << describe(outcome);
        const auto& expect = v.at("expect");
        const AuthenticatedCaller& caller = outcome.caller();
        EXPECT_EQ(caller.service, expect.at("service").get<std::string>());
        EXPECT_EQ(caller.region, expect.at("region").get<std::string>());
        EXPECT_EQ(caller.presigned, expect.value("presigned", false));
        EXPECT_EQ(caller.session_token, expect.value("session_token", std::string()));
        EXPECT_EQ(caller.account_id, "123456789012");
        EXPECT_EQ(caller.request_time, signed_at_);
        if (expect.contains("decoded_body")) {
            ASSERT_TRUE(caller.decoded_body.has_value());
            EXPECT_EQ(*caller.decoded_body, expect.at("decoded_body").get<std::string>());
        } else {
            EXPECT_FALSE(caller.decoded_body.has_value());
        }
        ++count;
    }
    EXPECT_EQ(count, 16);
}

TEST_F(BotocoreVectors, UnsignedTrailerUploadExposesItsChecksumTrailer) {
    for (const auto& v : doc_.at("vectors")) {
        if (v.at("name") != "s3-put-object-https-unsigned-trailer") {
            continue;
        }
        AuthOutcome outcome = verify(request_from_json(v.at("request")), signed_at_);
        ASSERT_TRUE(outcome.ok()) << describe(outcome);
        ASSERT_EQ(outcome.caller().trailers.size(), 1u);
        EXPECT_EQ(outcome.caller().trailers[0].first, "x-amz-checksum-crc32");
        return;
    }
    FAIL() << "vector missing";
}

TEST_F(BotocoreVectors, WrongSecretIsASignatureMismatch) {
    for (const auto& v : doc_.at("vectors")) {
        SCOPED_TRACE(v.at("name").get<std::string>());
        auto keys = keys_;
        for (auto& k : keys) {
            k.secret += "x";
        }
        AuthOutcome outcome = verify(request_from_json(v.at("request")), signed_at_, keys);
        ASSERT_EQ(failure_of(outcome), AuthFailure::kSignatureMismatch);
        EXPECT_FALSE(outcome.failure().canonical_request.empty());
        EXPECT_FALSE(outcome.failure().string_to_sign.empty());
    }
}

TEST_F(BotocoreVectors, UnknownKeyAndForeignTokenAreRefused) {
    for (const auto& v : doc_.at("vectors")) {
        SCOPED_TRACE(v.at("name").get<std::string>());
        HttpRequest request = request_from_json(v.at("request"));
        EXPECT_EQ(failure_of(verify(request, signed_at_, {})), AuthFailure::kUnknownAccessKey);
        auto keys = keys_;
        for (auto& k : keys) {
            k.session_token = k.session_token.empty() ? "a-token-it-never-sent" : "another-token";
        }
        EXPECT_EQ(failure_of(verify(request, signed_at_, keys)), AuthFailure::kInvalidToken);
    }
}

TEST_F(BotocoreVectors, ClockSkewAndPresignedExpiry) {
    for (const auto& v : doc_.at("vectors")) {
        SCOPED_TRACE(v.at("name").get<std::string>());
        HttpRequest request = request_from_json(v.at("request"));
        bool presigned = v.at("expect").value("presigned", false);
        // Exactly at the edge of the window still passes.
        if (!presigned) {
            EXPECT_TRUE(verify(request, signed_at_ + 15min).ok());
        }
        EXPECT_TRUE(verify(request, signed_at_ - 15min).ok());
        AuthOutcome late = verify(request, signed_at_ + 15min + 1s);
        AuthOutcome early = verify(request, signed_at_ - 15min - 1s);
        EXPECT_EQ(failure_of(early), AuthFailure::kRequestTimeTooSkewed);
        if (presigned) {
            // 600 s / 3600 s URLs: valid for their lifetime, then expired, never "skewed".
            EXPECT_EQ(failure_of(verify(request, signed_at_ + 2h)), AuthFailure::kRequestExpired);
        } else {
            EXPECT_EQ(failure_of(late), AuthFailure::kRequestTimeTooSkewed);
            EXPECT_NE(late.failure().message.find("Signature expired: 20261127T101122Z is now "
                                                  "earlier than 20261127T101123Z"),
                      std::string::npos)
                << late.failure().message;
            EXPECT_NE(early.failure().message.find("Signature not yet current"), std::string::npos);
        }
    }
}

TEST_F(BotocoreVectors, TamperedBodyHeaderOrPathIsRefused) {
    for (const auto& v : doc_.at("vectors")) {
        std::string name = v.at("name");
        SCOPED_TRACE(name);
        HttpRequest original = request_from_json(v.at("request"));

        HttpRequest host = original;
        testing::set_header(host, "host", "127.0.0.1:4567");
        EXPECT_EQ(failure_of(verify(host, signed_at_)), AuthFailure::kSignatureMismatch);

        HttpRequest path = original;
        auto q = path.target.find('?');
        path.target.insert(q == std::string::npos ? path.target.size() : q, "x");
        EXPECT_EQ(failure_of(verify(path, signed_at_)), AuthFailure::kSignatureMismatch);

        if (original.body.empty()) {
            continue;
        }
        HttpRequest body = original;
        auto sha = original.headers.find("x-amz-content-sha256");
        std::string mode = sha == original.headers.end() ? "" : sha->second;
        bool streaming = mode.starts_with("STREAMING-");
        // Streaming bodies: change a payload byte of the first chunk, not the framing.
        std::size_t at = streaming ? body.body.find("\r\n") + 5 : body.body.size() - 1;
        body.body[at] ^= 0x01;
        if (mode == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
            // Nothing signs these bytes; the CRC32 trailer is the S3 layer's to check.
            EXPECT_TRUE(verify(body, signed_at_).ok());
            continue;
        }
        AuthFailure expected =
            mode.size() == 64 ? AuthFailure::kPayloadHashMismatch : AuthFailure::kSignatureMismatch;
        EXPECT_EQ(failure_of(verify(body, signed_at_)), expected);
    }
}

TEST_F(BotocoreVectors, PresignedUrlCannotBeReusedForAnotherKeyOrMethod) {
    for (const auto& v : doc_.at("vectors")) {
        if (!v.at("expect").value("presigned", false)) {
            continue;
        }
        HttpRequest request = request_from_json(v.at("request"));
        request.method = "PUT";
        EXPECT_EQ(failure_of(verify(request, signed_at_)), AuthFailure::kSignatureMismatch);
        HttpRequest extra = request_from_json(v.at("request"));
        extra.target += "&versionId=2";
        extra.query += "&versionId=2";
        EXPECT_EQ(failure_of(verify(extra, signed_at_)), AuthFailure::kSignatureMismatch);
    }
}

}  // namespace
}  // namespace tripline::api::auth
