#include "notify/topic_arns.h"

#include "base/arn.h"
#include "base/uuid.h"

namespace tripline::notify {

namespace {

Error invalid(std::string_view parameter) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: " + std::string(parameter));
}

}  // namespace

bool is_valid_topic_name(std::string_view name) {
    if (name.empty() || name.size() > 256) {
        return false;
    }
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string make_topic_arn(std::string_view region,
                           std::string_view account_id,
                           std::string_view name) {
    return "arn:aws:sns:" + std::string(region) + ":" + std::string(account_id) + ":" +
           std::string(name);
}

Result<TopicRef> parse_topic_arn(std::string_view text) {
    auto arn = parse_arn(text);
    if (!arn.has_value() || arn->service != "sns" || arn->region.empty() ||
        !is_valid_account_id(arn->account_id) || !is_valid_topic_name(arn->resource)) {
        return invalid("TopicArn");
    }
    return TopicRef{arn->account_id, arn->region, arn->resource, std::string(text)};
}

Result<SubscriptionRef> parse_subscription_arn(std::string_view text) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return invalid("SubscriptionArn");
    }
    auto topic = parse_topic_arn(text.substr(0, colon));
    std::string_view id = text.substr(colon + 1);
    if (!topic.has_value() || !is_uuid(id)) {
        return invalid("SubscriptionArn");
    }
    return SubscriptionRef{std::move(*topic), std::string(id), std::string(text)};
}

}  // namespace tripline::notify
