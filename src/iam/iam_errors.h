// IAM's error codes and HTTP statuses, and the wording of its common messages.
#pragma once

#include <string>

#include "base/coded_result.h"

namespace tripline::iam {

inline CodedError iam_error(std::string code, std::string message, int status) {
    return CodedError{std::move(code), std::move(message), status};
}
inline CodedError no_such_entity(const std::string& kind, const std::string& name) {
    return iam_error(
        "NoSuchEntity", "The " + kind + " with name " + name + " cannot be found.", 404);
}
inline CodedError already_exists(const std::string& message) {
    return iam_error("EntityAlreadyExists", message, 409);
}
inline CodedError delete_conflict(const std::string& message) {
    return iam_error("DeleteConflict", message, 409);
}
inline CodedError limit_exceeded(const std::string& quota, int limit) {
    return iam_error(
        "LimitExceeded", "Cannot exceed quota for " + quota + ": " + std::to_string(limit), 409);
}
inline CodedError validation_error(const std::string& message) {
    return iam_error("ValidationError", message, 400);
}
inline CodedError invalid_input(const std::string& message) {
    return iam_error("InvalidInput", message, 400);
}

}  // namespace tripline::iam
