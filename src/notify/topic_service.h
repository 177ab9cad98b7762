// TopicService: SNS topics and subscriptions (sns.md §1-§3, §8) — the domain behind the SNS API,
// the SNS link endpoints and the services that publish (EventBridge SNS targets, CloudTrail file
// notifications, CloudWatch alarm actions), and what config-declared topics are applied through.
//
// State lives in the state store (topic_records.h), so topics and subscriptions survive restarts;
// nothing is cached but compiled filter policies. Publishing evaluates each confirmed
// subscription's filter policy and, in one storage transaction, enqueues one outbox message per
// matching subscription (kind "sns.<protocol>", destination the endpoint, payload
// to_json(SnsDelivery)); confirmation requests and UnsubscribeConfirmations go the same way. After
// a commit that enqueued something, options.on_enqueued() wakes the delivery worker. SnsDelivery's
// links point at options.public_url() (subscription_links.h): an `email` delivery's
// unsubscribe_url is the unsubscribe.html link, the other protocols' the ?Action=Unsubscribe URL.
//
// Access: API callers act in their own account and region (another account's topic →
// kPermissionDenied, "User: … is not authorized to perform: SNS:<Action> on resource: …"; a topic
// ARN of another region → kInvalidArgument "Invalid parameter: TopicArn"). Topic policies are
// stored and shown, not evaluated; AWS services publish with them granted implicitly. Unsigned
// link visits act by token or subscription ARN.
//
// Ownership: borrows the Database and Clock, which must outlive it. Thread-safety: every method may
// be called concurrently (read-modify-write runs in a storage transaction).
// Errors: kInvalidArgument with SNS's own wording ("Invalid parameter: …"; attribute-value errors
// without that prefix are ParameterValueInvalid), kNotFound "Topic does not exist" / "Subscription
// does not exist", kPermissionDenied, kLimitExceeded (tags), storage errors as in database.h.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/subscription_filter.h"
#include "notify/topic_records.h"
#include "notify/topic_types.h"
#include "storage/database.h"

namespace tripline::notify {

struct TopicServiceOptions {
    // Base URL of the links in messages ("http://127.0.0.1:4566"); read at each use.
    std::function<std::string()> public_url;
    // Called after a commit that enqueued deliveries (wakes the delivery worker); may be empty.
    std::function<void()> on_enqueued;
};

inline constexpr std::size_t kMaxTopicTags = 50;
// Confirmation and restore tokens are valid this long (sns.md §2).
inline constexpr std::chrono::hours kTokenLifetime{48};

class TopicService {
public:
    TopicService(storage::Database& db, Clock& clock, TopicServiceOptions options);

    // --- topics (topic_service.cpp) ---
    // Idempotent: an existing topic of that name is returned unchanged, unless the request sets
    // attributes or tags that differ ("Invalid parameter: Attributes Reason: Topic already exists
    // with different attributes" / "... Tags Reason: ... different tags").
    Result<std::string> create_topic(const SnsCaller& caller, const CreateTopicRequest& request);
    // Deletes the topic and all its subscriptions; a topic that does not exist is no error.
    Status delete_topic(const SnsCaller& caller, std::string_view topic_arn);
    Result<SnsPage<std::string>> list_topics(const SnsCaller& caller, std::string_view next_token);
    // Set attributes plus TopicArn, Owner, Policy (default rendered when unset), DisplayName,
    // SubscriptionsConfirmed/Pending/Deleted, EffectiveDeliveryPolicy.
    Result<std::map<std::string, std::string>> get_topic_attributes(const SnsCaller& caller,
                                                                    std::string_view topic_arn);
    // An empty value clears the attribute.
    Status set_topic_attribute(const SnsCaller& caller,
                               std::string_view topic_arn,
                               std::string_view name,
                               std::string_view value);
    Result<std::vector<SnsTag>> list_tags(const SnsCaller& caller, std::string_view topic_arn);
    Status tag_topic(const SnsCaller& caller,
                     std::string_view topic_arn,
                     const std::vector<SnsTag>& tags);
    Status untag_topic(const SnsCaller& caller,
                       std::string_view topic_arn,
                       const std::vector<std::string>& keys);
    // Whether the topic exists (for services that validate targets); errors only from storage or
    // a malformed ARN.
    Result<bool> topic_exists(std::string_view topic_arn);

