#include "api/api_dispatcher.h"

#include <spdlog/spdlog.h>

#include "base/uuid.h"

namespace tripline::api {

namespace {

std::string header(const HttpRequest& request, const char* name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
}

// The service part of "AKID/20261127/us-east-1/sts/aws4_request".
std::string scope_part(std::string_view credential, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) {
        start = credential.find('/', start);
        if (start == std::string_view::npos) {
            return {};
        }
        ++start;
    }
    std::size_t end = credential.find('/', start);
    return std::string(credential.substr(start, end == std::string_view::npos ? end : end - start));
}

std::string credential_of(const HttpRequest& request) {
    std::string auth = header(request, "authorization");
    std::size_t pos = auth.find("Credential=");
    if (pos != std::string::npos) {
        std::size_t end = auth.find_first_of(", ", pos);
        return auth.substr(pos + 11, end == std::string::npos ? std::string::npos : end - pos - 11);
    }
    auto form = QueryForm::parse(request.query);
    if (form) {
        if (auto cred = form->get("X-Amz-Credential")) {
            return std::string(*cred);
        }
    }
    return {};
}

bool is_sigv2_presigned(const HttpRequest& request) {
    return request.query.find("AWSAccessKeyId=") != std::string::npos &&
           request.query.find("Signature=") != std::string::npos;
}

Protocol rpc_protocol(const HttpRequest& request) {
    std::string target = header(request, "x-amz-target");
    if (!target.empty()) {
        std::string type = header(request, "content-type");
        return type.find("json-1.0") != std::string::npos ? Protocol::kJson10 : Protocol::kJson11;
    }
    return Protocol::kQuery;
}

}  // namespace

std::string signing_service(const HttpRequest& request) {
    std::string credential = credential_of(request);
    if (!credential.empty()) {
        return scope_part(credential, 3);
    }
    if (is_sigv2_presigned(request)) {
        return "s3";
    }
    return {};
}

ApiDispatcher::ApiDispatcher(Clock& clock, Authenticator& authenticator, CallRecordSink& sink)
    : clock_(clock), authenticator_(authenticator), sink_(sink) {}

void ApiDispatcher::add_service(std::unique_ptr<Service> service) {
    std::string name(service->signing_name());
    services_[name] = std::move(service);
}

bool ApiDispatcher::serves(const HttpRequest& request) const {
    // Everything outside Tripline's own paths is an AWS call: unknown services and unsigned
    // requests still get AWS's error shape.
    return !request.path.starts_with("/_tripline/") && !request.path.starts_with("/console/");
}

HttpResponse ApiDispatcher::handle(const HttpRequest& request) {
    ApiCall call;
    call.http = &request;
    call.request_id = make_uuid();
    call.time = clock_.now();
    call.service = signing_service(request);
    std::string credential = credential_of(request);
    call.region = credential.empty() ? "us-east-1" : scope_part(credential, 2);

    auto found = services_.find(call.service);
    Service* service = found == services_.end() ? nullptr : found->second.get();
    call.protocol =
        service != nullptr && service->is_rest() ? service->rest_protocol() : rpc_protocol(request);
    call.query_compatible =
        call.protocol == Protocol::kJson10 && header(request, "x-amzn-query-mode") == "true";
    ErrorContext error_context{call.protocol,
                               call.request_id,
                               service != nullptr ? std::string(service->xml_namespace()) : "",
                               call.query_compatible,
                               request.path,
                               service != nullptr && service->ec2_dialect()};

    AuthResult auth = authenticator_.authenticate(request, call.protocol, call.service);
    if (auto* failure = std::get_if<ApiError>(&auth)) {
        // Like AWS, requests that fail authentication reach no account's trail.
        spdlog::info("rejected unauthenticated {} request from {}: {}",
                     call.service.empty() ? "unsigned" : call.service,
                     request.remote_addr,
                     failure->code);
        return render_error(*failure, error_context);
    }
    auto& caller = std::get<AuthenticatedCaller>(auth);
    call.principal = std::move(caller.principal);
    const std::string& body = caller.decoded_body ? *caller.decoded_body : request.body;
    call.body = body;

    // The operation: X-Amz-Target's last component, the Action form field, or the REST route.
    ApiError error;
    bool failed = false;
    if (service != nullptr && service->is_rest()) {
        call.operation = service->rest_operation(request);
    } else if (std::string target = header(request, "x-amz-target"); !target.empty()) {
        std::size_t dot = target.rfind('.');
        call.operation = dot == std::string::npos ? target : target.substr(dot + 1);
    }
    if (call.protocol == Protocol::kQuery) {
        auto form = QueryForm::parse(request.method == "GET" ? request.query : body);
        if (!form) {
            failed = true;
            error = ApiError{400, "MalformedQueryString", form.error().message};
        } else {
            call.form = std::move(*form);
            call.operation = std::string(call.form.get("Action").value_or(""));
        }
    } else if (call.protocol == Protocol::kJson10 || call.protocol == Protocol::kJson11 ||
               (call.protocol == Protocol::kRestJson && !body.empty())) {
        call.input = nlohmann::json::parse(body.empty() ? std::string("{}") : body, nullptr, false);
        if (call.input.is_discarded() || !call.input.is_object()) {
            failed = true;
            error = ApiError{400,
                             "SerializationException",
                             "Start of structure or map found where not expected."};
            call.input = nlohmann::json::object();
        }
    }

    HttpResponse response;
    if (!failed && service == nullptr) {
        failed = true;
        error = ApiError{
            400,
            call.protocol == Protocol::kQuery ? "InvalidAction" : "UnknownOperationException",
            "Tripline does not serve the '" + call.service + "' API"};
    } else if (!failed && call.operation.empty()) {
        failed = true;
        error = call.protocol == Protocol::kQuery
                    ? ApiError{400, "MissingAction", "Missing Action"}
                    : ApiError{400, "UnknownOperationException", "Missing operation"};
    } else if (auto denied = authorizer_ != nullptr && !failed ? authorizer_->decide(call)
                                                               : std::optional<ApiError>();
               denied) {
        failed = true;
        error = std::move(*denied);
    } else if (!failed) {
        ServiceReply reply = service->handle(call);
        if (auto* e = std::get_if<ApiError>(&reply)) {
            failed = true;
            error = std::move(*e);
        } else {
            response = std::move(std::get<HttpResponse>(reply));
        }
    }
    if (failed) {
        response = render_error(error, error_context);
    }
    std::string_view event_source = service != nullptr ? service->event_source() : "";
    std::string fallback_source = call.service + ".amazonaws.com";
    sink_.record(
        make_call_record(call,
                         service != nullptr ? event_source : std::string_view(fallback_source),
                         service != nullptr ? service->api_version() : "",
                         failed ? &error : nullptr,
                         make_uuid()));
    return response;
}

}  // namespace tripline::api
