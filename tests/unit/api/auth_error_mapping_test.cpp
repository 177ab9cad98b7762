#include "api/auth/auth_error_mapping.h"

#include <gtest/gtest.h>

namespace tripline::api::auth {
namespace {

struct Row {
    AuthFailure failure;
    ProtocolFamily family;
    int status;
    const char* code;
    const char* message_start;
};

// aws-api.md §7, cell by cell.
TEST(AuthErrorMapping, MatchesTheSpecTable) {
    const char* invalid_token = "The security token included in the request is invalid.";
    const char* bad_signature = "The request signature we calculated does not match the signature";
    const Row rows[] = {
        {AuthFailure::kUnknownAccessKey,
         ProtocolFamily::kQuery,
         403,
         "InvalidClientTokenId",
         invalid_token},
        {AuthFailure::kUnknownAccessKey,
         ProtocolFamily::kJson,
         400,
         "UnrecognizedClientException",
         invalid_token},
        {AuthFailure::kUnknownAccessKey,
         ProtocolFamily::kRestJson,
         403,
         "UnrecognizedClientException",
         invalid_token},
        {AuthFailure::kUnknownAccessKey,
         ProtocolFamily::kRestXml,
         403,
         "InvalidAccessKeyId",
         "The AWS Access Key Id you provided does not exist in our records."},
        {AuthFailure::kSignatureMismatch,
         ProtocolFamily::kQuery,
         403,
         "SignatureDoesNotMatch",
         bad_signature},
        {AuthFailure::kSignatureMismatch,
         ProtocolFamily::kJson,
         400,
         "InvalidSignatureException",
         bad_signature},
        {AuthFailure::kSignatureMismatch,
         ProtocolFamily::kRestJson,
         403,
         "InvalidSignatureException",
         bad_signature},
        {AuthFailure::kSignatureMismatch,
         ProtocolFamily::kRestXml,
         403,
         "SignatureDoesNotMatch",
         bad_signature},
        {AuthFailure::kRequestTimeTooSkewed,
         ProtocolFamily::kQuery,
         403,
         "SignatureDoesNotMatch",
         "Signature expired:"},
        {AuthFailure::kRequestTimeTooSkewed,
         ProtocolFamily::kJson,
         400,
         "InvalidSignatureException",
         "Signature expired:"},
        {AuthFailure::kRequestTimeTooSkewed,
         ProtocolFamily::kRestJson,
         403,
         "InvalidSignatureException",
         "Signature expired:"},
        {AuthFailure::kRequestTimeTooSkewed,
         ProtocolFamily::kRestXml,
         403,
         "RequestTimeTooSkewed",
         "The difference between the request time and the current time is too large."},
        {AuthFailure::kMissingAuthentication,
         ProtocolFamily::kQuery,
         403,
         "MissingAuthenticationToken",
         "Request is missing Authentication Token"},
        {AuthFailure::kMissingAuthentication,
         ProtocolFamily::kJson,
         400,
         "MissingAuthenticationTokenException",
         "Request is missing Authentication Token"},
        {AuthFailure::kMissingAuthentication,
         ProtocolFamily::kRestJson,
         403,
         "MissingAuthenticationTokenException",
         "Request is missing Authentication Token"},
        {AuthFailure::kMissingAuthentication,
         ProtocolFamily::kRestXml,
         403,
         "AccessDenied",
         "Access Denied"},
        {AuthFailure::kRequestExpired,
         ProtocolFamily::kRestXml,
         403,
         "AccessDenied",
         "Request has expired"},
        {AuthFailure::kPayloadHashMismatch,
         ProtocolFamily::kRestXml,
         400,
         "XAmzContentSHA256Mismatch",
         "The provided 'x-amz-content-sha256' header"},
        {AuthFailure::kInvalidToken,
         ProtocolFamily::kQuery,
         403,
         "InvalidClientTokenId",
         invalid_token},
        {AuthFailure::kInvalidToken,
         ProtocolFamily::kRestXml,
         400,
         "InvalidToken",
         "The provided token"},
        {AuthFailure::kExpiredToken,
         ProtocolFamily::kQuery,
         400,
         "ExpiredToken",
         "The security token"},
        {AuthFailure::kIncompleteSignature,
         ProtocolFamily::kQuery,
         400,
         "IncompleteSignature",
         "detail"},
        {AuthFailure::kIncompleteSignature,
         ProtocolFamily::kRestXml,
         400,
         "AuthorizationHeaderMalformed",
         "detail"},
        {AuthFailure::kUnsupportedSignatureVersion,
         ProtocolFamily::kRestXml,
         400,
         "InvalidRequest",
         "The authorization mechanism"},
        {AuthFailure::kMalformedChunkedBody,
         ProtocolFamily::kRestXml,
         400,
         "IncompleteBody",
         "The request body"},
    };
    for (const Row& row : rows) {
        std::string detail = row.failure == AuthFailure::kRequestTimeTooSkewed
                                 ? "Signature expired: 20261127T100000Z is now earlier than …"
                                 : "detail";
        AuthErrorResponse r = auth_error_response(row.failure, row.family, detail);
        SCOPED_TRACE(std::string(auth_failure_name(row.failure)) + " / " + row.code);
        EXPECT_EQ(r.http_status, row.status);
        EXPECT_EQ(r.code, row.code);
        EXPECT_EQ(r.message.rfind(row.message_start, 0), 0u) << r.message;
    }
}

TEST(AuthErrorMapping, EveryPairHasACodeAndAStatus) {
    for (int f = 0; f <= static_cast<int>(AuthFailure::kMalformedChunkedBody); ++f) {
        for (auto family : {ProtocolFamily::kQuery,
                            ProtocolFamily::kJson,
                            ProtocolFamily::kRestJson,
                            ProtocolFamily::kRestXml}) {
            AuthErrorResponse r = auth_error_response(static_cast<AuthFailure>(f), family);
            EXPECT_FALSE(r.code.empty());
            EXPECT_FALSE(r.message.empty());
            EXPECT_TRUE(r.http_status == 400 || r.http_status == 403) << r.http_status;
        }
    }
}

}  // namespace
}  // namespace tripline::api::auth
