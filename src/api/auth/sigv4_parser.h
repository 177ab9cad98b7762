// Parsing of SigV4 authentication data from a request, before any key is looked up:
//
//   header form (aws-api.md §6.1):
//     Authorization = "AWS4-HMAC-SHA256" 1*SP param *( *SP "," *SP param ) *SP
//     param         = "Credential=" credential | "SignedHeaders=" names | "Signature=" 64HEXLOWER
//     credential    = access-key-id "/" YYYYMMDD "/" region "/" service "/aws4_request"
//     names         = name *( ";" name )        ; lower-case header names
//   with the request time from X-Amz-Date ("YYYYMMDDTHHMMSSZ") or, when absent, the Date header,
//   and the session token from X-Amz-Security-Token.
//
//   presigned form: query parameters X-Amz-Algorithm=AWS4-HMAC-SHA256, X-Amz-Credential,
//     X-Amz-Date, X-Amz-Expires (1..604800), X-Amz-SignedHeaders, X-Amz-Signature and optionally
//     X-Amz-Security-Token, percent-encoded.
//
// Parsing is strict and bounded (header ≤ 8 KiB, ≤ 128 signed headers, token ≤ 16 KiB, ≤ 1000
// query parameters inspected); it checks syntax only. Whether the scope date matches the request
// time, the key exists and the signature is right is SigV4Verifier's job.
// Thread-safety: pure functions. Errors: Errc::kInvalidArgument with a message naming the part
// that is wrong (never echoing a signature or token).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_server.h"
#include "base/result.h"

namespace tripline::api::auth {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::int64_t kMaxPresignedExpiresSeconds = 604800;  // one week

struct SignedRequestInfo {
    std::string access_key_id;
    std::string date;     // credential scope date, "YYYYMMDD"
    std::string region;   // credential scope region, e.g. "us-east-1"
    std::string service;  // credential scope service (signing name), e.g. "sts", "s3"
    std::vector<std::string> signed_headers;  // lower-case, in the order the client listed them
    std::string signature;                    // 64 lower-case hex digits
    std::string amz_date;                     // request time as signed, "YYYYMMDDTHHMMSSZ"
    std::optional<std::int64_t> expires;      // presigned only: X-Amz-Expires in seconds
    std::string security_token;               // "" when the request carries none
    bool presigned = false;

    // "YYYYMMDD/region/service/aws4_request"
    std::string credential_scope() const;
    // "h1;h2;…" as it appears in the canonical request.
    std::string signed_headers_line() const;
};

// How a request claims to be authenticated; decides which parser applies.
enum class AuthScheme {
    kNone,            // neither an Authorization header nor auth query parameters
    kSigV4Header,     // Authorization: AWS4-HMAC-SHA256 …
    kSigV4Presigned,  // X-Amz-Algorithm / X-Amz-Credential / X-Amz-Signature in the query
    kSigV2Header,     // Authorization: AWS AKID:signature
    kSigV2Presigned,  // AWSAccessKeyId + Signature (+ Expires) in the query (v1 CLI `s3 presign`)
    kUnknownHeader,   // an Authorization header of another scheme
    kConflicting,     // both an Authorization header and presigned query parameters
};

AuthScheme detect_auth_scheme(const HttpRequest& request);

// The Authorization header value alone; amz_date and security_token are left empty.
Result<SignedRequestInfo> parse_authorization_header(std::string_view value);
// The raw (still percent-encoded) query string of a presigned request.
Result<SignedRequestInfo> parse_presigned_query(std::string_view raw_query);
// Either form, by detect_auth_scheme; fills amz_date and security_token from the headers for the
// header form. Any scheme but kSigV4Header/kSigV4Presigned is an error.
Result<SignedRequestInfo> parse_signed_request(const HttpRequest& request);

// The signing name from the credential scope, for routing before verification: "sts" from
// `Credential=AKID/20261127/us-east-1/sts/aws4_request` or from X-Amz-Credential; "s3" for SigV2
// (only S3 still accepts it); nullopt when the request names no service.
std::optional<std::string> credential_scope_service(const HttpRequest& request);

}  // namespace tripline::api::auth
