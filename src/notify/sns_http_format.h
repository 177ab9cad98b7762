// The JSON documents SNS posts to HTTP/S endpoints and puts into SQS queues and email-json mails
// (sns.md §6), the string it signs (§7) and the HTTP headers of a delivery.
//
// The document is written exactly like real SNS messages: one member per line, two-space indent,
// `"Key" : "Value"`, keys in SNS's order; MessageAttributes on one line, only when present; Subject
// only when given. Values are JSON-escaped ('/' is not escaped, UTF-8 kept).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "notify/http_client.h"
#include "notify/sns_delivery.h"

namespace tripline::notify {

inline constexpr std::string_view kSnsDefaultContentType = "text/plain; charset=UTF-8";
inline constexpr std::string_view kSnsUserAgent = "Amazon Simple Notification Service Agent";

// delivery.message, or for a confirmation that carries none, SNS's standard text:
// "You have chosen to subscribe to the topic <topicArn>.\nTo confirm the subscription, visit the
// SubscribeURL included in this message." (UnsubscribeConfirmation: "You have chosen to deactivate
// subscription <subscriptionArn>.\nTo cancel this operation and restore the subscription, ...").
std::string sns_effective_message(const SnsDelivery& delivery);

// `Key\nValue\n` for the signed keys of the message type, in order (sns.md §7).
std::string sns_string_to_sign(const SnsDelivery& delivery);

// The JSON document with the given signature (base64) and certificate URL.
std::string sns_json_document(const SnsDelivery& delivery,
                              std::string_view signature,
                              std::string_view signing_cert_url);

// Whether the body is the Message alone (RawMessageDelivery; only notifications are raw).
bool sns_is_raw_delivery(const SnsDelivery& delivery);

// The Content-Type of an HTTP/S delivery: the delivery policy's requestPolicy.headerContentType
// (subscription form) or <protocol>.defaultRequestPolicy.headerContentType (topic form), else
// "text/plain; charset=UTF-8". An unreadable policy gives the default.
std::string sns_http_content_type(std::string_view delivery_policy, std::string_view protocol);

// x-amz-sns-message-type, -message-id, -topic-arn, -subscription-arn (not on
// SubscriptionConfirmation), Content-Type, User-Agent, and x-amz-sns-rawdelivery: true when raw.
std::vector<HttpHeader> sns_http_headers(const SnsDelivery& delivery);

}  // namespace tripline::notify
