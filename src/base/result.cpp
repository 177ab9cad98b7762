#include "base/result.h"

namespace tripline {

const char* errc_name(Errc code) {
    switch (code) {
        case Errc::kInvalidArgument:
            return "invalid_argument";
        case Errc::kNotFound:
            return "not_found";
        case Errc::kAlreadyExists:
            return "already_exists";
        case Errc::kFailedPrecondition:
            return "failed_precondition";
        case Errc::kLimitExceeded:
            return "limit_exceeded";
        case Errc::kPermissionDenied:
            return "permission_denied";
        case Errc::kUnauthenticated:
            return "unauthenticated";
        case Errc::kUnavailable:
            return "unavailable";
        case Errc::kIo:
            return "io";
        case Errc::kInternal:
            return "internal";
    }
    return "unknown";
}

std::string Error::to_string() const {
    if (!where) {
        return message;
    }
    return where->to_string() + ": " + message;
}

}  // namespace tripline
