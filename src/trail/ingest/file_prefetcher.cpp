#include "trail/ingest/file_prefetcher.h"

#include <algorithm>
#include <utility>

namespace tripline::trail {

FilePrefetcher::FilePrefetcher(LogSource& source,
                               std::vector<const SourceFile*> files,
                               std::size_t chunk_records,
                               std::size_t max_queued_records)
    : source_(source),
      files_(std::move(files)),
      chunk_records_(std::max<std::size_t>(chunk_records, 1)),
      max_queued_(std::max(max_queued_records, chunk_records_)) {
    thread_ = std::thread([this] { run(); });
}

FilePrefetcher::~FilePrefetcher() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

std::optional<FileChunk> FilePrefetcher::next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !queue_.empty() || finished_; });
    if (queue_.empty()) {
        return std::nullopt;
    }
    FileChunk chunk = std::move(queue_.front());
    queue_.pop_front();
    queued_records_ -= chunk.records.size();
    changed_.notify_all();
    return chunk;
}

bool FilePrefetcher::push(FileChunk chunk) {
    std::unique_lock lock(mutex_);
    // An empty queue always takes the chunk, so a chunk larger than the bound cannot wedge it.
    changed_.wait(lock, [&] {
        return cancelled_ || queue_.empty() ||
               queued_records_ + chunk.records.size() <= max_queued_;
    });
    if (cancelled_) {
        return false;
    }
    queued_records_ += chunk.records.size();
    queue_.push_back(std::move(chunk));
    changed_.notify_all();
    return true;
}

void FilePrefetcher::run() {
    // The error the record callback returns to abandon a file when the consumer is gone.
    const Error cancelled = make_error(Errc::kUnavailable, "ingestion stopped");
    for (const SourceFile* file : files_) {
        FileChunk chunk;
        chunk.file = file;
        bool alive = true;
        auto bytes = source_.read(*file);
        Result<ReadSummary> summary = make_error(Errc::kInternal, "not read");
        if (bytes) {
            chunk.records.reserve(chunk_records_);
            summary = reader_.read_file(
                file->display, *bytes, [&](event::CloudTrailRecord&& record) -> Status {
                    chunk.records.push_back(std::move(record));
                    if (chunk.records.size() >= chunk_records_) {
                        FileChunk full;
                        full.file = file;
                        std::swap(full.records, chunk.records);
                        chunk.records.reserve(chunk_records_);
                        if (!push(std::move(full))) {
                            alive = false;
                            return cancelled;
                        }
                    }
                    return ok_status();
                });
        }
        if (!alive) {
            return;
        }
        chunk.last = true;
        if (!bytes) {
            chunk.error = bytes.error();
        } else {
            chunk.bytes = bytes->size();
            if (summary) {
                chunk.summary = std::move(*summary);
            } else {
                chunk.error = summary.error();
            }
        }
        if (!push(std::move(chunk))) {
            return;
        }
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
}

}  // namespace tripline::trail
