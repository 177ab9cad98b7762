#include "storage/outbox_store.h"

#include <algorithm>
#include <utility>

#include "storage/outbox_payload.h"
#include "storage/transaction.h"

namespace tripline::storage {

namespace {

constexpr std::string_view kColumns =
    "id, kind, destination, payload, attempts, next_attempt_at, status, last_error, created_at, "
    "updated_at";

Result<OutboxMessage> read_message(const Statement& stmt) {
    OutboxMessage m;
    m.id = stmt.column_int64(0);
    m.kind = stmt.column_string(1);
    m.destination = stmt.column_string(2);
    if (stmt.column_is_blob(3)) {
        const auto blob = stmt.column_blob(3);
        TRIPLINE_ASSIGN_OR_RETURN(m.payload,
                                  decompress_outbox_payload(blob.data(), blob.size(), m.id));
    } else {
        m.payload = stmt.column_string(3);
    }
    m.attempts = static_cast<int>(stmt.column_int64(4));
    m.next_attempt_at = stmt.column_time(5);
    TRIPLINE_ASSIGN_OR_RETURN(m.status, parse_outbox_status(stmt.column_text(6)));
    m.last_error = stmt.column_string(7);
    m.created_at = stmt.column_time(8);
    m.updated_at = stmt.column_time(9);
    return m;
}

Result<std::vector<OutboxMessage>> collect(Statement& stmt) {
    std::vector<OutboxMessage> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        TRIPLINE_ASSIGN_OR_RETURN(OutboxMessage m, read_message(stmt));
        out.push_back(std::move(m));
    }
}

Status check_limit(int limit) {
    if (limit <= 0) {
        return make_error(Errc::kInvalidArgument,
                          "limit must be positive, not " + std::to_string(limit));
    }
    return ok_status();
}

}  // namespace

std::string_view outbox_status_name(OutboxStatus status) {
    switch (status) {
        case OutboxStatus::kPending:
            return "pending";
        case OutboxStatus::kInFlight:
            return "in_flight";
        case OutboxStatus::kDelivered:
            return "delivered";
        case OutboxStatus::kDead:
            return "dead";
    }
    return "pending";
}

Result<OutboxStatus> parse_outbox_status(std::string_view name) {
    for (auto s : {OutboxStatus::kPending,
                   OutboxStatus::kInFlight,
                   OutboxStatus::kDelivered,
                   OutboxStatus::kDead}) {
        if (name == outbox_status_name(s)) {
            return s;
        }
    }
    return make_error(Errc::kInvalidArgument,
                      "unknown outbox status \"" + std::string(name) + "\"");
}

Result<std::int64_t> OutboxStore::enqueue(std::string_view kind,
                                          std::string_view destination,
                                          std::string_view payload,
                                          TimePoint now) {
    constexpr std::string_view kInsert =
        "INSERT INTO outbox(kind, destination, payload, attempts, next_attempt_at, status, "
        "created_at, updated_at) VALUES(?1, ?2, ?3, 0, ?4, 'pending', ?4, ?4)";
    // Compressed before taking the connection, so other threads wait only for the insert.
    std::vector<std::byte> compressed;
    if (payload.size() >= kCompressFromBytes) {
        compressed = compress_outbox_payload(payload);
    }
    // Hold the connection so that last_insert_rowid is this insert's.
    auto guard = db_.lock();
    if (payload.size() >= kCompressFromBytes) {
        TRIPLINE_TRY(db_.run(kInsert, kind, destination, compressed, now));
    } else {
        TRIPLINE_TRY(db_.run(kInsert, kind, destination, payload, now));
    }
    return db_.last_insert_rowid();
}

Result<std::vector<OutboxMessage>> OutboxStore::claim_due(TimePoint now,
                                                          int limit,
                                                          Duration lease) {
    TRIPLINE_TRY(check_limit(limit));
    std::vector<OutboxMessage> claimed;
    // One UPDATE picks and leases the rows, so two workers can never both take one. The
    // transaction gives it with_transaction's retry when another process holds the write lock.
    Status status = with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(
            Statement stmt,
            db_.prepare("UPDATE outbox SET status = 'in_flight', next_attempt_at = ?2, "
                        "updated_at = ?1 WHERE id IN (SELECT id FROM outbox WHERE status IN "
                        "('pending', 'in_flight') AND next_attempt_at <= ?1 "
                        "ORDER BY next_attempt_at, id LIMIT ?3) RETURNING " +
                            std::string(kColumns),
                        now,
                        now + lease,
                        limit));
        TRIPLINE_ASSIGN_OR_RETURN(claimed, collect(stmt));
        return ok_status();
    });
    TRIPLINE_TRY(status);
    // RETURNING's order is unspecified.
    std::sort(claimed.begin(), claimed.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
        return a.id < b.id;
    });
    return claimed;
}

