// QueueStore: the durable messages of Tripline's SQS queues, in table `sqs_messages` (migration
// 2). A message belongs to one queue, named by the queue's ARN (the queue itself is a resource in
// ResourceStore). A message is *visible* (receivable) once its visible_at has passed: sending with
// a delay and receiving (the visibility timeout) both push visible_at into the future. A message
// *expires* when it was sent at or before the caller's `expired_before` (its queue's retention).
//
// Life of a message: add --> [delayed] --> visible --receive--> in flight (new receipt token,
// receive_count + 1) --visibility ends--> visible again ... --remove with the current token-->
// gone. A receive that finds a visible message already received max_receive_count times moves it to
// the dead-letter queue instead (same message id, receive count reset, source ARN kept).
//
// This store keeps text only: the message attributes are a JSON document that belongs to the
// queue service, and receipt tokens are opaque.
//
// Ownership: borrows the Database, which must outlive the store. Thread-safety: as safe as the
// Database; receive() runs in one transaction, so two concurrent receivers never get the same
// message under the same visibility period. Calls join an open Transaction of the calling thread.
// Errors: kInvalidArgument for a bad limit, kAlreadyExists for a duplicate message id, SQLite
// errors as in database.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

struct StoredQueueMessage {
    std::int64_t seq = 0;  // assigned by add(); increasing in send order
    std::string queue_arn;
    std::string message_id;
    std::string body;
    std::string attributes = "[]";  // JSON text owned by the queue service
    std::string md5_of_body;
    std::string sender_id;
    TimePoint sent_at;
    TimePoint visible_at;
    int receive_count = 0;
    std::optional<TimePoint> first_received_at;
    std::string receipt_token;           // the current receive's token; empty until received
    std::string dead_letter_source_arn;  // set when moved here from a source queue
};

struct QueueMessageCounts {
    std::int64_t visible = 0;    // receivable now
    std::int64_t in_flight = 0;  // received, visibility timeout not over
    std::int64_t delayed = 0;    // never received, delay not over
};

struct QueueReceiveOptions {
    TimePoint now;
    int max_messages = 1;  // 1..1000
    Duration visibility_timeout{};
    TimePoint expired_before;  // messages sent at or before this are deleted, never returned
    // Redrive: when max_receive_count > 0, a visible message already received that many times
    // moves to dead_letter_queue_arn instead of being returned.
    int max_receive_count = 0;
    std::string dead_letter_queue_arn;
};

struct QueueReceiveResult {
    std::vector<StoredQueueMessage> messages;  // as stored after this receive, in send order
    std::int64_t moved_to_dead_letter_queue = 0;
    std::int64_t expired = 0;
};

// How a receipt (message id + token) relates to the stored message.
enum class ReceiptState {
    kCurrent,     // the message exists and the token is its latest receive's
    kStale,       // the message exists but was received again since (or never)
    kGone,        // no such message in this queue (deleted, expired, purged)
    kNotInFlight  // change_visibility only: the token is current but the message is visible
};

class QueueStore {
public:
    explicit QueueStore(Database& db) : db_(db) {}

    // Stores a new message; `seq` is ignored and the stored row is returned.
    Result<StoredQueueMessage> add(const StoredQueueMessage& message);

    // Deletes the expired messages, then takes up to max_messages visible ones in send order,
    // making each invisible until now + visibility_timeout under a fresh receipt token.
    Result<QueueReceiveResult> receive(std::string_view queue_arn,
                                       const QueueReceiveOptions& options);

    // Deletes the message when `token` is its current receipt token. A stale token deletes
    // nothing (SQS: "the request succeeds, but the message will not be deleted").
    Result<ReceiptState> remove(std::string_view queue_arn,
                                std::string_view message_id,
                                std::string_view token);

    // Sets visible_at of an in-flight message whose current token is `token`.
    Result<ReceiptState> change_visibility(std::string_view queue_arn,
                                           std::string_view message_id,
                                           std::string_view token,
                                           TimePoint visible_at,
                                           TimePoint now);

    // Deletes every message of the queue (PurgeQueue, DeleteQueue); returns how many.
    Result<std::int64_t> purge(std::string_view queue_arn);
    // Deletes the messages sent at or before `expired_before`; returns how many.
    Result<std::int64_t> remove_expired(std::string_view queue_arn, TimePoint expired_before);

    Result<QueueMessageCounts> counts(std::string_view queue_arn,
                                      TimePoint now,
                                      TimePoint expired_before);
    // The earliest visible_at after `now` (when a waiting receiver should look again), if any.
    Result<std::optional<TimePoint>> next_visible_at(std::string_view queue_arn, TimePoint now);

    Result<std::optional<StoredQueueMessage>> find(std::string_view queue_arn,
                                                   std::string_view message_id);

private:
    Database& db_;
};

}  // namespace tripline::storage
