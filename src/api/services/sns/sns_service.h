// SNS (query protocol, 2010-03-31, XML replies in http://sns.amazonaws.com/doc/2010-03-31/):
// topics, subscriptions, Publish/PublishBatch and topic tags, over notify::TopicService
// (sns.md §1-§3, §8; docs/sns.md lists what is served and how it differs from AWS). The unsigned
// confirmation/unsubscribe links are served by SnsLinks (sns_links.h), outside this dispatcher.
//
// Recording: management events with requestParameters as the form gives them, except that
// ConfirmSubscription's Token is hidden; Publish and PublishBatch are data events (resources: the
// topic) whose message, subject and message attributes are recorded as
// "HIDDEN_DUE_TO_SECURITY_REASONS", as AWS does.
// Ownership: borrows the TopicService. Thread-safety: handle() runs concurrently (the service is
// thread-safe and this class holds no state of its own).
#pragma once

#include "api/service.h"
#include "notify/topic_service.h"

namespace tripline::api::services {

class SnsService final : public Service {
public:
    explicit SnsService(notify::TopicService& topics) : topics_(topics) {}

    std::string_view signing_name() const override { return "sns"; }
    std::string_view event_source() const override { return "sns.amazonaws.com"; }
    std::string_view api_version() const override { return "2010-03-31"; }
    std::string_view xml_namespace() const override {
        return "http://sns.amazonaws.com/doc/2010-03-31/";
    }
    ServiceReply handle(ApiCall& call) override;

private:
    // sns_topic_ops.cpp
    ServiceReply create_topic(ApiCall& call);
    ServiceReply delete_topic(ApiCall& call);
    ServiceReply list_topics(ApiCall& call);
    ServiceReply get_topic_attributes(ApiCall& call);
    ServiceReply set_topic_attributes(ApiCall& call);
    ServiceReply tag_resource(ApiCall& call);
    ServiceReply untag_resource(ApiCall& call);
    ServiceReply list_tags_for_resource(ApiCall& call);

    // sns_subscription_ops.cpp
    ServiceReply subscribe(ApiCall& call);
    ServiceReply confirm_subscription(ApiCall& call);
    ServiceReply unsubscribe(ApiCall& call);
    ServiceReply list_subscriptions(ApiCall& call);
    ServiceReply list_subscriptions_by_topic(ApiCall& call);
    ServiceReply get_subscription_attributes(ApiCall& call);
    ServiceReply set_subscription_attributes(ApiCall& call);

    // sns_publish_ops.cpp
    ServiceReply publish(ApiCall& call);
    ServiceReply publish_batch(ApiCall& call);

    notify::TopicService& topics_;
};

}  // namespace tripline::api::services
