#include "storage/ingest_checkpoint_store.h"

#include <string>

#include "storage/transaction.h"

namespace tripline::storage {

namespace {

constexpr std::string_view kFileColumns =
    "source, identity, version, state, reason, records, bad_records, finished_at";

IngestFileCheckpoint read_file_row(const Statement& stmt) {
    IngestFileCheckpoint c;
    c.source = stmt.column_string(0);
    c.identity = stmt.column_string(1);
    c.version = stmt.column_string(2);
    c.state = stmt.column_text(3) == "failed" ? IngestFileState::kFailed : IngestFileState::kDone;
    c.reason = stmt.column_string(4);
    c.records = stmt.column_int64(5);
    c.bad_records = stmt.column_int64(6);
    c.finished_at = stmt.column_time(7);
    return c;
}

}  // namespace

const char* ingest_file_state_name(IngestFileState state) {
    return state == IngestFileState::kFailed ? "failed" : "done";
}

Result<std::vector<IngestFileCheckpoint>> IngestCheckpointStore::files(std::string_view source) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT " + std::string(kFileColumns) +
                                              " FROM ingest_files WHERE source = ?1 "
                                              "ORDER BY identity",
                                          source));
    std::vector<IngestFileCheckpoint> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(read_file_row(stmt));
    }
}

Result<std::optional<IngestFileCheckpoint>> IngestCheckpointStore::find_file(
    std::string_view source, std::string_view identity) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT " + std::string(kFileColumns) +
                                              " FROM ingest_files WHERE source = ?1 AND "
                                              "identity = ?2",
                                          source,
                                          identity));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return std::optional<IngestFileCheckpoint>();
    }
    return std::optional<IngestFileCheckpoint>(read_file_row(stmt));
}

Status IngestCheckpointStore::put_file(const IngestFileCheckpoint& c) {
    TRIPLINE_TRY(db_.run(
        "INSERT INTO ingest_files(source, identity, version, state, reason, records, bad_records, "
        "finished_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT(source, identity) DO UPDATE SET version = excluded.version, "
        "state = excluded.state, reason = excluded.reason, records = excluded.records, "
        "bad_records = excluded.bad_records, finished_at = excluded.finished_at",
        c.source,
        c.identity,
        c.version,
        std::string_view(ingest_file_state_name(c.state)),
        c.reason,
        c.records,
        c.bad_records,
        c.finished_at));
    return ok_status();
}

Result<std::unordered_set<std::string>> IngestCheckpointStore::find_ingested(
    std::span<const std::string_view> event_keys) {
    std::unordered_set<std::string> found;
    if (event_keys.empty()) {
        return found;
    }
    // One transaction for all the lookups: a read outside one costs a WAL snapshot per key
    // (measured 13 us/key against ~1 us inside).
    TRIPLINE_TRY(with_transaction(db_, [&]() -> Status {
        found.clear();
        TRIPLINE_ASSIGN_OR_RETURN(
            Statement stmt, db_.prepare("SELECT 1 FROM ingested_events WHERE event_key = ?1"));
        for (std::string_view key : event_keys) {
            stmt.reset();
            TRIPLINE_TRY(stmt.bind_text(1, key));
            TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
            if (row) {
                found.emplace(key);
            }
        }
        return ok_status();
    }));
    return found;
}

Status IngestCheckpointStore::insert_event_keys(std::span<const std::string_view> event_keys) {
    if (event_keys.empty()) {
        return ok_status();
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("INSERT OR IGNORE INTO ingested_events(event_key) VALUES (?1)"));
    for (std::string_view key : event_keys) {
        stmt.reset();
        TRIPLINE_TRY(stmt.bind_text(1, key));
        TRIPLINE_TRY(stmt.step());
    }
    return ok_status();
}

Status IngestCheckpointStore::commit_batch(std::span<const std::string_view> event_keys,
                                           std::span<const IngestFileCheckpoint> finished) {
    if (event_keys.empty() && finished.empty()) {
        return ok_status();
    }
    return with_transaction(db_, [&]() -> Status {
        TRIPLINE_TRY(insert_event_keys(event_keys));
        for (const IngestFileCheckpoint& c : finished) {
            TRIPLINE_TRY(put_file(c));
        }
        return ok_status();
    });
}

Result<std::int64_t> IngestCheckpointStore::ingested_event_count() {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt, db_.prepare("SELECT count(*) FROM ingested_events"));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    return row ? stmt.column_int64(0) : 0;
}

Result<std::int64_t> IngestCheckpointStore::forget_source(std::string_view source) {
    return db_.run("DELETE FROM ingest_files WHERE source = ?1", source);
}

}  // namespace tripline::storage
