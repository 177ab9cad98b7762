#include "api/auth/chunked_payload.h"

#include <gtest/gtest.h>

namespace tripline::api::auth {
namespace {

TEST(ChunkedPayload, DecodesUnsignedChunksWithTrailers) {
    std::string body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
    auto decoded = decode_aws_chunked(body, nullptr, false);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->payload, "hello world");
    ASSERT_EQ(decoded->trailers.size(), 1u);
    EXPECT_EQ(decoded->trailers[0].second, "AAAAAA==");
}

TEST(ChunkedPayload, RejectsBrokenFraming) {
    for (const char* bad : {
             "",
             "5\r\nhello",                // no CRLF after data, no final chunk
             "5\r\nhelloXX0\r\n\r\n",     // data not followed by CRLF
             "z\r\nhello\r\n0\r\n\r\n",   // not hex
             "ff\r\nhello\r\n0\r\n\r\n",  // size beyond the body
             "0\r\n\r\ntrailing",         // bytes after the end
             "0\r\nno-colon\r\n\r\n",     // bad trailer
             "0\r\n",                     // no final empty line
             "fffffffffffffffff\r\n",     // size overflows
         }) {
        auto decoded = decode_aws_chunked(bad, nullptr, false);
        EXPECT_FALSE(decoded) << bad;
        if (!decoded) {
            EXPECT_EQ(decoded.error().code, Errc::kInvalidArgument);
        }
    }
}

TEST(ChunkedPayload, SignedChunksNeedSignatures) {
    ChunkSignatureChain chain;
    chain.signing_key = derive_sigv4_signing_key("secret", "20261127", "us-east-1", "s3");
    chain.amz_date = "20261127T101122Z";
    chain.credential_scope = "20261127/us-east-1/s3/aws4_request";
    chain.seed_signature = std::string(64, '0');
    EXPECT_FALSE(decode_aws_chunked("5\r\nhello\r\n0\r\n\r\n", &chain, false));
    auto wrong = decode_aws_chunked("5;chunk-signature=" + std::string(64, 'a') +
                                        "\r\nhello\r\n0;chunk-signature=" + std::string(64, 'b') +
                                        "\r\n\r\n",
                                    &chain,
                                    false);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Errc::kUnauthenticated);
}

}  // namespace
}  // namespace tripline::api::auth
