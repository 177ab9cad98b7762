// RecordPipeline: where every CloudTrail record of a recorded API call goes. First the journal
// (<data-dir>/records.jsonl, durable before the caller gets its reply), then the account's default
// event bus as an "AWS API Call via CloudTrail" (or console sign-in, service event) event, where
// rules match it and its target deliveries enter the outbox in one transaction
// (cloudtrail.md §5). The trail pipeline (log files, trail store) joins here as it lands.
//
// Ownership: owns the journal; borrows the bus, set once the bus exists (before the API listens).
// Thread-safety: record() is called concurrently from API workers.
#pragma once

#include <atomic>
#include <memory>

#include "api/call_recorder.h"
#include "app/record_journal.h"

namespace tripline::bus {
class BusService;
}

namespace tripline::app {

class RecordPipeline final : public api::CallRecordSink {
public:
    explicit RecordPipeline(std::unique_ptr<RecordJournal> journal);

    void set_bus(bus::BusService* bus) { bus_.store(bus); }

    void record(const event::CloudTrailRecord& record) override;

private:
    std::unique_ptr<RecordJournal> journal_;
    std::atomic<bus::BusService*> bus_{nullptr};
};

}  // namespace tripline::app
