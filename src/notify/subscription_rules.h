// Subscription rules (sns.md §2, §8): the protocols Tripline delivers to, endpoint syntax per
// protocol, and subscription attributes (FilterPolicy with its scope, RawMessageDelivery,
// DeliveryPolicy, RedrivePolicy). Pure functions.
// Errors: kInvalidArgument in SNS's words ("Invalid parameter: Email address",
// "Invalid parameter: FilterPolicy: …", "Invalid parameter: AttributeName").
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::notify {

// email, email-json, http, https, sqs. SNS's other protocols (sms, application, lambda, firehose)
// are refused with a message that says Tripline does not deliver to them.
Status validate_protocol(std::string_view protocol);

// True for protocols whose subscriptions need a confirmation (everything but same-account sqs).
bool protocol_confirms_by_message(std::string_view protocol);

// The endpoint suits the (valid) protocol: an e-mail address (the mail renderer's own check,
// email_message.h is_valid_email_address, so every address accepted can be mailed), an http:// or
// https:// URL, or an SQS queue ARN.
Status validate_endpoint(std::string_view protocol, std::string_view endpoint);

// The names SetSubscriptionAttributes and Subscribe accept.
bool is_subscription_attribute(std::string_view name);

// Canonical form of an attribute value as stored: "true"/"false" for RawMessageDelivery, "" for a
// FilterPolicy of "{}" (which removes the policy), the value otherwise.
std::string normalize_subscription_attribute(std::string_view name, std::string_view value);

// Checks a complete (normalized) attribute set of a subscription of `protocol`: every name known,
// every value valid, the FilterPolicy valid in the FilterPolicyScope of the set.
Status validate_subscription_attributes(std::string_view protocol,
                                        const std::map<std::string, std::string>& attributes);

}  // namespace tripline::notify
