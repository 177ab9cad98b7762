#include "api/services/sns/sns_service.h"

#include <array>
#include <utility>

namespace tripline::api::services {

ServiceReply SnsService::handle(ApiCall& call) {
    using Handler = ServiceReply (SnsService::*)(ApiCall&);
    static constexpr std::array<std::pair<std::string_view, Handler>, 17> kOperations = {{
        {"CreateTopic", &SnsService::create_topic},
        {"DeleteTopic", &SnsService::delete_topic},
        {"ListTopics", &SnsService::list_topics},
        {"GetTopicAttributes", &SnsService::get_topic_attributes},
        {"SetTopicAttributes", &SnsService::set_topic_attributes},
        {"TagResource", &SnsService::tag_resource},
        {"UntagResource", &SnsService::untag_resource},
        {"ListTagsForResource", &SnsService::list_tags_for_resource},
        {"Subscribe", &SnsService::subscribe},
        {"ConfirmSubscription", &SnsService::confirm_subscription},
        {"Unsubscribe", &SnsService::unsubscribe},
        {"ListSubscriptions", &SnsService::list_subscriptions},
        {"ListSubscriptionsByTopic", &SnsService::list_subscriptions_by_topic},
        {"GetSubscriptionAttributes", &SnsService::get_subscription_attributes},
        {"SetSubscriptionAttributes", &SnsService::set_subscription_attributes},
        {"Publish", &SnsService::publish},
        {"PublishBatch", &SnsService::publish_batch},
    }};
    for (const auto& [name, handler] : kOperations) {
        if (call.operation == name) {
            return (this->*handler)(call);
        }
    }
    return ApiError{400,
                    "InvalidAction",
                    "Could not find operation " + call.operation + " for version 2010-03-31"};
}

}  // namespace tripline::api::services
