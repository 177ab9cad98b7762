// The one place where an AuthFailure becomes the HTTP status, AWS error code and message a client
// receives, per protocol family, as aws-api.md §7 lists them (see the table in
// auth_error_mapping.cpp). All auth errors are of type "Sender".
// For CloudWatch's query-compatible JSON 1.0 (v1 CLI), map with ProtocolFamily::kQuery and send
// the code in `x-amzn-query-error: <Code>;Sender` inside a JSON body.
// Thread-safety: pure function. Errors: none; every (failure, family) pair has an answer.
#pragma once

#include <string>
#include <string_view>

#include "api/auth/auth_failure.h"
#include "api/auth/protocol_family.h"

namespace tripline::api::auth {

struct AuthErrorResponse {
    int http_status = 403;
    std::string code;     // "SignatureDoesNotMatch", "UnrecognizedClientException", …
    std::string message;  // the text AWS sends
};

// `detail` is the verifier's message (AuthFailureDetail::message); it is used where AWS's text is
// specific to the request (clock skew, malformed authorization, malformed chunked body) and
// ignored where AWS sends a fixed text.
AuthErrorResponse auth_error_response(AuthFailure failure,
                                      ProtocolFamily family,
                                      std::string_view detail = {});

}  // namespace tripline::api::auth
