// Topic attributes (sns.md §1): which names CreateTopic/SetTopicAttributes accept and what values,
// and the default access policy AWS renders for a topic that has none. Pure functions.
// Errors: kInvalidArgument in SNS's words ("Invalid parameter: AttributeName",
// "Invalid parameter: DisplayName", ...).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::notify {

// Attributes Tripline keeps but does not act on: KmsMasterKeyId, TracingConfig, the
// delivery-status logging attributes. An empty value clears the attribute (except none).
Status validate_topic_attribute(std::string_view name, std::string_view value);

// {"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID",
//  …,"Condition":{"StringEquals":{"AWS:SourceOwner":"<account>"}}}]} as GetTopicAttributes shows.
std::string default_topic_policy(std::string_view topic_arn, std::string_view account_id);

}  // namespace tripline::notify
