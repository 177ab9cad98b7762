// TrailStoreFeeder: loads ingested record batches into the trail store on its own thread, so
// DuckDB's load runs beside parsing and rule matching instead of on the alerting path. The queue
// is bounded (push() blocks when full: back-pressure keeps memory bounded), and the store is
// flushed when the queue runs dry, at most every `flush_interval`, so queries lag ingestion by
// about that much.
// Ownership: borrows the store (must outlive the feeder). Thread-safety: push()/drain() from any
// thread; stop() (also the destructor) loads what is queued, flushes and joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "base/result.h"
#include "event/cloudtrail_record.h"

namespace tripline::query {
class TrailStore;
}

namespace tripline::app {

class TrailStoreFeeder {
public:
    TrailStoreFeeder(query::TrailStore& store,
                     std::size_t max_queued_records = 200'000,
                     std::chrono::milliseconds flush_interval = std::chrono::seconds(2));
    ~TrailStoreFeeder();
    TrailStoreFeeder(const TrailStoreFeeder&) = delete;
    TrailStoreFeeder& operator=(const TrailStoreFeeder&) = delete;

    void push(std::vector<event::CloudTrailRecord> records);
    // Waits until everything pushed so far is loaded and flushed.
    Status drain();
    void stop();

    std::uint64_t loaded() const;

private:
    void run();

    query::TrailStore& store_;
    const std::size_t max_queued_;
    const std::chrono::milliseconds flush_interval_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::vector<event::CloudTrailRecord>> queue_;
    std::size_t queued_records_ = 0;
    bool busy_ = false;
    bool dirty_ = false;
    bool stopping_ = false;
    std::uint64_t loaded_ = 0;
    Status last_error_ = ok_status();
    std::thread thread_;
};

}  // namespace tripline::app
