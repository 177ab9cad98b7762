// SnsDelivery: one SNS message on its way to one subscription, as stored in the outbox (kind
// "sns.<protocol>", destination = the endpoint, payload = to_json()). The topic service builds it
// when a message is published or a confirmation is due (sns.md §2-3); the SNS delivery handler
// turns it into the protocol's wire form (e-mail, HTTP POST, SQS message; sns.md §4-7) at
// delivery time, so a retry sends the same MessageId and the same signed document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::notify {

// "Notification", "SubscriptionConfirmation" or "UnsubscribeConfirmation".
inline constexpr std::string_view kSnsNotification = "Notification";
inline constexpr std::string_view kSnsSubscriptionConfirmation = "SubscriptionConfirmation";
inline constexpr std::string_view kSnsUnsubscribeConfirmation = "UnsubscribeConfirmation";

struct SnsMessageAttribute {
    std::string name;
    std::string type;   // String | Number | Binary | String.Array
    std::string value;  // Binary: base64
};

struct SnsDelivery {
    std::string type = std::string(kSnsNotification);
    std::string message_id;  // UUID; the same for every subscription of one Publish
    std::string topic_arn;
    std::string subscription_arn;  // the real ARN, also while pending
    std::string protocol;          // email | email-json | http | https | sqs
    std::string endpoint;          // e-mail address, URL or queue ARN
    std::string region;
    std::string subject;    // empty: none given
    std::string message;    // for this protocol (MessageStructure=json already resolved)
    std::string timestamp;  // ISO 8601 with milliseconds, UTC ("2026-11-27T13:00:00.000Z")
    std::vector<SnsMessageAttribute> message_attributes;
    std::string token;                    // confirmations
    std::string subscribe_url;            // confirmations: Tripline's ConfirmSubscription URL
    std::string unsubscribe_url;          // notifications: Tripline's Unsubscribe URL
    std::string confirmation_url;         // e-mail confirmations: Tripline's confirmation.html link
    std::string signature_version = "1";  // topic attribute SignatureVersion: "1" | "2"
    std::string display_name;             // topic DisplayName (e-mail From display part)
    bool raw_message_delivery = false;
    std::string delivery_policy;  // effective HTTP/S delivery policy JSON; empty: default
    std::string redrive_policy;   // subscription RedrivePolicy JSON; empty: none
};

std::string to_json(const SnsDelivery& delivery);
// Errors: kInvalidArgument naming the member that is missing or of the wrong type.
Result<SnsDelivery> parse_sns_delivery(std::string_view json);

}  // namespace tripline::notify
