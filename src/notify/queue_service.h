// QueueService: Tripline's SQS — minimal standard queues that are real and durable, enough for
// dead-letter queues, `sqs` SNS subscriptions and EventBridge targets, and for users to read them
// with the aws CLIs. Queues are resources (ResourceStore, type "sqs:queue", per account and
// region; document {"attributes":{…},"tags":{…}}); their messages live in SQLite (QueueStore), so
// they survive restarts. QueueUrl = <public_url>/<account>/<name>; ARN
// arn:aws:sqs:<region>:<account>:<name>.
//
// Semantics follow SQS: a message is invisible while delayed and for its visibility timeout after
// each receive; every receive gets a fresh receipt handle; messages expire after the queue's
// MessageRetentionPeriod (counted from the original send); a queue's RedrivePolicy moves a message
// received more than maxReceiveCount times to its dead-letter queue. ReceiveMessage with a wait
// blocks on a condition variable signalled by sends (and by visibility changes), never polling in
// a loop; shutdown() releases every waiting receiver. FIFO queues are refused.
//
// Ownership: borrows the Database and the Clock (they must outlive the service); public_url is
// called whenever a URL is built (the API's address is known only once it listens).
// Thread-safety: every method may be called concurrently; receives may block for their wait time.
//
// Errors (the API turns them into SQS's error codes per operation):
//   kNotFound           the queue does not exist (QueueDoesNotExist)
//   kAlreadyExists      create_queue: same name, different attribute values (QueueNameExists)
//   kInvalidArgument    a name, attribute or parameter value SQS refuses, with SQS's wording
//   kFailedPrecondition create_queue: a FIFO queue was asked for (UnsupportedOperation)
//   others              storage failures (database.h)
// Receipt-handle outcomes that SQS reports in different ways are values (ReceiptOutcome).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/queue_attributes.h"
#include "notify/queue_message.h"
#include "notify/queue_sender.h"
#include "storage/database.h"
#include "storage/queue_store.h"
#include "storage/resource_store.h"

namespace tripline::notify {

inline constexpr std::string_view kQueueResourceType = "sqs:queue";

// Which queue a request names: the caller's account (or the QueueUrl's), region and queue name.
struct QueueRef {
    std::string account_id;
    std::string region;
    std::string name;
};

struct QueueInfo {
    QueueRef ref;
    std::string arn;
    std::string url;
    QueueAttributeMap attributes;  // the settable attributes, defaults filled in
    std::map<std::string, std::string> tags;
    TimePoint created_at;
    TimePoint updated_at;
};

enum class ReceiptOutcome {
    kApplied,        // deleted / visibility changed
    kInvalidHandle,  // not a receipt handle of Tripline's (ReceiptHandleIsInvalid)
    kStaleHandle,    // the message was received again since this handle was issued
    kMessageGone,    // the message no longer exists (deleted, expired, purged)
    kNotInFlight,    // change visibility: the message is not in flight (MessageNotInflight)
};

class QueueService final : public QueueSender {
public:
    QueueService(storage::Database& db, Clock& clock, std::function<std::string()> public_url);
    ~QueueService() override;
    QueueService(const QueueService&) = delete;
    QueueService& operator=(const QueueService&) = delete;

    // 1-80 characters of [A-Za-z0-9_-] (a ".fifo" suffix is FIFO, refused by create_queue).
    static bool is_valid_queue_name(std::string_view name);
    static std::string queue_arn(const QueueRef& ref);
    std::string queue_url(const QueueRef& ref) const;
    // The (account, name) of a QueueUrl: its last two path segments, whatever the host
    // ("http://127.0.0.1:4566/123456789012/jobs", "https://sqs.us-east-1.amazonaws.com/…").
    static std::optional<std::pair<std::string, std::string>> parse_queue_url(std::string_view url);

    // Creates the queue, or returns the existing one when every given attribute has the same
    // value. `attributes` holds settable attributes only (is_settable_queue_attribute).
    Result<QueueInfo> create_queue(const QueueRef& ref,
                                   const QueueAttributeMap& attributes,
                                   const std::map<std::string, std::string>& tags);
    Result<QueueInfo> get_queue(const QueueRef& ref);
    // `names` as GetQueueAttributes takes them: "All", or any of is_queue_attribute_name(); an
    // empty list returns nothing. Includes QueueArn, the approximate counts and the timestamps.
    Result<QueueAttributeMap> get_queue_attributes(const QueueRef& ref,
                                                   const std::vector<std::string>& names);
    Status set_queue_attributes(const QueueRef& ref, const QueueAttributeMap& attributes);
    // The account's queues in the region whose names start with `prefix`, by name.
    Result<std::vector<QueueInfo>> list_queues(std::string_view account_id,
                                               std::string_view region,
                                               std::string_view prefix);
    // Deletes the queue and all its messages.
    Status delete_queue(const QueueRef& ref);
    // Deletes every message of the queue; returns how many.
    Result<std::int64_t> purge_queue(const QueueRef& ref);
    Status tag_queue(const QueueRef& ref, const std::map<std::string, std::string>& tags);
    Status untag_queue(const QueueRef& ref, const std::vector<std::string>& keys);

    Result<SentQueueMessage> send_message(const QueueRef& ref, const OutgoingQueueMessage& message);
    // Up to max_messages visible messages; with a wait, blocks until one arrives or the wait ends
    // (then returns none). Returned messages are invisible for the visibility timeout.
    Result<std::vector<ReceivedQueueMessage>> receive_messages(const QueueRef& ref,
                                                               const QueueReceiveRequest& request);
    Result<ReceiptOutcome> delete_message(const QueueRef& ref, std::string_view receipt_handle);
    // Makes an in-flight message visible again after `visibility_timeout` seconds (0..43200).
    Result<ReceiptOutcome> change_message_visibility(const QueueRef& ref,
                                                     std::string_view receipt_handle,
                                                     int visibility_timeout);

    // QueueSender: a delivery from SNS, EventBridge or a dead-letter queue, by queue ARN.
    Result<std::string> send(std::string_view queue_arn,
                             std::string_view body,
                             const std::vector<QueueMessageAttribute>& attributes) override;

    // Releases every waiting receive and stops later ones from waiting (server shutdown).
    void shutdown();

private:
    Result<QueueInfo> load(const storage::StoredResource& resource) const;
    Result<QueueInfo> find(const QueueRef& ref);
    Status store(const QueueInfo& info);
    Status check_attributes(const QueueRef& ref, const QueueAttributeMap& attributes);
    Result<SentQueueMessage> enqueue(const QueueInfo& queue, const OutgoingQueueMessage& message);
    Result<storage::QueueReceiveResult> receive_once(const QueueInfo& queue,
                                                     int max_messages,
                                                     Duration visibility_timeout);
    TimePoint expired_before(const QueueInfo& queue, TimePoint now) const;
    void signal_waiters();

    storage::Database& db_;
    Clock& clock_;
    std::function<std::string()> public_url_;
    storage::ResourceStore resources_;
    storage::QueueStore messages_;

    // Long polling: receivers wait for the generation to change (a send, a visibility change, a
    // move to a dead-letter queue) or for shutdown.
    std::mutex wait_mutex_;
    std::condition_variable wait_cv_;
    std::uint64_t generation_ = 0;
    bool shutting_down_ = false;
    int waiting_ = 0;
};

}  // namespace tripline::notify
