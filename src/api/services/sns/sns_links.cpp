#include "api/services/sns/sns_links.h"

#include <spdlog/spdlog.h>

#include "api/query_form.h"
#include "api/service.h"
#include "api/services/sns/sns_support.h"
#include "api/xml_writer.h"
#include "base/uuid.h"
#include "notify/subscription_links.h"

namespace tripline::api::services {

namespace {

constexpr std::string_view kPemPrefix = "/SimpleNotificationService-";
constexpr std::string_view kPemSuffix = ".pem";

std::string header(const HttpRequest& request, const char* name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
}

bool is_signed(const HttpRequest& request) {
    if (!header(request, "authorization").empty()) {
        return true;
    }
    const std::string& q = request.query;
    return q.find("X-Amz-Signature=") != std::string::npos ||
           q.find("X-Amz-Credential=") != std::string::npos ||
           (q.find("AWSAccessKeyId=") != std::string::npos &&
            q.find("Signature=") != std::string::npos);
}

bool is_pem_path(std::string_view path) {
    if (!path.starts_with(kPemPrefix) || !path.ends_with(kPemSuffix)) {
        return false;
    }
    std::string_view hex =
        path.substr(kPemPrefix.size(), path.size() - kPemPrefix.size() - kPemSuffix.size());
    if (hex.empty() || hex.size() > 64) {
        return false;
    }
    for (char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

std::string link_action(std::string_view form_text) {
    auto form = QueryForm::parse(form_text);
    if (!form) {
        return {};
    }
    std::string action(form->get("Action").value_or(""));
    return action == "ConfirmSubscription" || action == "Unsubscribe" ? action : std::string();
}

std::string param(const QueryForm& form, std::string_view name) {
    return std::string(form.get(name).value_or(""));
}

notify::SnsCaller link_caller() {
    notify::SnsCaller caller;
    caller.authenticated = false;
    return caller;
}

HttpResponse html_page(int status, std::string_view title, const std::string& body_html) {
    HttpResponse response;
    response.status = status;
    response.content_type = "text/html; charset=UTF-8";
    response.body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" +
                    xml_escape(title) + "</title></head>\n<body><h1>" + xml_escape(title) +
                    "</h1>\n" + body_html + "\n</body></html>\n";
    return response;
}

HttpResponse html_error(const Error& error) {
    ApiError e = sns::sns_error(error);
    return html_page(
        e.status, "Error", "<p>" + xml_escape(e.code) + ": " + xml_escape(e.message) + "</p>");
}

}  // namespace

SnsLinks::SnsLinks(notify::TopicService& topics, CertificateProvider certificates)
    : topics_(topics), certificates_(std::move(certificates)) {}

bool SnsLinks::matches(const HttpRequest& request) const {
    if (is_signed(request)) {
        return false;
    }
    if (request.method == "GET") {
        if (request.path == "/confirmation.html" || request.path == "/unsubscribe.html" ||
            is_pem_path(request.path)) {
            return true;
        }
        return request.path == "/" && !link_action(request.query).empty();
    }
    if (request.method == "POST" && request.path == "/") {
        std::string type = header(request, "content-type");
        return type.starts_with("application/x-www-form-urlencoded") &&
               !link_action(request.body).empty();
    }
    return false;
}

HttpResponse SnsLinks::handle(const HttpRequest& request) {
    if (request.path == "/confirmation.html") {
        return confirmation_page(request);
    }
    if (request.path == "/unsubscribe.html") {
        return unsubscribe_page(request);
    }
    if (is_pem_path(request.path)) {
        return certificate(std::string_view(request.path).substr(1));
    }
    return action(request, request.method == "POST" ? request.body : request.query);
}

HttpResponse SnsLinks::confirmation_page(const HttpRequest& request) {
    auto form = QueryForm::parse(request.query);
    if (!form) {
        return html_error(make_error(Errc::kInvalidArgument, "Invalid parameter: query string"));
    }
    notify::ConfirmSubscriptionRequest confirm;
    confirm.topic_arn = param(*form, "TopicArn");
    confirm.token = param(*form, "Token");
    confirm.endpoint = param(*form, "Endpoint");
    auto arn = topics_.confirm_subscription(link_caller(), confirm);
    if (!arn) {
        return html_error(arn.error());
    }
    spdlog::info("SNS: {} confirmed through its confirmation link", *arn);
    std::string unsubscribe = notify::unsubscribe_link("", *arn, confirm.endpoint);
    return html_page(200,
                     "Subscription confirmed!",
                     "<p>You have successfully subscribed.</p>\n<p>Your subscription's id is: "
                     "<br><code>" +
                         xml_escape(*arn) +
                         "</code></p>\n<p>If it was not your intention to subscribe, <a href=\"" +
                         xml_escape(unsubscribe) + "\">click here to unsubscribe</a>.</p>");
}

HttpResponse SnsLinks::unsubscribe_page(const HttpRequest& request) {
    auto form = QueryForm::parse(request.query);
    if (!form) {
        return html_error(make_error(Errc::kInvalidArgument, "Invalid parameter: query string"));
    }
    auto result = topics_.unsubscribe(
        link_caller(), param(*form, "SubscriptionArn"), param(*form, "Endpoint"));
    if (!result) {
        return html_error(result.error());
    }
    spdlog::info("SNS: {} unsubscribed through its unsubscribe link", result->subscription_arn);
    std::string body =
        "<p>Your subscription to the topic below has been deactivated for "
        "endpoint <code>" +
        xml_escape(result->endpoint) + "</code>:<br><code>" + xml_escape(result->topic_arn) +
        "</code></p>\n<p>You will no longer receive notifications from this "
        "topic.</p>";
    if (!result->restore_token.empty()) {
        std::string restore = notify::confirmation_link(
            "", result->topic_arn, result->restore_token, result->endpoint);
        body += "\n<p>If it was not your intention to unsubscribe, <a href=\"" +
                xml_escape(restore) + "\">click here to re-subscribe</a>.</p>";
    }
    return html_page(200, "Subscription removed!", body);
}

HttpResponse SnsLinks::action(const HttpRequest& request, std::string_view form_text) {
    ApiCall call;
    call.http = &request;
    call.request_id = make_uuid();
    ErrorContext context;
    context.protocol = Protocol::kQuery;
    context.request_id = call.request_id;
    context.xml_namespace = std::string(sns::kSnsNamespace);
    auto form = QueryForm::parse(form_text);
    if (!form) {
        return render_error(ApiError{400, "MalformedQueryString", form.error().message}, context);
    }
    call.operation = param(*form, "Action");
    if (call.operation == "ConfirmSubscription") {
        notify::ConfirmSubscriptionRequest confirm;
        confirm.topic_arn = param(*form, "TopicArn");
        confirm.token = param(*form, "Token");
        std::string authenticate = param(*form, "AuthenticateOnUnsubscribe");
        confirm.authenticate_on_unsubscribe = authenticate == "true" || authenticate == "True";
        auto arn = topics_.confirm_subscription(link_caller(), confirm);
        if (!arn) {
            return render_error(sns::sns_error(arn.error()), context);
        }
        spdlog::info("SNS: {} confirmed through its SubscribeURL", *arn);
        XmlWriter xml;
        xml.element("SubscriptionArn", *arn);
        return query_reply(call, sns::kSnsNamespace, xml.str());
    }
    auto result = topics_.unsubscribe(link_caller(), param(*form, "SubscriptionArn"));
    if (!result) {
        return render_error(sns::sns_error(result.error()), context);
    }
    spdlog::info("SNS: {} unsubscribed through its UnsubscribeURL", result->subscription_arn);
    return query_reply(call, sns::kSnsNamespace, "", false);
}

HttpResponse SnsLinks::certificate(std::string_view file_name) const {
    std::optional<std::string> pem = certificates_ ? certificates_(file_name) : std::nullopt;
    HttpResponse response;
    if (!pem) {
        response.status = 404;
        response.content_type = "text/plain; charset=UTF-8";
        response.body = "No such certificate\n";
        return response;
    }
    response.content_type = "application/x-x509-ca-cert";
    response.body = std::move(*pem);
    return response;
}

}  // namespace tripline::api::services
