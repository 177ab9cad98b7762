#include "api/call_recorder.h"

#include <array>

namespace tripline::api {

namespace {

constexpr std::size_t kMaxUserAgentBytes = 1024;
constexpr std::size_t kMaxRequestParametersBytes = 100 * 1024;

std::string header(const HttpRequest& request, const char* name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
}

event::UserIdentity user_identity(const Principal& p) {
    event::UserIdentity id;
    id.type = p.type;
    id.principal_id = p.principal_id;
    id.arn = p.arn;
    id.account_id = p.account_id;
    if (!p.access_key_id.empty()) {
        id.access_key_id = p.access_key_id;
    }
    if (!p.user_name.empty()) {
        id.user_name = p.user_name;
    }
    if (p.type == "AssumedRole" && !p.session_issuer_arn.empty()) {
        event::SessionContext context;
        event::SessionIssuer issuer;
        issuer.type = "Role";
        issuer.principal_id = p.session_issuer_id;
        issuer.arn = p.session_issuer_arn;
        issuer.account_id = p.account_id;
        issuer.user_name = p.session_issuer_name;
        context.session_issuer = std::move(issuer);
        context.web_id_federation_data = "{}";
        event::SessionAttributes attributes;
        if (p.session_created) {
            attributes.creation_date = format_iso8601(*p.session_created);
        }
        attributes.mfa_authenticated = p.mfa_authenticated ? "true" : "false";
        context.attributes = std::move(attributes);
        id.session_context = std::move(context);
    } else if (p.session_created && p.type != "AssumedRole") {
        // A user's or root's temporary credentials (GetSessionToken): attributes, no issuer.
        event::SessionContext context;
        event::SessionAttributes attributes;
        attributes.creation_date = format_iso8601(*p.session_created);
        attributes.mfa_authenticated = p.mfa_authenticated ? "true" : "false";
        context.attributes = std::move(attributes);
        id.session_context = std::move(context);
    }
    return id;
}

}  // namespace

bool is_read_only_operation(std::string_view operation) {
    static constexpr std::array<std::string_view, 6> kPrefixes = {
        "Get", "List", "Describe", "Head", "Lookup", "Test"};
    for (std::string_view prefix : kPrefixes) {
        if (operation.starts_with(prefix)) {
            // GetSessionToken and GetFederationToken create credentials: CloudTrail marks them
            // as change events.
            return operation != "GetSessionToken" && operation != "GetFederationToken";
        }
    }
    return false;
}

event::CloudTrailRecord make_call_record(const ApiCall& call,
                                         std::string_view event_source,
                                         std::string_view api_version,
                                         const ApiError* error,
                                         std::string event_id) {
    event::CloudTrailRecord r;
    r.event_version = "1.11";
    r.user_identity = user_identity(call.principal);
    r.event_time = format_iso8601(call.time);
    r.event_source = std::string(event_source);
    r.event_name = call.operation;
    r.aws_region = call.region;
    r.source_ip_address = call.http != nullptr ? call.http->remote_addr : "";
    if (call.http != nullptr) {
        std::string ua = header(*call.http, "user-agent");
        if (ua.size() > kMaxUserAgentBytes) {
            ua.resize(kMaxUserAgentBytes);
        }
        if (!ua.empty()) {
            r.user_agent = ua;
        }
    }
    if (error != nullptr) {
        // One code whichever protocol the client spoke (SQS: JSON 1.0 from CLI v1, query from v2).
        r.error_code = error->query_code.empty() ? error->code : error->query_code;
        r.error_message = error->message;
    }
    nlohmann::json params = nullptr;
    if (call.request_parameters) {
        params = *call.request_parameters;
    } else if (call.protocol == Protocol::kQuery) {
        params = call.form.to_request_parameters();
    } else if (call.input.is_object() && !call.input.empty()) {
        params = call.input;
    }
    std::string params_text = params.dump();
    if (params_text.size() > kMaxRequestParametersBytes) {
        // CloudTrail omits oversized parameters rather than truncating them.
        params_text =
            R"({"omitted":true,"originalSize":)" + std::to_string(params_text.size()) + "}";
    }
    r.request_parameters = params_text;
    r.response_elements = error != nullptr ? std::string("null") : call.response_elements.dump();
    if (!call.additional_event_data.is_null()) {
        r.additional_event_data = call.additional_event_data.dump();
    }
    r.request_id = call.request_id;
    r.event_id = std::move(event_id);
    r.read_only = call.read_only.value_or(is_read_only_operation(call.operation));
    if (!call.resources.empty()) {
        std::vector<event::CloudTrailResource> resources;
        for (const auto& res : call.resources) {
            event::CloudTrailResource out;
            if (!res.account_id.empty()) {
                out.account_id = res.account_id;
            }
            out.type = res.type;
            out.arn = res.arn;
            resources.push_back(std::move(out));
        }
        r.resources = std::move(resources);
    }
    r.event_type = "AwsApiCall";
    if (!api_version.empty() && call.protocol == Protocol::kQuery) {
        r.api_version = std::string(api_version);
    }
    r.management_event = call.management_event;
    r.recipient_account_id = call.principal.account_id;
    r.event_category = call.event_category;
    if (call.http != nullptr && !call.http->tls_version.empty()) {
        event::TlsDetails tls;
        tls.tls_version = call.http->tls_version;
        tls.cipher_suite = call.http->tls_cipher;
        tls.client_provided_host_header = header(*call.http, "host");
        r.tls_details = std::move(tls);
    }
    return r;
}

}  // namespace tripline::api
