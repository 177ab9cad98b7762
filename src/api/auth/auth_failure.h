// AuthFailure: why a request failed authentication, independent of the wire protocol. The
// verifier produces it; auth_error_mapping.h turns it into the status, code and message AWS would
// send for the request's protocol family.
// Thread-safety: plain enum and a pure function. Errors: none.
#pragma once

namespace tripline::api::auth {

enum class AuthFailure {
    kMissingAuthentication,        // no Authorization header and no presigned query parameters
    kIncompleteSignature,          // malformed Authorization header / presigned parameters
    kUnsupportedSignatureVersion,  // SigV2 or an unknown scheme (only AWS4-HMAC-SHA256 verified)
    kUnknownAccessKey,             // the access key id is not known
    kInvalidToken,                 // the session token does not belong to the access key
    kExpiredToken,                 // the session token is known but expired
    kSignatureMismatch,            // the recomputed signature differs (incl. chunk signatures)
    kRequestTimeTooSkewed,         // request time more than 15 minutes from now
    kRequestExpired,               // presigned URL used after X-Amz-Date + X-Amz-Expires
    kPayloadHashMismatch,          // x-amz-content-sha256 differs from the body's SHA-256
    kInvalidPayloadHash,           // x-amz-content-sha256 is neither a hash nor a known keyword
    kMalformedChunkedBody,         // aws-chunked framing broken or decoded length wrong
};

// "kSignatureMismatch" → "SignatureMismatch"; for logs and test output.
const char* auth_failure_name(AuthFailure failure);

}  // namespace tripline::api::auth
