#include "storage/queue_store.h"

#include "base/uuid.h"
#include "storage/transaction.h"

namespace tripline::storage {

namespace {

constexpr std::string_view kColumns =
    "seq, queue_arn, message_id, body, message_attributes, md5_of_body, sender_id, sent_at, "
    "visible_at, receive_count, first_received_at, receipt_token, dead_letter_source_arn";

StoredQueueMessage read_message(const Statement& stmt) {
    StoredQueueMessage m;
    m.seq = stmt.column_int64(0);
    m.queue_arn = stmt.column_string(1);
    m.message_id = stmt.column_string(2);
    m.body = stmt.column_string(3);
    m.attributes = stmt.column_string(4);
    m.md5_of_body = stmt.column_string(5);
    m.sender_id = stmt.column_string(6);
    m.sent_at = stmt.column_time(7);
    m.visible_at = stmt.column_time(8);
    m.receive_count = static_cast<int>(stmt.column_int64(9));
    m.first_received_at = stmt.column_optional_time(10);
    m.receipt_token = stmt.column_string(11);
    m.dead_letter_source_arn = stmt.column_string(12);
    return m;
}

Result<std::vector<StoredQueueMessage>> collect(Statement& stmt) {
    std::vector<StoredQueueMessage> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(read_message(stmt));
    }
}

std::string select_sql(std::string_view where) {
    return "SELECT " + std::string(kColumns) + " FROM sqs_messages WHERE " + std::string(where);
}

// The receipt of the message, read under the caller's lock: which ReceiptState `token` is in.
Result<std::optional<StoredQueueMessage>> find_locked(Database& db,
                                                      std::string_view queue_arn,
                                                      std::string_view message_id) {
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db.prepare(select_sql("queue_arn = ?1 AND message_id = ?2"), queue_arn, message_id));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return std::optional<StoredQueueMessage>();
    }
    return std::optional<StoredQueueMessage>(read_message(stmt));
}

}  // namespace

Result<StoredQueueMessage> QueueStore::add(const StoredQueueMessage& message) {
    auto guard = db_.lock();
    TRIPLINE_TRY(db_.run(
        "INSERT INTO sqs_messages(queue_arn, message_id, body, message_attributes, md5_of_body, "
        "sender_id, sent_at, visible_at, receive_count, first_received_at, receipt_token, "
        "dead_letter_source_arn) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        message.queue_arn,
        message.message_id,
        message.body,
        message.attributes,
        message.md5_of_body,
        message.sender_id,
        message.sent_at,
        message.visible_at,
        message.receive_count,
        message.first_received_at,
        message.receipt_token.empty() ? std::optional<std::string>()
                                      : std::optional<std::string>(message.receipt_token),
        message.dead_letter_source_arn));
    StoredQueueMessage stored = message;
    stored.seq = db_.last_insert_rowid();
    return stored;
}

Result<QueueReceiveResult> QueueStore::receive(std::string_view queue_arn,
                                               const QueueReceiveOptions& options) {
    if (options.max_messages < 1 || options.max_messages > 1000) {
        return make_error(
            Errc::kInvalidArgument,
            "max_messages must be 1..1000, not " + std::to_string(options.max_messages));
    }
    const bool redrive = options.max_receive_count > 0 && !options.dead_letter_queue_arn.empty() &&
                         options.dead_letter_queue_arn != queue_arn;
    const TimePoint invisible_until = options.now + options.visibility_timeout;
    QueueReceiveResult result;
    Status status = with_transaction(db_, [&]() -> Status {
        result = QueueReceiveResult{};
        TRIPLINE_ASSIGN_OR_RETURN(
            result.expired,
            db_.run("DELETE FROM sqs_messages WHERE queue_arn = ?1 AND sent_at <= ?2",
                    queue_arn,
                    options.expired_before));
        // One cursor over send order: a message taken (or moved) in this call is never looked at
        // again, even when a zero visibility timeout leaves it visible.
        std::int64_t after_seq = 0;
        while (static_cast<int>(result.messages.size()) < options.max_messages) {
            const int wanted = options.max_messages - static_cast<int>(result.messages.size());
            TRIPLINE_ASSIGN_OR_RETURN(
                Statement select,
                db_.prepare(select_sql("queue_arn = ?1 AND visible_at <= ?2 AND seq > ?3 "
                                       "ORDER BY seq LIMIT ?4"),
                            queue_arn,
                            options.now,
                            after_seq,
                            wanted));
            TRIPLINE_ASSIGN_OR_RETURN(std::vector<StoredQueueMessage> candidates, collect(select));
            if (candidates.empty()) {
                break;
            }
            bool moved_any = false;
            for (StoredQueueMessage& m : candidates) {
                after_seq = m.seq;
                if (redrive && m.receive_count >= options.max_receive_count) {
                    TRIPLINE_TRY(
                        db_.run("UPDATE sqs_messages SET queue_arn = ?2, receive_count = 0, "
                                "first_received_at = NULL, receipt_token = NULL, visible_at = ?3, "
                                "dead_letter_source_arn = ?4 WHERE seq = ?1",
                                m.seq,
                                options.dead_letter_queue_arn,
                                options.now,
                                queue_arn));
                    ++result.moved_to_dead_letter_queue;
                    moved_any = true;
                    continue;
                }
                m.receipt_token = make_uuid();
                m.receive_count += 1;
                if (!m.first_received_at) {
                    m.first_received_at = options.now;
                }
                m.visible_at = invisible_until;
                TRIPLINE_TRY(
                    db_.run("UPDATE sqs_messages SET receive_count = ?2, first_received_at = ?3, "
                            "receipt_token = ?4, visible_at = ?5 WHERE seq = ?1",
                            m.seq,
                            m.receive_count,
                            m.first_received_at,
                            m.receipt_token,
                            m.visible_at));
                result.messages.push_back(std::move(m));
            }
            if (!moved_any) {
                break;  // the select returned fewer than wanted or all were taken
            }
        }
        return ok_status();
    });
    TRIPLINE_TRY(status);
    return result;
}

