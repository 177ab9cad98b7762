// Ingester: reads CloudTrail log files from a LogSource and hands their records to a RecordSink
// (the same pipeline `serve` runs), with durable checkpoints so that a restart neither re-alerts
// nor skips.
//
// One round (run_once): list the source; skip the files whose (source id, identity, version) is
// checkpointed; read and parse each remaining file (record_reader.h) - on a prefetch thread
// (file_prefetcher.h), in file order, while this thread does the rest; keep the records of the
// wanted accounts and regions; collect them into batches of IngestOptions::batch_records, which may
// span several files; per batch, drop the events already ingested, by eventID (dedup_key():
// earlier batches, earlier runs, the same event twice in a batch), hand the rest to
// RecordSink::accept(..., kIngested), and only then record in one transaction the batch's eventIDs
// and the files whose last records were in it. A crash therefore re-reads at most the files in
// flight, whose records already accepted are then recognised as duplicates (at least once: the one
// batch in flight at the crash may be accepted again).
//
// Bad files (unreadable, truncated gzip, invalid JSON, no records) are reported with the reason,
// counted, and checkpointed as failed, and ingestion goes on. A failed file is read again when
// its version changes, or on the first round of a run (IngestOptions::retry_failed); --follow's
// later rounds leave it alone. Read failures the source calls transient (Errc::kUnavailable, e.g.
// a network error) are reported but not checkpointed, so the next round retries them. Bad
// records inside a good file are skipped and counted; the file's good records are ingested.
//
// follow() repeats rounds every poll interval until the stop flag is set. run_stream() reads JSON
// Lines (or one log file) from a stream such as stdin: no file checkpoints, but dedup applies; a
// batch is handed on when full or when the stream has nothing more buffered, so a slow producer's
// records do not wait.
//
// Ownership: borrows the sink, the checkpoint store and the clock (all must outlive it).
// Thread-safety: one thread runs an Ingester (a round starts and joins its own prefetch thread,
// the only user of the source while it runs); the stop flags may be set from any thread.
// Errors: the rounds return the source's listing error, the sink's error and checkpoint-store
// errors (the files of the failed batch stay unfinished); bad input is never an error here.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "event/cloudtrail_record.h"
#include "storage/ingest_checkpoint_store.h"
#include "trail/ingest/log_source.h"
#include "trail/ingest/record_reader.h"
#include "trail/record_sink.h"

namespace tripline::trail {

struct FileChunk;

struct IngestOptions {
    // Keep only the records of these accounts (recipientAccountId or userIdentity.accountId).
    // Empty: all.
    std::vector<std::string> accounts;
    // Keep only the records of these regions (awsRegion). Empty: all.
    std::vector<std::string> regions;
    std::size_t batch_records = 5000;
    // Read again, on run_once() and the first round of follow(), files that failed before with
    // the same version.
    bool retry_failed = true;
    // When set, checked between files and batches: the round stops early, having checkpointed
    // what it finished.
    const std::atomic<bool>* stop = nullptr;
};

struct BadFile {
    std::string file;    // the display name: a path or s3://bucket/key
    std::string reason;  // "gzip: truncated", "line 3: invalid JSON: ..."
};

struct IngestStats {
    std::uint64_t files_listed = 0;
    std::uint64_t files_ingested = 0;  // read in this round (including those with bad records)
    std::uint64_t files_skipped = 0;   // checkpointed done (or failed) with the same version
    std::uint64_t records = 0;         // handed to the sink
    std::uint64_t duplicates = 0;      // eventIDs already ingested
    std::uint64_t filtered = 0;        // other accounts or regions
    std::uint64_t bad_files = 0;
    std::uint64_t bad_records = 0;
    std::uint64_t bytes = 0;       // read from the source (compressed)
    std::uint64_t json_bytes = 0;  // after gunzip
    std::vector<BadFile> bad_file_list;
    std::vector<std::string> bad_record_problems;  // the first few, "file: line 3: ..."
    Duration elapsed{};
    Duration dedup_time{};  // looking up and recording eventIDs
    Duration sink_time{};   // inside RecordSink::accept

    // Adds another round's counts (follow()).
    void add(const IngestStats& other);
};

struct IngestProgress {
    std::uint64_t files_done = 0;   // read or found bad, this round
    std::uint64_t files_total = 0;  // to read this round (listed minus skipped)
    std::uint64_t bytes_done = 0;
    std::uint64_t bytes_total = 0;
    std::uint64_t records = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t bad_files = 0;
    Duration elapsed{};
};

using ProgressCallback = std::function<void(const IngestProgress&)>;
// After each follow() round: its stats, or the listing error that round met (follow goes on).
using RoundCallback = std::function<void(const Result<IngestStats>&)>;

// The key dedup remembers a record by: "<eventTime> <eventID> <fingerprint>", the fingerprint a
// 64-bit hash of what identifies the call (source, name, region, caller, request, response,
// request ID, account). A duplicate delivery is the same record, so all three match; hand-made
// test events that reuse an eventID for different calls (Panther's samples do) are not taken for
// duplicates. The time comes first so that a batch's keys sit together in the store's b-tree.
// Empty for a record without an eventID, which is never taken for a duplicate.
std::string dedup_key(const event::CloudTrailRecord& record);

class Ingester {
public:
    Ingester(RecordSink& sink,
             storage::IngestCheckpointStore& checkpoints,
             Clock& clock,
             IngestOptions options = {});

    Result<IngestStats> run_once(LogSource& source, const ProgressCallback& progress = {});

    // Rounds every `poll_interval` until `stop` is set; returns the sum of the rounds. Listing
    // errors are reported to `on_round` and retried at the next poll.
    Result<IngestStats> follow(LogSource& source,
                               const std::atomic<bool>& stop,
                               std::chrono::milliseconds poll_interval,
                               const ProgressCallback& progress = {},
                               const RoundCallback& on_round = {});

    // JSON Lines, or one log file (gzipped or not), from `in`; `name` is used in messages ("-").
    Result<IngestStats> run_stream(std::istream& in,
                                   std::string_view name,
                                   const ProgressCallback& progress = {});

private:
    struct Batch {
        std::vector<event::CloudTrailRecord> records;
        std::vector<storage::IngestFileCheckpoint> finished;  // whose last records are in here
    };

    Result<IngestStats> run_round(LogSource& source,
                                  const std::vector<SourceFile>& files,
                                  bool retry_failed,
                                  const ProgressCallback& progress,
                                  const std::atomic<bool>* stop);
    // Checkpoints (or reports) a file whose last chunk the prefetcher delivered.
    Status finish_file(const std::string& source_id, const FileChunk& chunk, IngestStats& stats);
    Status take(event::CloudTrailRecord&& record, IngestStats& stats);
    Status flush(IngestStats& stats);
    bool wanted(const event::CloudTrailRecord& record) const;
    bool stopping(const std::atomic<bool>* extra = nullptr) const;
    void note_problems(std::string_view file, const ReadSummary& summary, IngestStats& stats);

    RecordSink& sink_;
    storage::IngestCheckpointStore& checkpoints_;
    Clock& clock_;
    IngestOptions options_;
    RecordReader reader_;
    Batch batch_;
};

}  // namespace tripline::trail
