// TopicService: Publish and PublishBatch — validation, filter policies, and the fan-out to the
// outbox in one transaction (topic_service.h; sns.md §3, §8).
#include "base/uuid.h"
#include "notify/subscription_links.h"
#include "notify/topic_message.h"
#include "notify/topic_service.h"
#include "storage/outbox_store.h"
#include "storage/transaction.h"

namespace tripline::notify {

Result<std::string> TopicService::publish(const PublishRequest& request) {
    TopicRecord topic;
    {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(topic,
                                  load_topic(repo, request.caller, request.topic_arn, "Publish"));
    }
    PublishBatchEntry entry;
    entry.message = request.message;
    entry.subject = request.subject;
    entry.message_structure = request.message_structure;
    entry.message_attributes = request.message_attributes;
    return publish_to_topic(topic, entry);
}

Result<std::vector<PublishBatchOutcome>> TopicService::publish_batch(
    const SnsCaller& caller,
    std::string_view topic_arn,
    const std::vector<PublishBatchEntry>& entries) {
    TopicRecord topic;
    {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(topic, load_topic(repo, caller, topic_arn, "Publish"));
    }
    std::vector<PublishBatchOutcome> outcomes;
    outcomes.reserve(entries.size());
    for (const PublishBatchEntry& entry : entries) {
        PublishBatchOutcome outcome;
        outcome.id = entry.id;
        auto message_id = publish_to_topic(topic, entry);
        if (message_id.has_value()) {
            outcome.message_id = std::move(message_id).value();
        } else {
            outcome.error = std::move(message_id).error();
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

Result<std::string> TopicService::publish_to_topic(const TopicRecord& topic,
                                                   const PublishBatchEntry& entry) {
    if (!entry.subject.empty()) {
        TRIPLINE_TRY(validate_subject(entry.subject));
    }
    TRIPLINE_TRY(validate_message_attributes(entry.message_attributes));
    TRIPLINE_ASSIGN_OR_RETURN(
        MessageVariants variants,
        resolve_message(entry.message, entry.message_structure, entry.message_attributes));
    const std::string message_id = make_uuid();
    const std::string base = public_url();
    int enqueued = 0;
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        enqueued = 0;
        TopicRepository repo(db_);
        storage::OutboxStore outbox(db_);
        TRIPLINE_ASSIGN_OR_RETURN(auto subscriptions, repo.subscriptions_of(topic));
        const TimePoint now = clock_.now();
        const std::string timestamp = format_iso8601_millis(now);
        for (const SubscriptionRecord& s : subscriptions) {
            if (s.status != SubscriptionStatus::kConfirmed) {
                continue;  // SNS sends nothing to an endpoint before it is confirmed
            }
            const std::string& body = variants.for_protocol(s.protocol);
            if (!filter_.matches(s.attributes, body, entry.message_attributes)) {
                continue;
            }
            SnsDelivery d = delivery_for(topic, s);
            d.message_id = message_id;
            d.timestamp = timestamp;
            d.subject = entry.subject;
            d.message = body;
            d.message_attributes = entry.message_attributes;
            d.unsubscribe_url = s.protocol == "email" ? unsubscribe_link(base, s.arn, s.endpoint)
                                                      : unsubscribe_url(base, s.arn);
            TRIPLINE_TRY(outbox.enqueue("sns." + s.protocol, s.endpoint, to_json(d), now));
            ++enqueued;
        }
        return ok_status();
    }));
    if (enqueued > 0) {
        notify_enqueued();
    }
    return message_id;
}

}  // namespace tripline::notify