Status OutboxStore::mark_delivered(std::int64_t id, TimePoint now) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(std::int64_t changed,
                              db_.run("UPDATE outbox SET status = 'delivered', updated_at = ?2 "
                                      "WHERE id = ?1 AND status = 'in_flight'",
                                      id,
                                      now));
    return check_transition(id, changed, OutboxStatus::kDelivered);
}

Status OutboxStore::mark_failed(std::int64_t id,
                                std::string_view error,
                                TimePoint next_attempt_at,
                                TimePoint now) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        std::int64_t changed,
        db_.run("UPDATE outbox SET status = 'pending', attempts = attempts + 1, last_error = ?3, "
                "next_attempt_at = ?4, updated_at = ?2 WHERE id = ?1 AND status = 'in_flight'",
                id,
                now,
                error,
                next_attempt_at));
    return check_transition(id, changed, std::nullopt);
}

Status OutboxStore::mark_dead(std::int64_t id, std::string_view error, TimePoint now) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        std::int64_t changed,
        db_.run("UPDATE outbox SET status = 'dead', last_error = ?3, updated_at = ?2, "
                "attempts = attempts + (status = 'in_flight') "
                "WHERE id = ?1 AND status IN ('pending', 'in_flight')",
                id,
                now,
                error));
    return check_transition(id, changed, std::nullopt, "pending or in_flight");
}

Status OutboxStore::check_transition(std::int64_t id,
                                     std::int64_t changed,
                                     std::optional<OutboxStatus> already_fine,
                                     std::string_view expected) {
    if (changed > 0) {
        return ok_status();
    }
    TRIPLINE_ASSIGN_OR_RETURN(OutboxMessage m, get(id));
    if (already_fine == m.status) {
        return ok_status();
    }
    return make_error(Errc::kFailedPrecondition,
                      "outbox message " + std::to_string(id) + " is " +
                          std::string(outbox_status_name(m.status)) + ", not " +
                          std::string(expected));
}

Result<OutboxMessage> OutboxStore::get(std::int64_t id) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT " + std::string(kColumns) + " FROM outbox WHERE id = ?1", id));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return make_error(Errc::kNotFound,
                          "outbox message " + std::to_string(id) + " does not exist");
    }
    return read_message(stmt);
}

Result<OutboxCounts> OutboxStore::counts() {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT status, count(*) FROM outbox GROUP BY status"));
    OutboxCounts counts;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return counts;
        }
        TRIPLINE_ASSIGN_OR_RETURN(OutboxStatus status, parse_outbox_status(stmt.column_text(0)));
        const std::int64_t n = stmt.column_int64(1);
        switch (status) {
            case OutboxStatus::kPending:
                counts.pending = n;
                break;
            case OutboxStatus::kInFlight:
                counts.in_flight = n;
                break;
            case OutboxStatus::kDelivered:
                counts.delivered = n;
                break;
            case OutboxStatus::kDead:
                counts.dead = n;
                break;
        }
    }
}

Status OutboxStore::redrive(std::int64_t id, TimePoint now) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        std::int64_t changed,
        db_.run("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?2, "
                "created_at = ?2, updated_at = ?2 WHERE id = ?1 AND status = 'dead'",
                id,
                now));
    return check_transition(id, changed, std::nullopt, "dead");
}

Result<std::int64_t> OutboxStore::release_leases(TimePoint now) {
    auto guard = db_.lock();
    return db_.run(
        "UPDATE outbox SET status = 'pending', next_attempt_at = ?1, updated_at = ?1 "
        "WHERE status = 'in_flight'",
        now);
}

Result<std::vector<OutboxMessage>> OutboxStore::recent(int limit) {
    TRIPLINE_TRY(check_limit(limit));
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT " + std::string(kColumns) + " FROM outbox ORDER BY id DESC LIMIT ?1",
                    limit));
    return collect(stmt);
}

Result<std::vector<OutboxMessage>> OutboxStore::list(OutboxStatus status, int limit) {
    TRIPLINE_TRY(check_limit(limit));
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT " + std::string(kColumns) +
                                              " FROM outbox WHERE status = ?1 ORDER BY id LIMIT ?2",
                                          outbox_status_name(status),
                                          limit));
    return collect(stmt);
}

Result<std::int64_t> OutboxStore::purge_delivered(TimePoint before) {
    return db_.run("DELETE FROM outbox WHERE status = 'delivered' AND updated_at < ?1", before);
}

}  // namespace tripline::storage
