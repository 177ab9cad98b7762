// The values the SNS topic service (topic_service.h) takes and returns: who is asking, the requests
// of its operations and the views of topics and subscriptions it hands back (sns.md §1-§3).
// Plain data; no behaviour beyond defaults.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "notify/sns_delivery.h"

namespace tripline::notify {

// Who makes a call. API callers are authenticated principals acting in their own account and
// region; the unsigned link endpoints (confirmation.html, the SubscribeURL) are not authenticated
// and act by knowing a token or a subscription ARN; AWS services (EventBridge targets, CloudTrail
// file notifications, CloudWatch alarm actions) publish with the topic policy granted implicitly.
struct SnsCaller {
    std::string account_id;     // the caller's account (owner of what it creates)
    std::string region;         // the caller's region (new topics live there)
    std::string principal_arn;  // for AuthorizationError messages; may be empty
    bool authenticated = true;  // false: an unsigned link or SubscribeURL visit
    bool aws_service = false;   // an AWS service publishing: no account/region check
};

struct SnsTag {
    std::string key;
    std::string value;
    bool operator==(const SnsTag&) const = default;
};

struct CreateTopicRequest {
    std::string name;
    std::map<std::string, std::string> attributes;  // DisplayName, Policy, DeliveryPolicy, ...
    std::vector<SnsTag> tags;
};

struct SubscribeRequest {
    std::string topic_arn;
    std::string protocol;  // email | email-json | http | https | sqs
    std::string endpoint;
    std::map<std::string, std::string> attributes;  // FilterPolicy, RawMessageDelivery, ...
    // Declared by the operator (config file): active at once, no confirmation message.
    bool pre_confirmed = false;
};

struct SubscribeResult {
    std::string subscription_arn;  // the real ARN, also while pending
    bool pending = false;          // the API answers "pending confirmation" unless asked not to
};

struct ConfirmSubscriptionRequest {
    std::string topic_arn;
    std::string token;
    bool authenticate_on_unsubscribe = false;
    std::string endpoint;  // the confirmation.html link's Endpoint: must match when given
};

struct UnsubscribeResult {
    std::string subscription_arn;
    std::string topic_arn;
    std::string protocol;
    std::string endpoint;
    // Confirming this token on the topic within two days restores the subscription (the
    // UnsubscribeConfirmation's SubscribeURL, the re-subscribe link of unsubscribe.html). Empty
    // for a subscription that was still pending (it is deleted outright).
    std::string restore_token;
};

struct SubscriptionSummary {
    std::string subscription_arn;  // the real ARN
    std::string topic_arn;
    std::string owner;
    std::string protocol;
    std::string endpoint;
    bool pending = false;  // ListSubscriptions shows "PendingConfirmation" instead of the ARN
};

// One page of a listing; next_token is empty on the last page.
template <typename T>
struct SnsPage {
    std::vector<T> items;
    std::string next_token;
};

inline constexpr std::size_t kSnsPageSize = 100;

struct PublishRequest {
    SnsCaller caller;
    std::string topic_arn;  // TopicArn or TargetArn
    std::string message;
    std::string subject;  // empty: none
    std::string
        message_structure;  // empty, or "json": message is {"default": ..., "<protocol>": ...}
    std::vector<SnsMessageAttribute> message_attributes;  // Binary values in base64
};

struct PublishBatchEntry {
    std::string id;
    std::string message;
    std::string subject;
    std::string message_structure;
    std::vector<SnsMessageAttribute> message_attributes;
};

// One entry's outcome: a message_id, or the error that refused it.
struct PublishBatchOutcome {
    std::string id;
    std::string message_id;
    std::optional<Error> error;
};

}  // namespace tripline::notify
