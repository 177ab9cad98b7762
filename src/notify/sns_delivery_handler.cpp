#include "notify/sns_delivery_handler.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <random>

#include "notify/email_message.h"
#include "notify/sns_email_format.h"
#include "notify/sns_http_format.h"
#include "notify/sns_retry_policy.h"

namespace tripline::notify {

namespace {

double default_uniform01() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// The protocol from the outbox kind ("sns.email" -> "email"), which must agree with the payload.
Result<std::string> protocol_of(const storage::OutboxMessage& m, const SnsDelivery& d) {
    constexpr std::string_view kPrefix = "sns.";
    if (!std::string_view(m.kind).starts_with(kPrefix)) {
        return d.protocol;
    }
    std::string from_kind = m.kind.substr(kPrefix.size());
    if (!d.protocol.empty() && d.protocol != from_kind) {
        return make_error(Errc::kInvalidArgument,
                          "outbox kind '" + m.kind + "' does not match the payload's protocol '" +
                              d.protocol + "'");
    }
    return from_kind;
}

// "<messageId.subscriptionUuid@domain>": a retry of the same mail keeps its Message-ID, so mail
// clients can drop the duplicate an at-least-once delivery may produce.
std::string mail_message_id(const SnsDelivery& d, std::string_view from_address) {
    std::string local = d.message_id;
    std::size_t colon = d.subscription_arn.rfind(':');
    if (colon != std::string::npos) {
        local += "." + d.subscription_arn.substr(colon + 1);
    }
    std::string clean;
    for (char c : local) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.') {
            clean += c;
        }
    }
    if (clean.empty()) {
        return {};  // render_email() makes one up
    }
    std::size_t at = from_address.rfind('@');
    return "<" + clean + "@" + std::string(from_address.substr(at + 1)) + ">";
}

DeliveryOutcome outcome_of_queue_error(const Error& error, std::string_view what) {
    std::string text = std::string(what) + ": " + error.message;
    switch (error.code) {
        case Errc::kNotFound:
        case Errc::kInvalidArgument:
        case Errc::kPermissionDenied:
        case Errc::kFailedPrecondition:
        case Errc::kLimitExceeded:
            return DeliveryOutcome::permanent(std::move(text));
        default:
            return DeliveryOutcome::retriable(std::move(text));
    }
}

std::vector<QueueMessageAttribute> queue_attributes(const SnsDelivery& d) {
    std::vector<QueueMessageAttribute> attributes;
    if (!sns_is_raw_delivery(d)) {
        return attributes;  // they travel inside the JSON document
    }
    for (const SnsMessageAttribute& a : d.message_attributes) {
        // SQS has no String.Array type; SNS passes the JSON array text as a String.
        std::string type = a.type == "Number" || a.type == "Binary" ? a.type : "String";
        attributes.push_back({a.name, type, a.value});
    }
    return attributes;
}

