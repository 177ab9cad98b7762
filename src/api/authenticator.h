// Authenticator: turns a request's signature into the Principal that made it, or into the
// authentication error AWS gives for the request's protocol (aws-api.md §7). The SigV4
// implementation lives in api/auth/; tests may substitute their own. Thread-safety: authenticate()
// is called concurrently.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "api/api_error.h"
#include "api/http_server.h"
#include "api/principal.h"
#include "api/protocol.h"

namespace tripline::api {

struct AuthenticatedCaller {
    Principal principal;
    // Set when the payload had to be decoded to be verified (S3 aws-chunked uploads).
    std::optional<std::string> decoded_body;
};

using AuthResult = std::variant<AuthenticatedCaller, ApiError>;

class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual AuthResult authenticate(const HttpRequest& request,
                                    Protocol protocol,
                                    const std::string& service) = 0;
};

}  // namespace tripline::api
