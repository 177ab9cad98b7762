#include "api/auth/sigv4_parser.h"

#include <gtest/gtest.h>

namespace tripline::api::auth {
namespace {

constexpr const char* kSig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

std::string header(const std::string& credential,
                   const std::string& signed_headers = "host;x-amz-date",
                   const std::string& signature = kSig) {
    return "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + signed_headers +
           ", Signature=" + signature;
}

TEST(SigV4Parser, ParsesTheAuthorizationHeader) {
    auto info = parse_authorization_header(
        header("AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/sts/aws4_request",
               "content-type;host;x-amz-date"));
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->access_key_id, "AKIAIOSFODNN7EXAMPLE");
    EXPECT_EQ(info->date, "20261127");
    EXPECT_EQ(info->region, "us-east-1");
    EXPECT_EQ(info->service, "sts");
    EXPECT_EQ(info->signed_headers,
              (std::vector<std::string>{"content-type", "host", "x-amz-date"}));
    EXPECT_EQ(info->signature, kSig);
    EXPECT_FALSE(info->presigned);
    EXPECT_EQ(info->credential_scope(), "20261127/us-east-1/sts/aws4_request");
    EXPECT_EQ(info->signed_headers_line(), "content-type;host;x-amz-date");
}

TEST(SigV4Parser, AcceptsCommasWithoutSpacesAndAnyParameterOrder) {
    auto info = parse_authorization_header(
        "AWS4-HMAC-SHA256 Signature=" + std::string(kSig) +
        ",SignedHeaders=host,Credential=AKID/20130524/us-east-1/s3/aws4_request");
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->service, "s3");
}

TEST(SigV4Parser, RejectsMalformedHeadersWithClearMessages) {
    struct Case {
        std::string value;
        std::string message_part;
    };
    std::vector<Case> cases = {
        {"AWS4-HMAC-SHA256", "does not start with"},
        {"AWS4-HMAC-SHA1 Credential=a", "does not start with"},
        {header("AKID/20261127/us-east-1/sts"), "credential must have the form"},
        {header("AKID/20261127/us-east-1/sts/aws4_request/x"), "credential must have the form"},
        {header("AKID/20261127/us-east-1/sts/aws5_request"), "aws4_request"},
        {header("AKID/20261131/us-east-1/sts/aws4_request"), "YYYYMMDD"},
        {header("AKID/20261127/US-EAST-1/sts/aws4_request"), "region"},
        {header("AKID/20261127/us-east-1//aws4_request"), "service"},
        {header("/20261127/us-east-1/sts/aws4_request"), "access key id"},
        {header("AK ID/20261127/us-east-1/sts/aws4_request"), "access key id"},
        {header("AKID/20261127/us-east-1/sts/aws4_request", "Host;x-amz-date"), "lower-case"},
        {header("AKID/20261127/us-east-1/sts/aws4_request", "host;;x-amz-date"), "empty"},
        {header("AKID/20261127/us-east-1/sts/aws4_request", "x-amz-date"), "'host' must be"},
        {header("AKID/20261127/us-east-1/sts/aws4_request", "host;host"), "listed twice"},
        {header("AKID/20261127/us-east-1/sts/aws4_request", "host", "abc"), "64 lower-case hex"},
        {header("AKID/20261127/us-east-1/sts/aws4_request", "host", std::string(64, 'A')),
         "64 lower-case hex"},
        {"AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/sts/aws4_request, SignedHeaders=host",
         "lacks Signature"},
        {header("AKID/20261127/us-east-1/sts/aws4_request") + ", Signature=" + kSig, "repeats"},
        {header("AKID/20261127/us-east-1/sts/aws4_request") + ", Foo=bar", "unknown parameter"},
        {header("AKID/20261127/us-east-1/sts/aws4_request") + ", junk", "without '='"},
        {"AWS4-HMAC-SHA256 " + std::string(9000, 'x'), "longer than"},
    };
    for (const auto& c : cases) {
        auto info = parse_authorization_header(c.value);
        ASSERT_FALSE(info) << c.value;
        EXPECT_EQ(info.error().code, Errc::kInvalidArgument);
        EXPECT_NE(info.error().message.find(c.message_part), std::string::npos)
            << c.value.substr(0, 120) << " → " << info.error().message;
    }
}

TEST(SigV4Parser, ParsesPresignedQuery) {
    auto info = parse_presigned_query(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261127%2Fus-east-1%2Fs3%2F"
        "aws4_request&X-Amz-Date=20261127T101122Z&X-Amz-Expires=600&X-Amz-SignedHeaders=host&"
        "X-Amz-Security-Token=tok%2Fen%3D&X-Amz-Signature=" +
        std::string(kSig) + "&versionId=3");
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_TRUE(info->presigned);
    EXPECT_EQ(info->access_key_id, "AKID");
    EXPECT_EQ(info->service, "s3");
    EXPECT_EQ(info->amz_date, "20261127T101122Z");
    EXPECT_EQ(info->expires, 600);
    EXPECT_EQ(info->security_token, "tok/en=");
}

