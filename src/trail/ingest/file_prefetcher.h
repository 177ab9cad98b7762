// FilePrefetcher: reads, gunzips and parses a round's log files on its own thread while the
// ingester's thread dedups, checkpoints and hands records to the pipeline (rule matching, log
// files), so the two halves of ingestion use both cores instead of taking turns on one.
//
// Records come out in file order, in chunks of at most `chunk_records`; a file's last chunk
// (`last`) carries how reading it ended (bytes read, the reader's summary or the error), which is
// what the ingester checkpoints. The queue holds at most about `max_queued_records` records
// (back-pressure: the reader waits), so memory stays bounded even for a huge JSON Lines file.
//
// Ownership: borrows the source and the files (they must outlive it); owns its thread and its
// RecordReader. The source is used by the prefetch thread only, until the prefetcher is destroyed
// (LogSource's one-thread-at-a-time contract).
// Thread-safety: next() from one consumer thread. The destructor cancels the reading (a file half
// read is abandoned) and joins.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "base/result.h"
#include "event/cloudtrail_record.h"
#include "trail/ingest/log_source.h"
#include "trail/ingest/record_reader.h"

namespace tripline::trail {

struct FileChunk {
    const SourceFile* file = nullptr;
    std::vector<event::CloudTrailRecord> records;
    bool last = false;           // the file's final chunk: the fields below are set
    std::uint64_t bytes = 0;     // read from the source (0 when the read failed)
    std::optional<Error> error;  // the read or the parse failed (records before it were sent)
    ReadSummary summary;         // when no error
};

class FilePrefetcher {
public:
    FilePrefetcher(LogSource& source,
                   std::vector<const SourceFile*> files,
                   std::size_t chunk_records,
                   std::size_t max_queued_records);
    ~FilePrefetcher();
    FilePrefetcher(const FilePrefetcher&) = delete;
    FilePrefetcher& operator=(const FilePrefetcher&) = delete;

    // The next chunk, waiting for it; nullopt once every file's last chunk was returned.
    std::optional<FileChunk> next();

private:
    void run();
    // Queues a chunk, waiting while the queue is full; false when cancelled.
    bool push(FileChunk chunk);

    LogSource& source_;
    const std::vector<const SourceFile*> files_;
    const std::size_t chunk_records_;
    const std::size_t max_queued_;
    RecordReader reader_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<FileChunk> queue_;
    std::size_t queued_records_ = 0;
    bool finished_ = false;   // the thread queued every file
    bool cancelled_ = false;  // the consumer is gone
    std::thread thread_;
};

}  // namespace tripline::trail
