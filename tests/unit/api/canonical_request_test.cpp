#include "api/auth/canonical_request.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "base/uri_encoding.h"

namespace tripline::api::auth {
namespace {

TEST(UriEncoding, EncodesAllButUnreserved) {
    EXPECT_EQ(uri_encode("a b/ü~+=%", false), "a%20b%2F%C3%BC~%2B%3D%25");
    EXPECT_EQ(uri_encode("a b/ü~", true), "a%20b/%C3%BC~");
    EXPECT_EQ(uri_encode("-._~AZaz09", false), "-._~AZaz09");
}

TEST(UriEncoding, DecodesLeniently) {
    EXPECT_EQ(percent_decode("a%20b%2fc"), "a b/c");
    EXPECT_EQ(percent_decode("a+b"), "a+b");
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

TEST(CanonicalUri, NonS3NormalisesAndEncodesAgain) {
    auto style = PathCanonicalization::kNormalizeAndEncode;
    // Published suite: get-slashes, get-slash-dot-slash, get-relative-relative, get-space,
    // get-utf8.
    EXPECT_EQ(canonical_uri("//example//", style), "/example/");
    EXPECT_EQ(canonical_uri("/./", style), "/");
    EXPECT_EQ(canonical_uri("/example1/example2/../..", style), "/");
    EXPECT_EQ(canonical_uri("/./example", style), "/example");
    EXPECT_EQ(canonical_uri("/example space/", style), "/example%20space/");
    EXPECT_EQ(canonical_uri("/\xE1\x88\xB4", style), "/%E1%88%B4");
    // Raw (already encoded) paths are encoded a second time.
    EXPECT_EQ(canonical_uri("/tags/arn%3Aaws%3Ax", style), "/tags/arn%253Aaws%253Ax");
    EXPECT_EQ(canonical_uri("", style), "/");
}

TEST(CanonicalUri, S3SignsThePathAsSent) {
    auto style = PathCanonicalization::kAsSent;
    EXPECT_EQ(canonical_uri("/b/a%20key%C3%BC~", style), "/b/a%20key%C3%BC~");
    EXPECT_EQ(canonical_uri("/b//./x", style), "/b//./x");
    EXPECT_EQ(canonical_uri("", style), "/");
    EXPECT_EQ(path_canonicalization_for("s3"), style);
    EXPECT_EQ(path_canonicalization_for("sts"), PathCanonicalization::kNormalizeAndEncode);
}

TEST(CanonicalQuery, SortsAndReencodes) {
    EXPECT_EQ(canonical_query("Param2=value2&Param1=value1", false), "Param1=value1&Param2=value2");
    EXPECT_EQ(canonical_query("a=2&a=1&b", false), "a=1&a=2&b=");
    EXPECT_EQ(canonical_query("prefix=&delimiter=%2F&list-type=2", false),
              "delimiter=%2F&list-type=2&prefix=");
    EXPECT_EQ(canonical_query("q=a%20b&r=a+b&s=%7e", false), "q=a%20b&r=a%2Bb&s=~");
    EXPECT_EQ(canonical_query("\xE1\x88\xB4=bar", false), "%E1%88%B4=bar");
    EXPECT_EQ(canonical_query("X-Amz-Signature=abc&X-Amz-Date=1", true), "X-Amz-Date=1");
    EXPECT_EQ(canonical_query("X-Amz-Signature=abc", false), "X-Amz-Signature=abc");
    EXPECT_EQ(canonical_query("", false), "");
}

TEST(CanonicalHeaders, TrimsCollapsesAndJoins) {
    std::multimap<std::string, std::string> headers = {
        {"host", "example.amazonaws.com"},
        {"my-header1", " value1"},
        {"my-header2", "\"a   b   c\""},
        {"x-multi", "v2"},
        {"x-multi", " v1 "},
        {"user-agent", "not signed"},
    };
    auto text = canonical_headers(headers, {"host", "my-header1", "my-header2", "x-multi"});
    ASSERT_TRUE(text);
    EXPECT_EQ(*text,
              "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
              "x-multi:v2,v1\n");
    auto missing = canonical_headers(headers, {"host", "x-amz-date"});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("x-amz-date"), std::string::npos);
}

TEST(CanonicalRequest, IamListUsersDocumentationExample) {
    CanonicalRequest cr;
    cr.method = "GET";
    cr.uri = canonical_uri("/", PathCanonicalization::kNormalizeAndEncode);
    cr.query = canonical_query("Action=ListUsers&Version=2010-05-08", false);
    cr.headers =
        "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
        "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n";
    cr.signed_headers = "content-type;host;x-amz-date";
    cr.payload_hash = std::string(kEmptySha256Hex);
    EXPECT_EQ(sha256_hex(cr.text()),
              "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    std::string sts =
        string_to_sign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", cr.text());
    EXPECT_EQ(sts,
              "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
              "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    Sha256Digest key = derive_sigv4_signing_key(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
    EXPECT_EQ(to_hex(key), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    EXPECT_EQ(hmac_sha256_hex(key, sts),
              "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SplitTarget, PathQueryAndAbsoluteForm) {
    auto t = split_target("/a%20b?x=1&y");
    EXPECT_EQ(t.path, "/a%20b");
    EXPECT_EQ(t.query, "x=1&y");
    t = split_target("http://127.0.0.1:4566/b/k?list-type=2#frag");
    EXPECT_EQ(t.path, "/b/k");
    EXPECT_EQ(t.query, "list-type=2");
    t = split_target("/only");
    EXPECT_EQ(t.query, "");
}

TEST(Crypto, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

}  // namespace
}  // namespace tripline::api::auth