Result<ReceiptState> QueueStore::remove(std::string_view queue_arn,
                                        std::string_view message_id,
                                        std::string_view token) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(std::int64_t changed,
                              db_.run("DELETE FROM sqs_messages WHERE queue_arn = ?1 AND "
                                      "message_id = ?2 AND receipt_token = ?3",
                                      queue_arn,
                                      message_id,
                                      token));
    if (changed > 0) {
        return ReceiptState::kCurrent;
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto found, find_locked(db_, queue_arn, message_id));
    return found ? ReceiptState::kStale : ReceiptState::kGone;
}

Result<ReceiptState> QueueStore::change_visibility(std::string_view queue_arn,
                                                   std::string_view message_id,
                                                   std::string_view token,
                                                   TimePoint visible_at,
                                                   TimePoint now) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        std::int64_t changed,
        db_.run("UPDATE sqs_messages SET visible_at = ?4 WHERE queue_arn = ?1 AND message_id = ?2 "
                "AND receipt_token = ?3 AND visible_at > ?5",
                queue_arn,
                message_id,
                token,
                visible_at,
                now));
    if (changed > 0) {
        return ReceiptState::kCurrent;
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto found, find_locked(db_, queue_arn, message_id));
    if (!found) {
        return ReceiptState::kGone;
    }
    return found->receipt_token == token ? ReceiptState::kNotInFlight : ReceiptState::kStale;
}

Result<std::int64_t> QueueStore::purge(std::string_view queue_arn) {
    return db_.run("DELETE FROM sqs_messages WHERE queue_arn = ?1", queue_arn);
}

Result<std::int64_t> QueueStore::remove_expired(std::string_view queue_arn,
                                                TimePoint expired_before) {
    return db_.run("DELETE FROM sqs_messages WHERE queue_arn = ?1 AND sent_at <= ?2",
                   queue_arn,
                   expired_before);
}

Result<QueueMessageCounts> QueueStore::counts(std::string_view queue_arn,
                                              TimePoint now,
                                              TimePoint expired_before) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT coalesce(sum(visible_at <= ?2), 0), "
                    "coalesce(sum(visible_at > ?2 AND receive_count > 0), 0), "
                    "coalesce(sum(visible_at > ?2 AND receive_count = 0), 0) "
                    "FROM sqs_messages WHERE queue_arn = ?1 AND sent_at > ?3",
                    queue_arn,
                    now,
                    expired_before));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    QueueMessageCounts counts;
    if (row) {
        counts.visible = stmt.column_int64(0);
        counts.in_flight = stmt.column_int64(1);
        counts.delayed = stmt.column_int64(2);
    }
    return counts;
}

Result<std::optional<TimePoint>> QueueStore::next_visible_at(std::string_view queue_arn,
                                                             TimePoint now) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT min(visible_at) FROM sqs_messages WHERE queue_arn = ?1 AND "
                    "visible_at > ?2",
                    queue_arn,
                    now));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row || stmt.column_is_null(0)) {
        return std::optional<TimePoint>();
    }
    return std::optional<TimePoint>(stmt.column_time(0));
}

Result<std::optional<StoredQueueMessage>> QueueStore::find(std::string_view queue_arn,
                                                           std::string_view message_id) {
    auto guard = db_.lock();
    return find_locked(db_, queue_arn, message_id);
}

}  // namespace tripline::storage
