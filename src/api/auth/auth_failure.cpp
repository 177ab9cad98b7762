#include "api/auth/auth_failure.h"

namespace tripline::api::auth {

const char* auth_failure_name(AuthFailure failure) {
    switch (failure) {
        case AuthFailure::kMissingAuthentication:
            return "MissingAuthentication";
        case AuthFailure::kIncompleteSignature:
            return "IncompleteSignature";
        case AuthFailure::kUnsupportedSignatureVersion:
            return "UnsupportedSignatureVersion";
        case AuthFailure::kUnknownAccessKey:
            return "UnknownAccessKey";
        case AuthFailure::kInvalidToken:
            return "InvalidToken";
        case AuthFailure::kExpiredToken:
            return "ExpiredToken";
        case AuthFailure::kSignatureMismatch:
            return "SignatureMismatch";
        case AuthFailure::kRequestTimeTooSkewed:
            return "RequestTimeTooSkewed";
        case AuthFailure::kRequestExpired:
            return "RequestExpired";
        case AuthFailure::kPayloadHashMismatch:
            return "PayloadHashMismatch";
        case AuthFailure::kInvalidPayloadHash:
            return "InvalidPayloadHash";
        case AuthFailure::kMalformedChunkedBody:
            return "MalformedChunkedBody";
    }
    return "Unknown";
}

}  // namespace tripline::api::auth
