// TrailTicker: the clock of the trail pipeline. Every second it writes the log files and digests
// that are due (TrailService::deliver_due) and, every few seconds, flushes the trail store so SQL
// sees recently recorded calls. stop() writes everything still buffered (a clean shutdown loses
// no log-file records) and joins.
// Ownership: borrows the services (must outlive it). Thread-safety: start()/stop() from the
// controlling thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace tripline::query {
class TrailStore;
}
namespace tripline::trail {
class TrailService;
}

namespace tripline::app {

class TrailTicker {
public:
    TrailTicker(trail::TrailService* trails,
                query::TrailStore* store,
                std::chrono::milliseconds period = std::chrono::seconds(1));
    ~TrailTicker();

    // Also run `task` every few ticks (e.g. publishing due GuardDuty findings). Before start().
    void set_periodic_task(std::function<void()> task) { periodic_task_ = std::move(task); }

    void start();
    void stop();

private:
    void run();

    trail::TrailService* trails_;
    query::TrailStore* store_;
    std::chrono::milliseconds period_;
    std::function<void()> periodic_task_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tripline::app
