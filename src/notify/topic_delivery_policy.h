// SNS HTTP/S delivery policies (sns.md §9): validation of the DeliveryPolicy attribute of topics
// ({"http":{"defaultHealthyRetryPolicy":…,"defaultThrottlePolicy":…,"defaultRequestPolicy":…,
// "disableSubscriptionOverrides":…}}) and of subscriptions ({"healthyRetryPolicy":…,
// "throttlePolicy":…,"requestPolicy":…}), and the EffectiveDeliveryPolicy renderings: the topic's
// (AWS's defaults overlaid with what the topic sets) and a subscription's (what its deliveries
// use; this is SnsDelivery::delivery_policy). Pure functions.
// Errors: kInvalidArgument "Invalid parameter: DeliveryPolicy: <reason>".
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::notify {

Status validate_topic_delivery_policy(std::string_view text);
Status validate_subscription_delivery_policy(std::string_view text);

// `topic_policy` may be empty (none set). Key order as AWS renders it.
std::string effective_topic_delivery_policy(std::string_view topic_policy);
// {"healthyRetryPolicy":{…},"sicklyRetryPolicy":null,"throttlePolicy":…,"requestPolicy":{…},
//  "guaranteed":false}: AWS's defaults, then the topic's defaults, then (unless the topic sets
// disableSubscriptionOverrides) the subscription's own policy. Either input may be empty.
std::string effective_subscription_delivery_policy(std::string_view topic_policy,
                                                   std::string_view subscription_policy);

}  // namespace tripline::notify
