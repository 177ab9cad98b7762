// ApiCall: one authenticated request on its way through a service handler. The dispatcher fills the
// request side; the handler reads its input and fills what CloudTrail must record about it
// (requestParameters, responseElements, resources, data-event flags).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/http_server.h"
#include "api/principal.h"
#include "api/protocol.h"
#include "api/query_form.h"
#include "base/clock.h"

namespace tripline::api {

struct RecordedResource {
    std::string type;  // "AWS::S3::Bucket"
    std::string arn;
    std::string account_id;
};

struct ApiCall {
    const HttpRequest* http = nullptr;
    // The request body as the service must read it: http->body, or the decoded payload of an S3
    // aws-chunked upload. Borrowed from the dispatcher for the duration of handle().
    std::string_view body;
    std::string service;    // signing name: "sts"
    std::string region;     // credential-scope region
    std::string operation;  // "GetCallerIdentity"
    Protocol protocol = Protocol::kQuery;
    bool query_compatible = false;
    std::string request_id;
    TimePoint time;
    Principal principal;

    QueryForm form;                                   // query protocol input
    nlohmann::json input = nlohmann::json::object();  // JSON protocols input

    // What the record says; defaults are derived by the dispatcher when the handler leaves them.
    std::optional<nlohmann::json> request_parameters;  // default: the input (null when empty)
    nlohmann::json response_elements = nullptr;        // null for read-only calls
    std::optional<bool> read_only;                     // default: Get/List/Describe/Head → true
    bool management_event = true;
    std::string event_category = "Management";
    std::vector<RecordedResource> resources;
    nlohmann::json additional_event_data = nullptr;
};

}  // namespace tripline::api
