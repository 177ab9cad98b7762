#include "notify/delivery_worker.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "storage/transaction.h"

namespace tripline::notify {

namespace {

std::string_view condition_name(ExhaustedCondition condition) {
    switch (condition) {
        case ExhaustedCondition::kMaximumRetryAttempts:
            return "retries exhausted";
        case ExhaustedCondition::kMaximumEventAge:
            return "maximum age reached";
        case ExhaustedCondition::kPermanentFailure:
            return "permanent failure";
    }
    return "gave up";
}

}  // namespace

DeliveryWorker::DeliveryWorker(storage::Database& db, Clock& clock, DeliveryWorkerOptions options)
    : db_(db), outbox_(db), clock_(clock), options_(options) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::add_handler(std::string kind, DeliveryHandler& handler) {
    handlers_[std::move(kind)] = &handler;
}

void DeliveryWorker::start() {
    std::lock_guard lock(mutex_);
    if (!threads_.empty()) {
        return;
    }
    stopping_ = false;
    if (options_.sole_worker) {
        if (auto released = outbox_.release_leases(clock_.now()); !released) {
            spdlog::warn("outbox: cannot release the leases of a previous process: {}",
                         released.error().to_string());
        } else if (*released > 0) {
            spdlog::info(
                "outbox: {} message(s) in flight when the previous process stopped are "
                "due again",
                *released);
        }
    }
    for (int i = 0; i < options_.threads; ++i) {
        threads_.emplace_back([this] { thread_main(); });
    }
}

void DeliveryWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) {
        t.join();
    }
    threads_.clear();
}

void DeliveryWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        ++wakeups_;
    }
    cv_.notify_all();
}

DeliveryStats DeliveryWorker::stats() const {
    return {delivered_.load(), retried_.load(), dead_lettered_.load()};
}

void DeliveryWorker::thread_main() {
    std::uint64_t seen = 0;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            if (stopping_) {
                return;
            }
            seen = wakeups_;
        }
        Result<int> claimed = run_once(options_.batch);
        if (!claimed) {
            spdlog::warn("delivery: cannot read the outbox: {}", claimed.error().to_string());
        }
        if (claimed && *claimed > 0) {
            continue;  // more may be due; go again before sleeping
        }
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, options_.poll_interval, [&] { return stopping_ || wakeups_ != seen; });
    }
}

Result<int> DeliveryWorker::run_once(int limit) {
    TRIPLINE_ASSIGN_OR_RETURN(auto messages,
                              outbox_.claim_due(clock_.now(), limit, options_.lease));
    std::vector<std::int64_t> delivered;
    for (const storage::OutboxMessage& message : messages) {
        if (deliver(message)) {
            delivered.push_back(message.id);
        }
    }
    mark_delivered(delivered);
    purge_if_due();
    return static_cast<int>(messages.size());
}

// One commit (one fsync) for the whole batch rather than one per message: a crash before it only
// means these messages are delivered again, which at-least-once delivery allows.
void DeliveryWorker::mark_delivered(const std::vector<std::int64_t>& ids) {
    if (ids.empty()) {
        return;
    }
    const TimePoint now = clock_.now();
    std::size_t marked = 0;
    auto status = storage::with_transaction(db_, [&]() -> Status {
        marked = 0;
        for (std::int64_t id : ids) {
            auto one = outbox_.mark_delivered(id, now);
            if (!one) {
                // Another worker re-claimed it after our lease ended: its outcome wins.
                spdlog::warn(
                    "delivery #{}: delivered but not marked: {}", id, one.error().to_string());
                continue;
            }
            ++marked;
        }
        return ok_status();
    });
    if (!status) {
        spdlog::warn("delivery: {} delivered messages not marked (they will be sent again): {}",
                     ids.size(),
                     status.error().to_string());
        return;
    }
    delivered_ += marked;
}

void DeliveryWorker::purge_if_due() {
    const TimePoint now = clock_.now();
    {
        std::lock_guard lock(mutex_);
        if (now < next_purge_) {
            return;
        }
        next_purge_ = now + options_.purge_interval;
    }
    auto purged = outbox_.purge_delivered(now - options_.keep_delivered);
    if (!purged) {
        spdlog::warn("delivery: cannot purge delivered messages: {}", purged.error().to_string());
    } else if (*purged > 0) {
        spdlog::debug("delivery: purged {} delivered messages", *purged);
    }
}

