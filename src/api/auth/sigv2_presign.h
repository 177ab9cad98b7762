// SigV2 query authentication for S3 presigned URLs — what the aws CLI v1's `aws s3 presign`
// produces (aws-api.md §6/A7): `?AWSAccessKeyId=AKID&Signature=<b64>&Expires=<epoch>`.
// StringToSign = METHOD\nContent-MD5\nContent-Type\nExpires\n<x-amz-* headers><resource>, where the
// resource is the raw path plus the sub-resources S3 signs (acl, uploadId, response-content-type,
// …); signature = base64(HMAC-SHA1(secret, StringToSign)). Kept beside the SigV4 verifier, which
// delegates kSigV2Presigned requests here; SigV2 Authorization headers stay unsupported.
// Thread-safety: pure apart from the lookup and the clock it is given.
#pragma once

#include <string_view>

#include "api/auth/sigv4_verifier.h"

namespace tripline::api::auth {

AuthOutcome verify_sigv2_presigned(const HttpRequest& request,
                                   std::string_view raw_target,
                                   const SecretLookup& lookup,
                                   const Clock& clock);

// The StringToSign of a SigV2 query-authenticated request (exposed for tests).
std::string sigv2_string_to_sign(const HttpRequest& request,
                                 std::string_view raw_path,
                                 std::string_view raw_query,
                                 std::string_view expires);

}  // namespace tripline::api::auth