    // --- subscriptions (topic_service_subscriptions.cpp) ---
    // Re-subscribing the same protocol+endpoint returns the existing subscription (a pending one
    // gets its confirmation request again, with a fresh token when the old one expired).
    Result<SubscribeResult> subscribe(const SnsCaller& caller, const SubscribeRequest& request);
    // Returns the subscription ARN. Also restores a subscription deleted within the restore
    // token's lifetime. "Invalid parameter: Token" for an unknown token.
    Result<std::string> confirm_subscription(const SnsCaller& caller,
                                             const ConfirmSubscriptionRequest& request);
    // `endpoint` (the unsubscribe.html link's) must match when given. http/https subscribers get
    // an UnsubscribeConfirmation whose SubscribeURL restores the subscription.
    Result<UnsubscribeResult> unsubscribe(const SnsCaller& caller,
                                          std::string_view subscription_arn,
                                          std::string_view endpoint = {});
    Result<SnsPage<SubscriptionSummary>> list_subscriptions(const SnsCaller& caller,
                                                            std::string_view next_token);
    Result<SnsPage<SubscriptionSummary>> list_subscriptions_by_topic(const SnsCaller& caller,
                                                                     std::string_view topic_arn,
                                                                     std::string_view next_token);
    Result<std::map<std::string, std::string>> get_subscription_attributes(
        const SnsCaller& caller, std::string_view subscription_arn);
    Status set_subscription_attribute(const SnsCaller& caller,
                                      std::string_view subscription_arn,
                                      std::string_view name,
                                      std::string_view value);

    // --- publishing (topic_service_publish.cpp) ---
    // Returns the MessageId. Used by the API and by the services that publish.
    Result<std::string> publish(const PublishRequest& request);
    // Per-entry outcomes in request order; fails as a whole only when the topic is unusable.
    // Batch-shape rules (1-10 entries, distinct ids) are the API's.
    Result<std::vector<PublishBatchOutcome>> publish_batch(
        const SnsCaller& caller,
        std::string_view topic_arn,
        const std::vector<PublishBatchEntry>& entries);

private:
    // The topic an ARN names, after the access and region checks for `action`.
    Result<TopicRecord> load_topic(TopicRepository& repo,
                                   const SnsCaller& caller,
                                   std::string_view topic_arn,
                                   std::string_view action);
    Result<SubscriptionRecord> load_subscription(TopicRepository& repo,
                                                 std::string_view subscription_arn);
    Status authorize(const SnsCaller& caller,
                     std::string_view owner_account,
                     std::string_view resource_arn,
                     std::string_view action) const;
    // Enqueues a SubscriptionConfirmation for a pending subscription (inside a transaction).
    Status enqueue_confirmation(const TopicRecord& topic,
                                const SubscriptionRecord& subscription,
                                TimePoint now);
    Status enqueue_unsubscribe_confirmation(const TopicRecord& topic,
                                            const SubscriptionRecord& subscription,
                                            TimePoint now);
    // The fields every delivery of `subscription` shares (topic, region, signature, policies).
    SnsDelivery delivery_for(const TopicRecord& topic,
                             const SubscriptionRecord& subscription) const;
    Result<std::string> publish_to_topic(const TopicRecord& topic, const PublishBatchEntry& entry);
    void notify_enqueued() const;
    std::string public_url() const;

    storage::Database& db_;
    Clock& clock_;
    TopicServiceOptions options_;
    SubscriptionFilter filter_;
};

}  // namespace tripline::notify