TEST(SigV4Parser, RejectsBadPresignedQueries) {
    std::string base =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261127%2Fus-east-1%2Fs3%2F"
        "aws4_request&X-Amz-Date=20261127T101122Z&X-Amz-SignedHeaders=host&X-Amz-Signature=" +
        std::string(kSig);
    EXPECT_NE(parse_presigned_query(base).error().message.find("missing: X-Amz-Expires"),
              std::string::npos);
    EXPECT_FALSE(parse_presigned_query(base + "&X-Amz-Expires=0"));
    EXPECT_FALSE(parse_presigned_query(base + "&X-Amz-Expires=604801"));
    EXPECT_FALSE(parse_presigned_query(base + "&X-Amz-Expires=60s"));
    EXPECT_TRUE(parse_presigned_query(base + "&X-Amz-Expires=604800"));
    EXPECT_NE(parse_presigned_query(base + "&X-Amz-Expires=1&X-Amz-Date=20261127T101122Z")
                  .error()
                  .message.find("more than once"),
              std::string::npos);
    std::string sha1 = base + "&X-Amz-Expires=1";
    sha1.replace(sha1.find("SHA256"), 6, "SHA1");
    EXPECT_FALSE(parse_presigned_query(sha1));
}

HttpRequest request_with(std::multimap<std::string, std::string> headers, std::string query = "") {
    HttpRequest r;
    r.method = "GET";
    r.path = "/";
    r.target = query.empty() ? "/" : "/?" + query;
    r.query = std::move(query);
    r.headers = std::move(headers);
    return r;
}

TEST(SigV4Parser, DetectsTheScheme) {
    EXPECT_EQ(detect_auth_scheme(request_with({})), AuthScheme::kNone);
    EXPECT_EQ(detect_auth_scheme(
                  request_with({{"authorization", header("A/20261127/r/s/aws4_request")}})),
              AuthScheme::kSigV4Header);
    EXPECT_EQ(detect_auth_scheme(request_with({{"authorization", "AWS AKID:c2lnbmF0dXJl"}})),
              AuthScheme::kSigV2Header);
    EXPECT_EQ(detect_auth_scheme(request_with({{"authorization", "Bearer x"}})),
              AuthScheme::kUnknownHeader);
    EXPECT_EQ(detect_auth_scheme(request_with({}, "X-Amz-Algorithm=AWS4-HMAC-SHA256")),
              AuthScheme::kSigV4Presigned);
    EXPECT_EQ(detect_auth_scheme(request_with({}, "AWSAccessKeyId=A&Signature=s&Expires=1")),
              AuthScheme::kSigV2Presigned);
    EXPECT_EQ(detect_auth_scheme(
                  request_with({{"authorization", "AWS4-HMAC-SHA256 x"}}, "X-Amz-Signature=1")),
              AuthScheme::kConflicting);
    // A parameter whose name merely contains the word does not count.
    EXPECT_EQ(detect_auth_scheme(request_with({}, "prefix=X-Amz-Signature")), AuthScheme::kNone);
}

TEST(SigV4Parser, RequestFormTakesDateAndTokenFromHeaders) {
    auto r = request_with({{"authorization", header("AKID/20261127/us-east-1/sts/aws4_request")},
                           {"date", "Fri, 27 Nov 2026 10:11:22 GMT"},
                           {"x-amz-security-token", "session"}});
    auto info = parse_signed_request(r);
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->amz_date, "20261127T101122Z");
    EXPECT_EQ(info->security_token, "session");

    r.headers.emplace("x-amz-date", "20261127T111111Z");
    info = parse_signed_request(r);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->amz_date, "20261127T111111Z");  // X-Amz-Date wins over Date

    r.headers.emplace("x-amz-date", "20261127T111111Z");
    EXPECT_NE(parse_signed_request(r).error().message.find("more than once"), std::string::npos);

    auto no_date =
        request_with({{"authorization", header("AKID/20261127/us-east-1/sts/aws4_request")}});
    EXPECT_NE(parse_signed_request(no_date).error().message.find("'X-Amz-Date' or a 'Date'"),
              std::string::npos);
}

TEST(SigV4Parser, CredentialScopeServiceForRouting) {
    EXPECT_EQ(credential_scope_service(request_with(
                  {{"authorization", header("AKID/20261127/us-east-1/monitoring/aws4_request")}})),
              "monitoring");
    EXPECT_EQ(credential_scope_service(request_with(
                  {}, "X-Amz-Credential=AKID%2F20261127%2Fus-east-1%2Fs3%2Faws4_request")),
              "s3");
    EXPECT_EQ(credential_scope_service(request_with({}, "AWSAccessKeyId=A&Signature=s&Expires=1")),
              "s3");
    EXPECT_EQ(credential_scope_service(request_with({})), std::nullopt);
    EXPECT_EQ(credential_scope_service(request_with({{"authorization", "AWS4-HMAC-SHA256 junk"}})),
              std::nullopt);
}

}  // namespace
}  // namespace tripline::api::auth
