// Service: one AWS service's handler (api/services/<service>/). The dispatcher authenticates, finds
// the operation and calls handle(); the service answers in its protocol's shape, or with an
// ApiError that the dispatcher renders. Services call domain modules; they never touch SQLite
// directly. Thread-safety: handle() runs concurrently on API worker threads.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "api/api_call.h"
#include "api/api_error.h"

namespace tripline::api {

using ServiceReply = std::variant<HttpResponse, ApiError>;

class Service {
public:
    virtual ~Service() = default;
    virtual std::string_view signing_name() const = 0;  // "sts"
    virtual std::string_view event_source() const = 0;  // "sts.amazonaws.com"
    virtual std::string_view api_version() const = 0;   // "2011-06-15"
    virtual std::string_view xml_namespace() const { return {}; }
    // The query protocol in EC2's dialect: no <OpResult>/ResponseMetadata, errors as
    // <Response><Errors><Error>…</Errors><RequestID>.
    virtual bool ec2_dialect() const { return false; }
    // Services whose requests carry no Action/X-Amz-Target (REST) say which protocol and operation.
    virtual bool is_rest() const { return false; }
    virtual Protocol rest_protocol() const { return Protocol::kRestJson; }
    virtual std::string rest_operation(const HttpRequest&) const { return {}; }

    virtual ServiceReply handle(ApiCall& call) = 0;
};

// The success reply of a query-protocol operation:
// <OpResponse
// xmlns=…><OpResult>result_xml</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>
// `has_result` false omits the <OpResult> element (operations without output).
HttpResponse query_reply(const ApiCall& call,
                         std::string_view xml_namespace,
                         std::string_view result_xml,
                         bool has_result = true);

// The success reply of a JSON-protocol operation.
HttpResponse json_reply(const ApiCall& call, const nlohmann::json& body, int status = 200);

}  // namespace tripline::api
