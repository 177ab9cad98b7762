// How SNS topics and subscriptions are kept in the state store: one storage::ResourceStore row
// each, type "sns:topic" (name = topic name) and "sns:subscription" (name = the subscription's
// UUID, stored in the topic's account and region, the topic ARN in its document). TopicRepository
// maps those rows to TopicRecord/SubscriptionRecord and back; the documents are the service's own
// JSON (see topic_records.cpp) and survive restarts.
//
// Ownership: borrows the Database. Thread-safety: as the Database; callers group calls in a
// storage::Transaction when they read-modify-write. Errors: SQLite errors as in database.h;
// kInternal for a stored document this code cannot read (written by something else).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/topic_types.h"
#include "storage/database.h"

namespace tripline::notify {

inline constexpr std::string_view kTopicResourceType = "sns:topic";
inline constexpr std::string_view kSubscriptionResourceType = "sns:subscription";

struct TopicRecord {
    std::string account_id;
    std::string region;
    std::string name;
    std::string arn;
    // Only what was set (CreateTopic/SetTopicAttributes); computed ones are added on read.
    std::map<std::string, std::string> attributes;
    std::vector<SnsTag> tags;
};

// pending → confirmed (ConfirmSubscription) → deleted (Unsubscribe; kept two days so that the
// UnsubscribeConfirmation's SubscribeURL can restore it) → removed.
enum class SubscriptionStatus { kPending, kConfirmed, kDeleted };

struct SubscriptionRecord {
    std::string account_id;  // the topic's
    std::string region;      // the topic's
    std::string id;          // UUID: the last part of the ARN and the resource name
    std::string arn;
    std::string topic_arn;
    std::string protocol;
    std::string endpoint;
    std::string owner;  // the subscriber's account
    SubscriptionStatus status = SubscriptionStatus::kPending;
    std::string token;  // confirmation (pending) or restore (deleted) token
    TimePoint token_expires_at{};
    bool confirmation_was_authenticated = false;  // confirmed by a signed call, or needed none
    bool authenticate_on_unsubscribe = false;     // unsigned unsubscribes are refused
    TimePoint deleted_at{};
    // Only what was set: FilterPolicy, FilterPolicyScope, RawMessageDelivery, DeliveryPolicy,
    // RedrivePolicy.
    std::map<std::string, std::string> attributes;

    bool active() const { return status != SubscriptionStatus::kDeleted; }
};

class TopicRepository {
public:
    explicit TopicRepository(storage::Database& db) : db_(db) {}

    Result<std::optional<TopicRecord>> find_topic(std::string_view account_id,
                                                  std::string_view region,
                                                  std::string_view name);
    // One account's topics in one region, by name.
    Result<std::vector<TopicRecord>> list_topics(std::string_view account_id,
                                                 std::string_view region);
    Status put_topic(const TopicRecord& topic, TimePoint now);
    Status remove_topic(const TopicRecord& topic);

    Result<std::optional<SubscriptionRecord>> find_subscription(std::string_view account_id,
                                                                std::string_view region,
                                                                std::string_view id);
    // Every subscription (all states) of every topic of one account and region, by id.
    Result<std::vector<SubscriptionRecord>> list_subscriptions(std::string_view account_id,
                                                               std::string_view region);
    // The subscriptions (all states) of one topic, by id.
    Result<std::vector<SubscriptionRecord>> subscriptions_of(const TopicRecord& topic);
    Status put_subscription(const SubscriptionRecord& subscription, TimePoint now);
    Status remove_subscription(const SubscriptionRecord& subscription);

private:
    storage::Database& db_;
};

}  // namespace tripline::notify
