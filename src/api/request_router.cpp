#include "api/request_router.h"

#include "api/xml_writer.h"
#include "base/uuid.h"

namespace tripline::api {

namespace {

// The SigV4 credential scope names the service:
// "Credential=AKID/20261127/us-east-1/sts/aws4_request".
std::string service_from_authorization(const HttpRequest& request) {
    auto it = request.headers.find("authorization");
    if (it == request.headers.end()) {
        return {};
    }
    const std::string& auth = it->second;
    std::size_t cred = auth.find("Credential=");
    if (cred == std::string::npos) {
        return {};
    }
    std::size_t end = auth.find_first_of(", ", cred);
    std::string scope =
        auth.substr(cred + 11, end == std::string::npos ? std::string::npos : end - cred - 11);
    // AKID / date / region / service / aws4_request
    std::size_t pos = 0;
    for (int i = 0; i < 3 && pos != std::string::npos; ++i) {
        pos = scope.find('/', pos);
        if (pos != std::string::npos) {
            ++pos;
        }
    }
    if (pos == std::string::npos) {
        return {};
    }
    std::size_t slash = scope.find('/', pos);
    return scope.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
}

}  // namespace

RequestRouter::RequestRouter(std::string version) : version_(std::move(version)) {}

void RequestRouter::add(std::string name, Matcher matcher, HttpHandler handler) {
    routes_.push_back(Route{std::move(name), std::move(matcher), std::move(handler)});
}

HttpResponse RequestRouter::route(const HttpRequest& request) const {
    if (request.path == "/_tripline/health") {
        HttpResponse response;
        response.body = "{\"status\":\"ok\",\"version\":\"" + version_ + "\"}";
        return response;
    }
    for (const auto& r : routes_) {
        if (r.matcher(request)) {
            return r.handler(request);
        }
    }
    // No handler: answer in the query protocol's XML error shape, which every AWS SDK parses.
    std::string service = service_from_authorization(request);
    std::string message = service.empty()
                              ? "Tripline could not tell which AWS service this request is for "
                                "(no SigV4 Authorization header)"
                              : "Tripline does not serve the '" + service + "' API";
    HttpResponse response;
    response.status = 400;
    response.content_type = "text/xml";
    response.body = "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" +
                    xml_escape(message) + "</Message></Error><RequestId>" + make_uuid() +
                    "</RequestId></ErrorResponse>";
    return response;
}

}  // namespace tripline::api