std::optional<std::string> dead_letter_target(std::string_view redrive_policy) {
    if (redrive_policy.empty()) {
        return std::nullopt;
    }
    nlohmann::json doc = nlohmann::json::parse(redrive_policy, nullptr, false);
    if (!doc.is_object()) {
        return std::nullopt;
    }
    auto it = doc.find("deadLetterTargetArn");
    if (it == doc.end() || !it->is_string() || it->get<std::string>().empty()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

}  // namespace

SnsDeliveryHandler::SnsDeliveryHandler(Clock& clock,
                                       MessageSigner& signer,
                                       std::optional<SmtpSettings> smtp,
                                       std::filesystem::path maildir,
                                       QueueSender* queues,
                                       std::function<std::string()> public_url,
                                       double retry_delay_scale)
    : clock_(clock),
      signer_(signer),
      maildir_(std::move(maildir)),
      queues_(queues),
      public_url_(std::move(public_url)),
      retry_delay_scale_(retry_delay_scale > 0 ? retry_delay_scale : 1.0),
      random_(default_uniform01) {
    if (smtp) {
        smtp_.emplace(std::move(*smtp));
    }
}

std::string SnsDeliveryHandler::from_address() const {
    if (smtp_ && !smtp_->settings().from.empty()) {
        return smtp_->settings().from;
    }
    return std::string(kSnsFromAddress);
}

Result<std::string> SnsDeliveryHandler::signed_document(const SnsDelivery& d) const {
    SnsDelivery copy = d;
    if (copy.signature_version.empty()) {
        copy.signature_version = "1";
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::string signature,
                              signer_.sign(sns_string_to_sign(copy), copy.signature_version));
    std::string base_url = public_url_ ? public_url_() : std::string();
    return sns_json_document(copy, signature, signer_.signing_cert_url(base_url));
}

DeliveryOutcome SnsDeliveryHandler::deliver(const storage::OutboxMessage& message) {
    auto parsed = parse_sns_delivery(message.payload);
    if (!parsed) {
        return DeliveryOutcome::permanent("invalid SNS delivery payload: " +
                                          parsed.error().message);
    }
    const SnsDelivery& d = *parsed;
    auto protocol = protocol_of(message, d);
    if (!protocol) {
        return DeliveryOutcome::permanent(protocol.error().message);
    }
    if (*protocol == "email" || *protocol == "email-json") {
        return deliver_email(d, *protocol == "email-json");
    }
    if (*protocol == "http" || *protocol == "https") {
        return deliver_http(d);
    }
    if (*protocol == "sqs") {
        return deliver_sqs(d);
    }
    return DeliveryOutcome::permanent("SNS protocol '" + *protocol +
                                      "' is not delivered by Tripline");
}

DeliveryOutcome SnsDeliveryHandler::deliver_email(const SnsDelivery& d, bool json) {
    if (d.type == kSnsUnsubscribeConfirmation) {
        spdlog::info("no {} sent to {}: SNS confirms unsubscribes only to HTTP/S endpoints",
                     d.type,
                     d.endpoint);
        return DeliveryOutcome::delivered();
    }
    if (!is_valid_email_address(d.endpoint)) {
        return DeliveryOutcome::permanent("invalid e-mail address '" + d.endpoint + "'");
    }
    Result<SnsEmailContent> content = make_error(Errc::kInternal, "unset");
    if (json) {
        auto document = signed_document(d);
        if (!document) {
            return DeliveryOutcome::permanent("cannot sign the message: " +
                                              document.error().message);
        }
        content = format_sns_email_json(d, std::move(*document));
    } else {
        content = format_sns_email(d);
    }
    if (!content) {
        return DeliveryOutcome::permanent(content.error().message);
    }
    EmailMessage mail;
    mail.from_address = from_address();
    mail.from_display_name =
        d.display_name.empty() ? std::string(kSnsFromDisplayName) : d.display_name;
    mail.to = d.endpoint;
    mail.subject = content->subject;
    mail.body = std::move(content->body);
    mail.content_type = content->content_type;
    mail.date = clock_.now();
    mail.message_id = mail_message_id(d, mail.from_address);
    auto text = render_email(mail);
    if (!text) {
        return DeliveryOutcome::permanent("cannot build the e-mail to " + d.endpoint + ": " +
                                          text.error().message);
    }
    if (smtp_) {
        Status sent = smtp_->send(mail.from_address, mail.to, *text);
        if (!sent) {
            return sent.error().code == Errc::kUnavailable
                       ? DeliveryOutcome::retriable(sent.error().message)
                       : DeliveryOutcome::permanent(sent.error().message);
        }
        spdlog::info("mail to {} subject {} (smtp {})", mail.to, mail.subject, smtp_->describe());
        return DeliveryOutcome::delivered();
    }
    auto file = maildir_.deliver(*text, clock_.now());
    if (!file) {
        return DeliveryOutcome::retriable("cannot write the e-mail to " + d.endpoint +
                                          " into the maildir: " + file.error().message);
    }
    spdlog::info("mail to {} subject {} (maildir {})",
                 mail.to,
                 mail.subject,
                 (maildir_.root() / "new" / *file).string());
    return DeliveryOutcome::delivered();
}

DeliveryOutcome SnsDeliveryHandler::deliver_http(const SnsDelivery& d) {
    std::string scheme = d.protocol == "https" ? "https://" : "http://";
    if (!d.endpoint.starts_with(scheme)) {
        return DeliveryOutcome::permanent("endpoint '" + d.endpoint + "' is not an " + scheme +
                                          " URL");
    }
    auto document = signed_document(d);
    if (!document) {
        return DeliveryOutcome::permanent("cannot sign the message: " + document.error().message);
    }
    std::string body = sns_is_raw_delivery(d) ? d.message : std::move(*document);
    HttpResult result = http_.post(d.endpoint, sns_http_headers(d), body, http_timeout_);
    if (result.success()) {
        return DeliveryOutcome::delivered();
    }
    std::string where = "POST " + d.endpoint;
    if (result.invalid_request) {
        return DeliveryOutcome::permanent(where + ": " + result.error);
    }
    if (result.status == 0) {
        return DeliveryOutcome::retriable(where + " failed: " + result.error);
    }
    std::string text = where + " answered HTTP " + std::to_string(result.status);
    if (result.status >= 500 || result.status == 429) {
        return DeliveryOutcome::retriable(std::move(text));
    }
    return DeliveryOutcome::permanent(std::move(text));
}

DeliveryOutcome SnsDeliveryHandler::deliver_sqs(const SnsDelivery& d) {
    if (queues_ == nullptr) {
        return DeliveryOutcome::permanent("SQS delivery to " + d.endpoint +
                                          " failed: no queue service is configured");
    }
    std::string body;
    if (sns_is_raw_delivery(d)) {
        body = d.message;
    } else {
        auto document = signed_document(d);
        if (!document) {
            return DeliveryOutcome::permanent("cannot sign the message: " +
                                              document.error().message);
        }
        body = std::move(*document);
    }
    auto sent = queues_->send(d.endpoint, body, queue_attributes(d));
    if (!sent) {
        return outcome_of_queue_error(sent.error(), "SQS delivery to " + d.endpoint);
    }
    return DeliveryOutcome::delivered();
}

std::optional<Duration> SnsDeliveryHandler::retry_delay(const storage::OutboxMessage& message,
                                                        int failed_attempts,
                                                        TimePoint /*now*/) const {
    auto parsed = parse_sns_delivery(message.payload);
    if (!parsed) {
        return std::nullopt;
    }
    auto protocol = protocol_of(message, *parsed);
    if (!protocol) {
        return std::nullopt;
    }
    SnsRetryPolicy policy;
    if (*protocol == "email" || *protocol == "email-json") {
        policy = sns_email_retry_policy();
    } else if (*protocol == "sqs") {
        policy = sns_managed_endpoint_retry_policy();
    } else {
        auto http = parse_sns_http_retry_policy(parsed->delivery_policy, *protocol);
        if (!http) {
            spdlog::warn("subscription {}: {}; using the default HTTP/S retry policy",
                         parsed->subscription_arn,
                         http.error().message);
        }
        policy = http ? *http : sns_http_default_retry_policy();
    }
    std::optional<Duration> delay = policy.delay_before_retry(failed_attempts);
    if (!delay) {
        return std::nullopt;
    }
    Duration jittered = apply_sns_jitter(*delay, random_());
    return std::chrono::duration_cast<Duration>(jittered * retry_delay_scale_);
}

std::optional<std::string> SnsDeliveryHandler::send_to_dead_letter_queue(
    const storage::OutboxMessage& message,
    const DeliveryOutcome& last_failure,
    ExhaustedCondition /*condition*/,
    int failed_attempts) {
    auto parsed = parse_sns_delivery(message.payload);
    if (!parsed) {
        return std::nullopt;
    }
    const SnsDelivery& d = *parsed;
    std::optional<std::string> target = dead_letter_target(d.redrive_policy);
    if (!target) {
        return std::nullopt;
    }
    if (queues_ == nullptr) {
        spdlog::error("subscription {}: cannot dead-letter to {}: no queue service is configured",
                      d.subscription_arn,
                      *target);
        return std::nullopt;
    }
    std::string body;
    if (sns_is_raw_delivery(d)) {
        body = d.message;
    } else {
        auto document = signed_document(d);
        if (!document) {
            spdlog::error("subscription {}: cannot sign the dead-lettered message: {}",
                          d.subscription_arn,
                          document.error().message);
            return std::nullopt;
        }
        body = std::move(*document);
    }
    auto sent = queues_->send(*target, body, queue_attributes(d));
    if (!sent) {
        spdlog::error("subscription {}: cannot dead-letter message {} to {}: {}",
                      d.subscription_arn,
                      d.message_id,
                      *target,
                      sent.error().message);
        return std::nullopt;
    }
    spdlog::warn("subscription {}: message {} moved to dead-letter queue {} after {} attempts: {}",
                 d.subscription_arn,
                 d.message_id,
                 *target,
                 failed_attempts,
                 last_failure.error);
    return *target;
}

}  // namespace tripline::notify
