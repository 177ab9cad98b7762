#include "base/encoding.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "base/uri_encoding.h"

namespace tripline {
namespace {

TEST(HexEncoding, RoundTripsEveryByte) {
    std::string all;
    for (int c = 0; c < 256; ++c) {
        all.push_back(static_cast<char>(c));
    }
    std::string hex = hex_encode(all);
    EXPECT_EQ(hex.substr(0, 8), "00010203");
    EXPECT_EQ(hex.substr(hex.size() - 4), "feff");
    EXPECT_EQ(hex_decode(hex), all);
    EXPECT_EQ(hex_decode("ABcd"), std::string("\xab\xcd"));
}

TEST(HexEncoding, RejectsOddLengthsAndForeignCharacters) {
    EXPECT_FALSE(hex_decode("abc"));
    EXPECT_FALSE(hex_decode("zz"));
    EXPECT_EQ(hex_decode(""), std::string());
}

TEST(Base64Encoding, MatchesRfc4648Vectors) {
    // RFC 4648 §10.
    const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded), plain);
    }
    EXPECT_EQ(base64_decode("/+8="), std::string("\xff\xef"));
}

TEST(Base64Encoding, RejectsMalformedText) {
    EXPECT_FALSE(base64_decode("abc"));       // length
    EXPECT_FALSE(base64_decode("ab=c"));      // padding inside
    EXPECT_FALSE(base64_decode("a==="));      // too much padding
    EXPECT_FALSE(base64_decode("ab$d"));      // foreign character
    EXPECT_FALSE(base64_decode("Zg==Zg=="));  // padding before the last group
}

TEST(Sha256, MatchesKnownDigests) {
    EXPECT_EQ(sha256_hex(""), kEmptySha256Hex);
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231 test case 2.
    EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(Sha256, DerivesTheSigV4SigningKeyOfAwsExample) {
    // The example of AWS's "Calculate the signature for AWS Signature Version 4" page.
    Sha256Digest key = derive_sigv4_signing_key(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
    EXPECT_EQ(to_hex(key), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(UriEncoding, EncodesAsSigV4Wants) {
    EXPECT_EQ(uri_encode("a b+c~d_e.f-g/h", false), "a%20b%2Bc~d_e.f-g%2Fh");
    EXPECT_EQ(uri_encode("a/b", true), "a/b");
    EXPECT_EQ(uri_encode("\xc3\xa9", false), "%C3%A9");
    EXPECT_EQ(percent_decode("a%2fb%2Fc%zz+"), "a/b/c%zz+");
}

TEST(UriEncoding, QueriesDecodeAndEncodeSorted) {
    QueryParams params = decode_query("b=2&&a=1&c&a=%20");
    ASSERT_EQ(params.size(), 4u);
    EXPECT_EQ(params[2], (std::pair<std::string, std::string>{"c", ""}));
    EXPECT_EQ(encode_query(params), "a=%20&a=1&b=2&c=");
}

TEST(UriEncoding, NormalizesPaths) {
    EXPECT_EQ(normalize_path(""), "/");
    EXPECT_EQ(normalize_path("//a/./b/../c/"), "/a/c/");
    EXPECT_EQ(normalize_path("/.."), "/");
    EXPECT_EQ(normalize_path("/a//b"), "/a/b");
}

}  // namespace
}  // namespace tripline
