// IngestCheckpointStore: the durable progress of `tripline ingest`, in tables `ingest_files` and
// `ingested_events` (migration 3).
//
// Files: one row per (source, identity) - a log source's id ("dir:/abs/path", "s3:...") and the
// file's identity within it (relative path, object key) - holding the version last finished
// ("size:mtime_ns", an ETag) and how it ended: kDone (its records reached the pipeline) or kFailed
// (bad or truncated; `reason` says why). A new version of the file replaces the row, so a changed
// file is read again while an unchanged one is skipped.
//
// Events: a key per event handed to the pipeline. The store treats keys as opaque text; the
// ingester uses "<eventTime> <eventID> <fingerprint>", because keys that sort by time keep one
// batch's lookups and inserts on a few b-tree pages (random UUIDs alone cost ~6x more per record).
// The ingester looks a batch up with find_ingested() before handing it on, and records it with
// commit_batch() after the pipeline accepted it - together with the files whose last records were
// in that batch, in one transaction. A crash between the two re-reads those files and may
// re-deliver that one batch (at least once, never lost); every earlier batch is recognised as
// duplicates. The table grows by one row (~80 bytes) per ingested event.
//
// Ownership: borrows the Database, which must outlive the store. Thread-safety: as safe as the
// Database; several processes may share the file (SQLite locking). Calls join an open Transaction
// of the calling thread.
// Errors: SQLite errors as in database.h.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

enum class IngestFileState { kDone, kFailed };

const char* ingest_file_state_name(IngestFileState state);  // "done" / "failed"

struct IngestFileCheckpoint {
    std::string source;
    std::string identity;
    std::string version;
    IngestFileState state = IngestFileState::kDone;
    std::string reason;  // kFailed: why; kDone: the first bad record's problem, if any
    std::int64_t records = 0;
    std::int64_t bad_records = 0;
    TimePoint finished_at;

    bool operator==(const IngestFileCheckpoint&) const = default;
};

class IngestCheckpointStore {
public:
    explicit IngestCheckpointStore(Database& db) : db_(db) {}

    // Every file checkpoint of `source`, ordered by identity.
    Result<std::vector<IngestFileCheckpoint>> files(std::string_view source);
    Result<std::optional<IngestFileCheckpoint>> find_file(std::string_view source,
                                                          std::string_view identity);

    // Records (or replaces) the checkpoint of one file.
    Status put_file(const IngestFileCheckpoint& checkpoint);

    // Of `event_keys`, those already ingested.
    Result<std::unordered_set<std::string>> find_ingested(
        std::span<const std::string_view> event_keys);

    // In one transaction: records `event_keys` as ingested (keys already there are ignored) and
    // puts the checkpoints of `finished` files.
    Status commit_batch(std::span<const std::string_view> event_keys,
                        std::span<const IngestFileCheckpoint> finished);

    Result<std::int64_t> ingested_event_count();

    // Forgets every file checkpoint of `source` (the event keys stay, so nothing alerts twice).
    Result<std::int64_t> forget_source(std::string_view source);

private:
    Status insert_event_keys(std::span<const std::string_view> event_keys);

    Database& db_;
};

}  // namespace tripline::storage
