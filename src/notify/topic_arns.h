// SNS names and ARNs (sns.md §1-§2): topic names, topic ARNs arn:aws:sns:<region>:<acct>:<name>
// and subscription ARNs <topicArn>:<uuid>. Pure functions. Errors: kInvalidArgument worded as SNS
// words them ("Invalid parameter: TopicArn").
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::notify {

struct TopicRef {
    std::string account_id;
    std::string region;
    std::string name;
    std::string arn;
};

struct SubscriptionRef {
    TopicRef topic;
    std::string id;  // the UUID
    std::string arn;
};

// 1-256 characters of A-Za-z0-9_- (FIFO names, ending ".fifo", are not served).
bool is_valid_topic_name(std::string_view name);

std::string make_topic_arn(std::string_view region,
                           std::string_view account_id,
                           std::string_view name);

Result<TopicRef> parse_topic_arn(std::string_view arn);
Result<SubscriptionRef> parse_subscription_arn(std::string_view arn);

}  // namespace tripline::notify
