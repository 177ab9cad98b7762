#include "app/trail_ticker.h"

#include <spdlog/spdlog.h>

#include "query/trail_store.h"
#include "trail/trail_service.h"

namespace tripline::app {

TrailTicker::TrailTicker(trail::TrailService* trails,
                         query::TrailStore* store,
                         std::chrono::milliseconds period)
    : trails_(trails), store_(store), period_(period) {}

TrailTicker::~TrailTicker() { stop(); }

void TrailTicker::start() {
    if (!thread_.joinable()) {
        thread_ = std::thread([this] { run(); });
    }
}

void TrailTicker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
        for (const Task& task : tasks_) {
            if (task.on_stop) {
                task.run();
            }
        }
        if (trails_ != nullptr) {
            trails_->deliver_due(true);
        }
        if (store_ != nullptr) {
            if (auto flushed = store_->flush(); !flushed) {
                spdlog::error("trail store: {}", flushed.error().to_string());
            }
        }
    }
}

void TrailTicker::run() {
    int tick = 0;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, period_, [&] { return stopping_; });
        if (stopping_) {
            break;
        }
        lock.unlock();
        if (trails_ != nullptr) {
            trails_->deliver_due(false);
        }
        ++tick;
        for (const Task& task : tasks_) {
            if (tick % task.every_ticks == 0) {
                task.run();
            }
        }
        if (store_ != nullptr && tick % kTicksPerStoreFlush == 0) {
            if (auto flushed = store_->flush(); !flushed) {
                spdlog::error("trail store: {}", flushed.error().to_string());
            }
        }
        lock.lock();
    }
}

}  // namespace tripline::app
