#include "app/trail_store_feeder.h"

#include <spdlog/spdlog.h>

#include "query/trail_store.h"

namespace tripline::app {

TrailStoreFeeder::TrailStoreFeeder(query::TrailStore& store,
                                   std::size_t max_queued_records,
                                   std::chrono::milliseconds flush_interval)
    : store_(store), max_queued_(max_queued_records), flush_interval_(flush_interval) {
    thread_ = std::thread([this] { run(); });
}

TrailStoreFeeder::~TrailStoreFeeder() { stop(); }

void TrailStoreFeeder::push(std::vector<event::CloudTrailRecord> records) {
    if (records.empty()) {
        return;
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopping_ || queued_records_ < max_queued_; });
    if (stopping_) {
        return;
    }
    queued_records_ += records.size();
    queue_.push_back(std::move(records));
    changed_.notify_all();
}

Status TrailStoreFeeder::drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.empty() && !busy_ && !dirty_; });
    return last_error_;
}

void TrailStoreFeeder::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable()) {
            return;
        }
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::uint64_t TrailStoreFeeder::loaded() const {
    std::lock_guard lock(mutex_);
    return loaded_;
}

void TrailStoreFeeder::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait_for(lock, flush_interval_, [&] { return stopping_ || !queue_.empty(); });
        if (!queue_.empty()) {
            std::vector<event::CloudTrailRecord> batch = std::move(queue_.front());
            queue_.pop_front();
            queued_records_ -= batch.size();
            busy_ = true;
            changed_.notify_all();
            lock.unlock();
            Status appended = store_.append(batch);
            lock.lock();
            busy_ = false;
            dirty_ = true;
            loaded_ += batch.size();
            if (!appended) {
                last_error_ = appended;
                spdlog::error("trail store: {}", appended.error().to_string());
            }
            if (!queue_.empty()) {
                continue;
            }
        }
        if (dirty_) {
            lock.unlock();
            Status flushed = store_.flush();
            lock.lock();
            dirty_ = false;
            if (!flushed) {
                last_error_ = flushed;
                spdlog::error("trail store: {}", flushed.error().to_string());
            }
            changed_.notify_all();
        }
        if (stopping_ && queue_.empty()) {
            return;
        }
    }
}

}  // namespace tripline::app
