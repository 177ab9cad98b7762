// ApiError: a failed call as AWS reports it (HTTP status, error code, message), and its rendering
// in the shape of the request's protocol (aws-api.md §5). AWS error names are produced only in
// api/.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "api/http_server.h"
#include "api/protocol.h"
#include "base/result.h"

namespace tripline::api {

struct ApiError {
    ApiError() = default;
    ApiError(int status_code,
             std::string error_code,
             std::string error_message,
             bool is_sender = true)
        : status(status_code),
          code(std::move(error_code)),
          message(std::move(error_message)),
          sender(is_sender) {}

    int status = 400;
    std::string code;     // "InvalidClientTokenId", "ResourceNotFoundException"
    std::string message;  // what the CLI prints after the code
    bool sender = true;   // <Type>Sender</Type> (client fault) or Receiver (server fault)
    // For JSON 1.0 in query-compatible mode (CloudWatch via CLI v1): the query code to put in the
    // x-amzn-query-error header; empty means `code`.
    std::string query_code;
    // rest-xml (S3): the error's own elements after <Message>, e.g. {"Key", "a.txt"} or
    // {"BucketName", "b"}; when present they replace the generic <Resource>.
    std::vector<std::pair<std::string, std::string>> details;
};

struct ErrorContext {
    Protocol protocol = Protocol::kQuery;
    std::string request_id;
    std::string xml_namespace;      // query protocol: the service's namespace
    bool query_compatible = false;  // JSON 1.0 request carrying x-amzn-query-mode: true
    std::string resource;           // S3: the <Resource> (path) of the request
    bool ec2 = false;               // query protocol in EC2's dialect: <Response><Errors><Error>…
};

HttpResponse render_error(const ApiError& error, const ErrorContext& context);

// Maps a module-level Error to the generic AWS error for it (services usually build their own).
ApiError api_error_from(const Error& error);

}  // namespace tripline::api
