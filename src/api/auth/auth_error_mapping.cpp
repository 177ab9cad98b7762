#include "api/auth/auth_error_mapping.h"

namespace tripline::api::auth {
namespace {

constexpr std::string_view kInvalidTokenText =
    "The security token included in the request is invalid.";
constexpr std::string_view kSignatureText =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
constexpr std::string_view kMissingText = "Request is missing Authentication Token";
constexpr std::string_view kExpiredTokenText =
    "The security token included in the request is expired";

// Query protocol codes, JSON codes; rest-json uses the JSON code with query's status.
struct NonS3Row {
    std::string_view query_code;
    std::string_view json_code;
    int query_status;  // also rest-json's
    int json_status;
};

NonS3Row non_s3_row(AuthFailure failure) {
    switch (failure) {
        case AuthFailure::kMissingAuthentication:
            return {"MissingAuthenticationToken", "MissingAuthenticationTokenException", 403, 400};
        case AuthFailure::kIncompleteSignature:
            return {"IncompleteSignature", "IncompleteSignatureException", 400, 400};
        case AuthFailure::kUnsupportedSignatureVersion:
            return {"IncompleteSignature", "IncompleteSignatureException", 400, 400};
        case AuthFailure::kUnknownAccessKey:
        case AuthFailure::kInvalidToken:
            return {"InvalidClientTokenId", "UnrecognizedClientException", 403, 400};
        case AuthFailure::kExpiredToken:
            return {"ExpiredToken", "ExpiredTokenException", 400, 400};
        case AuthFailure::kSignatureMismatch:
        case AuthFailure::kRequestTimeTooSkewed:
        case AuthFailure::kRequestExpired:
        case AuthFailure::kPayloadHashMismatch:
        case AuthFailure::kInvalidPayloadHash:
        case AuthFailure::kMalformedChunkedBody:
            return {"SignatureDoesNotMatch", "InvalidSignatureException", 403, 400};
    }
    return {"SignatureDoesNotMatch", "InvalidSignatureException", 403, 400};
}

std::string non_s3_message(AuthFailure failure, std::string_view detail) {
    switch (failure) {
        case AuthFailure::kMissingAuthentication:
            return std::string(kMissingText);
        case AuthFailure::kUnknownAccessKey:
        case AuthFailure::kInvalidToken:
            return std::string(kInvalidTokenText);
        case AuthFailure::kExpiredToken:
            return std::string(kExpiredTokenText);
        case AuthFailure::kSignatureMismatch:
        case AuthFailure::kPayloadHashMismatch:
            return std::string(kSignatureText);
        case AuthFailure::kIncompleteSignature:
        case AuthFailure::kUnsupportedSignatureVersion:
        case AuthFailure::kRequestTimeTooSkewed:
        case AuthFailure::kRequestExpired:
        case AuthFailure::kInvalidPayloadHash:
        case AuthFailure::kMalformedChunkedBody:
            return detail.empty() ? std::string(kSignatureText) : std::string(detail);
    }
    return std::string(kSignatureText);
}

AuthErrorResponse s3_response(AuthFailure failure, std::string_view detail) {
    switch (failure) {
        case AuthFailure::kMissingAuthentication:
            return {403, "AccessDenied", "Access Denied"};
        case AuthFailure::kIncompleteSignature:
            return {
                400,
                "AuthorizationHeaderMalformed",
                detail.empty() ? "The authorization header is malformed." : std::string(detail)};
        case AuthFailure::kUnsupportedSignatureVersion:
            return {400,
                    "InvalidRequest",
                    "The authorization mechanism you have provided is not supported. Please use "
                    "AWS4-HMAC-SHA256."};
        case AuthFailure::kUnknownAccessKey:
            return {403,
                    "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records."};
        case AuthFailure::kInvalidToken:
            return {400, "InvalidToken", "The provided token is malformed or otherwise invalid."};
        case AuthFailure::kExpiredToken:
            return {400, "ExpiredToken", "The provided token has expired."};
        case AuthFailure::kSignatureMismatch:
            return {403, "SignatureDoesNotMatch", std::string(kSignatureText)};
        case AuthFailure::kRequestTimeTooSkewed:
            return {403,
                    "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large."};
        case AuthFailure::kRequestExpired:
            return {403, "AccessDenied", "Request has expired"};
        case AuthFailure::kPayloadHashMismatch:
            return {400,
                    "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed."};
        case AuthFailure::kInvalidPayloadHash:
            return {400,
                    "InvalidArgument",
                    detail.empty() ? "x-amz-content-sha256 has an invalid value."
                                   : std::string(detail)};
        case AuthFailure::kMalformedChunkedBody:
            return {400, "IncompleteBody", "The request body terminated unexpectedly"};
    }
    return {403, "AccessDenied", "Access Denied"};
}

}  // namespace

AuthErrorResponse auth_error_response(AuthFailure failure,
                                      ProtocolFamily family,
                                      std::string_view detail) {
    if (family == ProtocolFamily::kRestXml) {
        return s3_response(failure, detail);
    }
    NonS3Row row = non_s3_row(failure);
    std::string message = non_s3_message(failure, detail);
    switch (family) {
        case ProtocolFamily::kQuery:
            return {row.query_status, std::string(row.query_code), std::move(message)};
        case ProtocolFamily::kJson:
            return {row.json_status, std::string(row.json_code), std::move(message)};
        case ProtocolFamily::kRestJson:
            return {row.query_status, std::string(row.json_code), std::move(message)};
        case ProtocolFamily::kRestXml:
            break;
    }
    return s3_response(failure, detail);
}

}  // namespace tripline::api::auth