DeliveryHandler* DeliveryWorker::handler_for(std::string_view kind) const {
    if (auto it = handlers_.find(kind); it != handlers_.end()) {
        return it->second;
    }
    for (const auto& [prefix, handler] : handlers_) {
        if (!prefix.empty() && prefix.back() == '.' && kind.starts_with(prefix)) {
            return handler;
        }
    }
    return nullptr;
}

bool DeliveryWorker::deliver(const storage::OutboxMessage& message) {
    DeliveryHandler* handler = handler_for(message.kind);
    const int failed_attempts = message.attempts + 1;
    if (handler == nullptr) {
        // Another Tripline process (e.g. a newer one) may know this kind: keep it, look again
        // later.
        const std::string error = "no delivery handler for kind " + message.kind;
        spdlog::warn("delivery #{}: {}", message.id, error);
        auto marked = outbox_.mark_failed(
            message.id, error, clock_.now() + std::chrono::minutes(1), clock_.now());
        if (!marked) {
            spdlog::warn("delivery #{}: {}", message.id, marked.error().to_string());
        }
        return false;
    }
    DeliveryOutcome outcome;
    try {
        outcome = handler->deliver(message);
    } catch (const std::exception& e) {
        outcome = DeliveryOutcome::retriable(std::string("delivery raised: ") + e.what());
    }
    const TimePoint now = clock_.now();
    if (outcome.kind == DeliveryOutcome::Kind::kDelivered) {
        if (observer_) {
            observer_(message, DeliveryObservation::kDelivered);
        }
        spdlog::debug(
            "delivery #{} {} to {}: delivered", message.id, message.kind, message.destination);
        return true;
    }
    if (outcome.kind == DeliveryOutcome::Kind::kPermanent) {
        give_up(message, handler, outcome, ExhaustedCondition::kPermanentFailure, failed_attempts);
        return false;
    }
    std::optional<Duration> delay = handler->retry_delay(message, failed_attempts, now);
    if (!delay) {
        give_up(message,
                handler,
                outcome,
                handler->exhausted_condition(message, failed_attempts, now),
                failed_attempts);
        return false;
    }
    auto marked = outbox_.mark_failed(message.id, outcome.error, now + *delay, now);
    if (!marked) {
        spdlog::warn("delivery #{}: {}", message.id, marked.error().to_string());
        return false;
    }
    ++retried_;
    if (observer_) {
        observer_(message, DeliveryObservation::kRetrying);
    }
    spdlog::warn("delivery #{} {} to {} failed (attempt {}): {}; retrying in {} ms",
                 message.id,
                 message.kind,
                 message.destination,
                 failed_attempts,
                 outcome.error,
                 std::chrono::duration_cast<std::chrono::milliseconds>(*delay).count());
    return false;
}

void DeliveryWorker::give_up(const storage::OutboxMessage& message,
                             DeliveryHandler* handler,
                             const DeliveryOutcome& outcome,
                             ExhaustedCondition condition,
                             int failed_attempts) {
    std::string error = std::string(condition_name(condition)) + " after " +
                        std::to_string(failed_attempts) + " attempt" +
                        (failed_attempts == 1 ? "" : "s") + ": " + outcome.error;
    std::optional<std::string> dlq;
    try {
        dlq = handler->send_to_dead_letter_queue(message, outcome, condition, failed_attempts);
    } catch (const std::exception& e) {
        spdlog::warn("delivery #{}: dead-letter queue raised: {}", message.id, e.what());
    }
    if (dlq) {
        error += "; sent to dead-letter queue " + *dlq;
    }
    auto marked = outbox_.mark_dead(message.id, error, clock_.now());
    if (!marked) {
        spdlog::warn("delivery #{}: {}", message.id, marked.error().to_string());
        return;
    }
    ++dead_lettered_;
    if (observer_) {
        observer_(message, DeliveryObservation::kFailed);
    }
    spdlog::error("delivery #{} {} to {} dead-lettered: {} (inspect with `tripline dlq list`)",
                  message.id,
                  message.kind,
                  message.destination,
                  error);
}

}  // namespace tripline::notify
