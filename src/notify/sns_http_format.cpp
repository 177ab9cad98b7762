#include "notify/sns_http_format.h"

#include <nlohmann/json.hpp>

#include "json/json_writer.h"

namespace tripline::notify {

namespace {

bool is_confirmation(const SnsDelivery& d) {
    return d.type == kSnsSubscriptionConfirmation || d.type == kSnsUnsubscribeConfirmation;
}

void add_signed(std::string& out, std::string_view key, std::string_view value) {
    out.append(key);
    out += '\n';
    out.append(value);
    out += '\n';
}

// One `  "Key" : "Value"` member line; the caller writes the separators.
void add_member(std::string& out, bool& first, std::string_view key, std::string_view value) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    json::append_escaped_string(out, key);
    out += " : ";
    json::append_escaped_string(out, value);
}

std::string content_type_from(const nlohmann::json& request_policy) {
    if (request_policy.is_object()) {
        auto it = request_policy.find("headerContentType");
        if (it != request_policy.end() && it->is_string() && !it->get<std::string>().empty()) {
            return it->get<std::string>();
        }
    }
    return {};
}

}  // namespace

std::string sns_effective_message(const SnsDelivery& d) {
    if (!d.message.empty() || !is_confirmation(d)) {
        return d.message;
    }
    if (d.type == kSnsSubscriptionConfirmation) {
        return "You have chosen to subscribe to the topic " + d.topic_arn +
               ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
    }
    return "You have chosen to deactivate subscription " + d.subscription_arn +
           ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL "
           "included in this message.";
}

std::string sns_string_to_sign(const SnsDelivery& d) {
    std::string out;
    add_signed(out, "Message", sns_effective_message(d));
    add_signed(out, "MessageId", d.message_id);
    if (is_confirmation(d)) {
        add_signed(out, "SubscribeURL", d.subscribe_url);
        add_signed(out, "Timestamp", d.timestamp);
        add_signed(out, "Token", d.token);
    } else {
        if (!d.subject.empty()) {
            add_signed(out, "Subject", d.subject);
        }
        add_signed(out, "Timestamp", d.timestamp);
    }
    add_signed(out, "TopicArn", d.topic_arn);
    add_signed(out, "Type", d.type);
    return out;
}

std::string sns_json_document(const SnsDelivery& d,
                              std::string_view signature,
                              std::string_view signing_cert_url) {
    std::string out = "{";
    bool first = true;
    add_member(out, first, "Type", d.type);
    add_member(out, first, "MessageId", d.message_id);
    if (is_confirmation(d)) {
        add_member(out, first, "Token", d.token);
        add_member(out, first, "TopicArn", d.topic_arn);
        add_member(out, first, "Message", sns_effective_message(d));
        add_member(out, first, "SubscribeURL", d.subscribe_url);
        add_member(out, first, "Timestamp", d.timestamp);
        add_member(out, first, "SignatureVersion", d.signature_version);
        add_member(out, first, "Signature", signature);
        add_member(out, first, "SigningCertURL", signing_cert_url);
    } else {
        add_member(out, first, "TopicArn", d.topic_arn);
        if (!d.subject.empty()) {
            add_member(out, first, "Subject", d.subject);
        }
        add_member(out, first, "Message", d.message);
        add_member(out, first, "Timestamp", d.timestamp);
        add_member(out, first, "SignatureVersion", d.signature_version);
        add_member(out, first, "Signature", signature);
        add_member(out, first, "SigningCertURL", signing_cert_url);
        add_member(out, first, "UnsubscribeURL", d.unsubscribe_url);
        if (!d.message_attributes.empty()) {
            out += ",\n  \"MessageAttributes\" : {";
            bool first_attribute = true;
            for (const SnsMessageAttribute& a : d.message_attributes) {
                out += first_attribute ? "" : ", ";
                first_attribute = false;
                json::append_escaped_string(out, a.name);
                out += " : {\"Type\" : ";
                json::append_escaped_string(out, a.type);
                out += ", \"Value\" : ";
                json::append_escaped_string(out, a.value);
                out += "}";
            }
            out += "}";
        }
    }
    out += "\n}";
    return out;
}

bool sns_is_raw_delivery(const SnsDelivery& d) {
    return d.raw_message_delivery && d.type == kSnsNotification;
}

std::string sns_http_content_type(std::string_view delivery_policy, std::string_view protocol) {
    if (!delivery_policy.empty()) {
        nlohmann::json doc = nlohmann::json::parse(delivery_policy, nullptr, false);
        if (doc.is_object()) {
            if (auto it = doc.find("requestPolicy"); it != doc.end()) {
                if (std::string type = content_type_from(*it); !type.empty()) {
                    return type;
                }
            }
            // Topic form: {"http": {"defaultRequestPolicy": {...}}}; "https" falls back to "http".
            for (std::string_view key : {protocol, std::string_view("http")}) {
                auto section = doc.find(std::string(key));
                if (section != doc.end() && section->is_object()) {
                    auto request = section->find("defaultRequestPolicy");
                    if (request != section->end()) {
                        if (std::string type = content_type_from(*request); !type.empty()) {
                            return type;
                        }
                    }
                }
            }
        }
    }
    return std::string(kSnsDefaultContentType);
}

std::vector<HttpHeader> sns_http_headers(const SnsDelivery& d) {
    std::vector<HttpHeader> headers;
    headers.push_back({"x-amz-sns-message-type", d.type});
    headers.push_back({"x-amz-sns-message-id", d.message_id});
    headers.push_back({"x-amz-sns-topic-arn", d.topic_arn});
    if (d.type != kSnsSubscriptionConfirmation) {
        headers.push_back({"x-amz-sns-subscription-arn", d.subscription_arn});
    }
    headers.push_back({"Content-Type", sns_http_content_type(d.delivery_policy, d.protocol)});
    headers.push_back({"User-Agent", std::string(kSnsUserAgent)});
    if (sns_is_raw_delivery(d)) {
        headers.push_back({"x-amz-sns-rawdelivery", "true"});
    }
    return headers;
}

}  // namespace tripline::notify
