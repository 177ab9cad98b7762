// RecordJournal: the append-only file of every CloudTrail record Tripline produces
// (<data-dir>/records.jsonl, one record per line), written before the caller gets its reply, so an
// accepted call is never lost when the process dies. It is the call-record sink until the trail
// pipeline (trails, log files, EventBridge delivery) consumes records; it then stays as its input.
// Thread-safety: record() may be called concurrently; lines never interleave.
#pragma once

#include <filesystem>
#include <mutex>

#include "api/call_recorder.h"
#include "base/result.h"

namespace tripline::app {

class RecordJournal final : public api::CallRecordSink {
public:
    static Result<std::unique_ptr<RecordJournal>> open(const std::filesystem::path& path);
    ~RecordJournal() override;

    void record(const event::CloudTrailRecord& record) override;

private:
    explicit RecordJournal(int fd) : fd_(fd) {}
    std::mutex mutex_;
    int fd_;
};

}  // namespace tripline::app
