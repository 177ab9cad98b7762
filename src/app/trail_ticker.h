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
#include <vector>

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
    void set_periodic_task(std::function<void()> task) {
        add_periodic_task(std::move(task), kTicksPerStoreFlush);
    }
    // Runs `task` every `every_ticks` ticks, and once more when stopping when `on_stop`. Before
    // start().
    void add_periodic_task(std::function<void()> task, int every_ticks, bool on_stop = false) {
        tasks_.push_back(Task{std::move(task), every_ticks < 1 ? 1 : every_ticks, on_stop});
    }

    static constexpr int kTicksPerStoreFlush = 5;

    void start();
    void stop();

private:
    void run();

    trail::TrailService* trails_;
    query::TrailStore* store_;
    std::chrono::milliseconds period_;
    struct Task {
        std::function<void()> run;
        int every_ticks = 1;
        bool on_stop = false;
    };
    std::vector<Task> tasks_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tripline::app
