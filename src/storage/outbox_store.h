// OutboxStore: the durable queue of deliveries (notifications to subscriptions, target
// invocations, file-delivered messages) in table `outbox`. A service enqueues a message in the
// same Transaction that records the work it accepted, so a crash never loses one without the other;
// delivery workers then claim due messages, deliver them and mark the outcome.
//
// Life of a message: pending --claim_due--> in_flight --mark_delivered--> delivered
//                                                     --mark_failed-----> pending (attempts + 1,
//                                                                         due again later)
//                                                     --mark_dead-------> dead (kept for the DLQ)
//                                                     dead --redrive--> pending (attempts reset)
// While in_flight, next_attempt_at is the end of the worker's lease. A worker that crashes never
// marks its messages; once the lease ends, claim_due hands them out again. Delivery is therefore
// at-least-once: a consumer may see a message twice, never zero times.
//
// Ownership: borrows the Database, which must outlive the store. Thread-safety: as safe as the
// Database; claim_due is atomic (one UPDATE), so concurrent workers, in threads or in processes,
// never claim the same message under the same lease. Calls join an open Transaction of the calling
// thread. Errors: kNotFound for an unknown id, kFailedPrecondition for a transition the state
// machine above does not allow, kInvalidArgument for a bad limit, SQLite errors as in database.h.
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

enum class OutboxStatus { kPending, kInFlight, kDelivered, kDead };
// "pending", "in_flight", "delivered", "dead" (the stored spelling).
std::string_view outbox_status_name(OutboxStatus status);
Result<OutboxStatus> parse_outbox_status(std::string_view name);

struct OutboxMessage {
    std::int64_t id = 0;
    std::string kind;         // what delivers it, e.g. "sns.http"
    std::string destination;  // where to, e.g. an endpoint URL or subscription ARN
    std::string payload;
    int attempts = 0;           // failed attempts so far
    TimePoint next_attempt_at;  // pending: due time; in_flight: lease end
    OutboxStatus status = OutboxStatus::kPending;
    std::string last_error;
    TimePoint created_at;
    TimePoint updated_at;
};

struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t in_flight = 0;
    std::int64_t delivered = 0;
    std::int64_t dead = 0;
};

class OutboxStore {
public:
    explicit OutboxStore(Database& db) : db_(db) {}

    // Adds a pending message due at `now`; returns its id (increasing, never reused).
    Result<std::int64_t> enqueue(std::string_view kind,
                                 std::string_view destination,
                                 std::string_view payload,
                                 TimePoint now);

    // Claims up to `limit` messages that are due: pending ones whose next_attempt_at <= now, and
    // in_flight ones whose lease ended (their worker died). They become in_flight with a lease
    // until now + lease. The oldest-due are taken first; the result is ordered by id.
    Result<std::vector<OutboxMessage>> claim_due(TimePoint now, int limit, Duration lease);

    // Outcomes of an in_flight message. mark_delivered on a delivered message does nothing.
    Status mark_delivered(std::int64_t id, TimePoint now);
    Status mark_failed(std::int64_t id,
                       std::string_view error,
                       TimePoint next_attempt_at,
                       TimePoint now);
    // Counts the attempt that just failed when the message was in_flight. Also allowed for a
    // pending message (an operator giving up on it).
    Status mark_dead(std::int64_t id, std::string_view error, TimePoint now);

    // Every in_flight message goes back to pending, due at `now`: for a process that knows it is
    // the outbox's only user (it holds the data directory's lock), so the leases it finds were
    // taken by a process that died. Returns how many.
    Result<std::int64_t> release_leases(TimePoint now);

    // A dead message goes back to pending, due at `now`, with its attempts reset and its age
    // counted from `now` (so age-based retry limits start afresh); last_error is kept.
    Status redrive(std::int64_t id, TimePoint now);

    Result<OutboxMessage> get(std::int64_t id);
    // The `limit` newest messages in any status, newest first.
    Result<std::vector<OutboxMessage>> recent(int limit);
    Result<OutboxCounts> counts();
    // Messages in one status by id, at most `limit`.
    Result<std::vector<OutboxMessage>> list(OutboxStatus status, int limit);
    // Deletes delivered messages last updated before `before`; returns how many.
    Result<std::int64_t> purge_delivered(TimePoint before);

private:
    // After an UPDATE guarded by status: explains why it changed nothing (kNotFound or
    // kFailedPrecondition), unless the message is already in `already_fine`.
    Status check_transition(std::int64_t id,
                            std::int64_t changed,
                            std::optional<OutboxStatus> already_fine,
                            std::string_view expected = "in_flight");

    Database& db_;
};

}  // namespace tripline::storage
