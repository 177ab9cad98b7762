// DeliveryWorker: drains the durable outbox. Worker threads claim due messages (storage/
// outbox_store.h), hand each to the DeliveryHandler registered for its kind and record the outcome:
// delivered; failed and due again after the handler's retry delay; or — retries exhausted or a
// permanent failure — offered to the handler's dead-letter queue and kept as a dead message that
// `tripline dlq` lists and re-drives. Pending messages left by a previous process are claimed as
// soon as the worker starts; messages leased by a worker that died are claimed again when the lease
// ends, or at once when the worker knows it is the outbox's only user (options.sole_worker).
// Delivery is therefore at-least-once. A claimed batch's deliveries are marked in one transaction;
// delivered messages are deleted after `keep_delivered`.
//
// Ownership: borrows the Database, the Clock and the handlers, which must outlive the worker.
// Thread-safety: add_handler() before start(); wake(), stats() and run_once() from any thread.
// Handlers run concurrently on the worker threads. Errors of the store are logged and retried on
// the next round; a handler that throws counts as a retriable failure.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/delivery_handler.h"
#include "storage/database.h"
#include "storage/outbox_store.h"

namespace tripline::notify {

struct DeliveryWorkerOptions {
    int threads = 4;  // deliveries in parallel (a slow SMTP relay must not stall webhooks)
    int batch = 32;   // messages one thread claims at a time
    Duration lease = std::chrono::minutes(2);                 // longer than any handler's timeout
    Duration poll_interval = std::chrono::milliseconds(250);  // wake() makes new work immediate
    // Delivered messages stay visible (`tripline outbox`) this long, then are deleted.
    Duration keep_delivered = std::chrono::hours(1);
    Duration purge_interval = std::chrono::minutes(1);
    // The worker is the outbox's only user (the process holds the data directory's lock): at
    // start it releases the leases of a process that died, so those alerts go out at once
    // instead of after the lease.
    bool sole_worker = false;
};

struct DeliveryStats {
    std::uint64_t delivered = 0;
    std::uint64_t retried = 0;        // failures that will be tried again
    std::uint64_t dead_lettered = 0;  // gave up: sent to a DLQ and/or kept as dead
};

// What became of one delivery attempt, for observers (delivery metrics).
enum class DeliveryObservation {
    kDelivered,
    kRetrying,  // failed; will be tried again
    kFailed,    // gave up: dead-lettered
};
using DeliveryObserver =
    std::function<void(const storage::OutboxMessage& message, DeliveryObservation observation)>;

class DeliveryWorker {
public:
    DeliveryWorker(storage::Database& db, Clock& clock, DeliveryWorkerOptions options = {});
    ~DeliveryWorker();
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    // Messages whose kind equals `kind`, or starts with it when it ends in '.' ("sns.").
    void add_handler(std::string kind, DeliveryHandler& handler);
    // Told of every attempt's outcome, on the worker threads (must be quick and thread-safe).
    // Before start().
    void set_observer(DeliveryObserver observer) { observer_ = std::move(observer); }

    void start();
    // Finishes the deliveries in progress, then joins the threads. Claimed messages not yet
    // delivered keep their lease and are claimed again by the next process.
    void stop();
    // New messages were enqueued: look now rather than at the next poll.
    void wake();

    // One round on the calling thread: claims up to `limit` due messages and delivers them.
    // Returns how many were claimed. For tests and `tripline` commands without threads.
    Result<int> run_once(int limit);

    DeliveryStats stats() const;

private:
    void thread_main();
    DeliveryHandler* handler_for(std::string_view kind) const;
    // True when delivered: the caller marks the batch's delivered messages in one transaction.
    // Other outcomes (retry, dead) are marked here.
    bool deliver(const storage::OutboxMessage& message);
    void mark_delivered(const std::vector<std::int64_t>& ids);
    void purge_if_due();
    void give_up(const storage::OutboxMessage& message,
                 DeliveryHandler* handler,
                 const DeliveryOutcome& outcome,
                 ExhaustedCondition condition,
                 int failed_attempts);

    storage::Database& db_;
    storage::OutboxStore outbox_;
    Clock& clock_;
    DeliveryWorkerOptions options_;
    std::map<std::string, DeliveryHandler*, std::less<>> handlers_;
    DeliveryObserver observer_;

    std::mutex mutex_;
    std::condition_variable cv_;
    std::uint64_t wakeups_ = 0;
    bool stopping_ = false;
    TimePoint next_purge_{};
    std::vector<std::thread> threads_;

    std::atomic<std::uint64_t> delivered_{0};
    std::atomic<std::uint64_t> retried_{0};
    std::atomic<std::uint64_t> dead_lettered_{0};
};

}  // namespace tripline::notify
