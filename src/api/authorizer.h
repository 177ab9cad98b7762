// Authorizer: the dispatcher's question after authentication - may this principal make this call?
// The IAM implementation (iam_authorizer.h) evaluates the caller's IAM policies; without an
// authorizer every authenticated call is allowed (unit tests of other layers).
// Thread-safety: decide() is called concurrently.
#pragma once

#include <optional>

#include "api/api_call.h"
#include "api/api_error.h"

namespace tripline::api {

class Authorizer {
public:
    virtual ~Authorizer() = default;
    // nullopt: allowed; otherwise the error to answer (and record) instead of calling the service.
    virtual std::optional<ApiError> decide(const ApiCall& call) = 0;
};

}  // namespace tripline::api
