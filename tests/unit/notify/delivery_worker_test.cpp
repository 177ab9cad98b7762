#include "notify/delivery_worker.h"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "storage/migrations.h"
#include "test_support.h"

namespace tripline::notify {
namespace {

using namespace std::chrono_literals;

// Answers with scripted outcomes in order (then "delivered"), retries every 10 s up to
// `max_attempts`, and forwards to a DLQ when one is named.
class ScriptedHandler : public DeliveryHandler {
public:
    DeliveryOutcome deliver(const storage::OutboxMessage& message) override {
        std::lock_guard lock(mutex_);
        payloads.push_back(message.payload);
        if (script.empty()) {
            return DeliveryOutcome::delivered();
        }
        DeliveryOutcome next = script.front();
        script.pop_front();
        return next;
    }
    std::optional<Duration> retry_delay(const storage::OutboxMessage&,
                                        int failed_attempts,
                                        TimePoint) const override {
        if (failed_attempts >= max_attempts) {
            return std::nullopt;
        }
        return 10s;
    }
    std::optional<std::string> send_to_dead_letter_queue(const storage::OutboxMessage&,
                                                         const DeliveryOutcome&,
                                                         ExhaustedCondition condition,
                                                         int failed_attempts) override {
        last_condition = condition;
        last_failed_attempts = failed_attempts;
        return dlq;
    }

    std::mutex mutex_;
    std::deque<DeliveryOutcome> script;
    std::vector<std::string> payloads;
    int max_attempts = 3;
    std::optional<std::string> dlq;
    std::optional<ExhaustedCondition> last_condition;
    int last_failed_attempts = 0;
};

class DeliveryWorkerTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        db_ = std::move(db).value();
        outbox_ = std::make_unique<storage::OutboxStore>(*db_);
        worker_ = std::make_unique<DeliveryWorker>(*db_, clock_);
        worker_->add_handler("sns.", handler_);
    }

    std::int64_t enqueue(std::string kind, std::string payload) {
        auto id = outbox_->enqueue(kind, "secops@example.com", payload, clock_.now());
        EXPECT_TRUE(id.has_value());
        return id.value_or(-1);
    }

    tripline::testing::TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::OutboxStore> outbox_;
    ScriptedHandler handler_;
    std::unique_ptr<DeliveryWorker> worker_;
};

TEST_F(DeliveryWorkerTest, DeliversDueMessagesToTheHandlerOfTheirKind) {
    const auto id = enqueue("sns.email", "alert");
    EXPECT_EQ(*worker_->run_once(10), 1);
    EXPECT_EQ(handler_.payloads, std::vector<std::string>{"alert"});
    EXPECT_EQ(outbox_->get(id)->status, storage::OutboxStatus::kDelivered);
    EXPECT_EQ(worker_->stats().delivered, 1u);
    EXPECT_EQ(*worker_->run_once(10), 0);
}

TEST_F(DeliveryWorkerTest, RetriesAfterTheHandlersDelayThenDelivers) {
    const auto id = enqueue("sns.http", "n");
    handler_.script.push_back(DeliveryOutcome::retriable("HTTP 503 from hook"));
    EXPECT_EQ(*worker_->run_once(10), 1);
    auto m = outbox_->get(id);
    EXPECT_EQ(m->status, storage::OutboxStatus::kPending);
    EXPECT_EQ(m->attempts, 1);
    EXPECT_EQ(m->last_error, "HTTP 503 from hook");
    EXPECT_EQ(m->next_attempt_at, clock_.now() + 10s);
    EXPECT_EQ(*worker_->run_once(10), 0) << "not due yet";
    clock_.advance(10s);
    EXPECT_EQ(*worker_->run_once(10), 1);
    EXPECT_EQ(outbox_->get(id)->status, storage::OutboxStatus::kDelivered);
    EXPECT_EQ(worker_->stats().retried, 1u);
}

TEST_F(DeliveryWorkerTest, ExhaustedRetriesAreDeadLetteredAndKept) {
    const auto id = enqueue("sns.email", "n");
    for (int i = 0; i < 3; ++i) {
        handler_.script.push_back(DeliveryOutcome::retriable("connection refused"));
    }
    handler_.dlq = "arn:aws:sqs:us-east-1:123456789012:alerts-dlq";
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(*worker_->run_once(10), 1);
        clock_.advance(10s);
    }
    auto m = outbox_->get(id);
    EXPECT_EQ(m->status, storage::OutboxStatus::kDead);
    EXPECT_EQ(m->last_error,
              "retries exhausted after 3 attempts: connection refused; sent to dead-letter queue "
              "arn:aws:sqs:us-east-1:123456789012:alerts-dlq");
    EXPECT_EQ(handler_.last_condition, ExhaustedCondition::kMaximumRetryAttempts);
    EXPECT_EQ(handler_.last_failed_attempts, 3);
    EXPECT_EQ(worker_->stats().dead_lettered, 1u);
}

TEST_F(DeliveryWorkerTest, PermanentFailuresAreNotRetried) {
    const auto id = enqueue("sns.email", "n");
    handler_.script.push_back(DeliveryOutcome::permanent("550 mailbox unknown"));
    EXPECT_EQ(*worker_->run_once(10), 1);
    auto m = outbox_->get(id);
    EXPECT_EQ(m->status, storage::OutboxStatus::kDead);
    EXPECT_EQ(m->last_error, "permanent failure after 1 attempt: 550 mailbox unknown");
    EXPECT_EQ(handler_.last_condition, ExhaustedCondition::kPermanentFailure);
}

TEST_F(DeliveryWorkerTest, UnknownKindsWaitForAHandler) {
    const auto id = enqueue("events.target", "e");
    EXPECT_EQ(*worker_->run_once(10), 1);
    auto m = outbox_->get(id);
    EXPECT_EQ(m->status, storage::OutboxStatus::kPending);
    EXPECT_EQ(m->last_error, "no delivery handler for kind events.target");
    EXPECT_TRUE(handler_.payloads.empty());
}

TEST_F(DeliveryWorkerTest, AHandlerThatThrowsIsRetried) {
    class Throwing : public ScriptedHandler {
        DeliveryOutcome deliver(const storage::OutboxMessage&) override {
            throw std::runtime_error("boom");
        }
    } throwing;
    worker_->add_handler("file", throwing);
    const auto id = enqueue("file", "x");
    EXPECT_EQ(*worker_->run_once(10), 1);
    EXPECT_EQ(outbox_->get(id)->last_error, "delivery raised: boom");
    EXPECT_EQ(outbox_->get(id)->status, storage::OutboxStatus::kPending);
}

TEST_F(DeliveryWorkerTest, ThreadsDeliverWhatIsPendingAtStartAndWhatIsEnqueuedLater) {
    SystemClock real;
    DeliveryWorker worker(*db_, real, {.threads = 2, .batch = 4, .poll_interval = 5s});
    worker.add_handler("sns.", handler_);
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(outbox_->enqueue("sns.email", "a", "before start", real.now()));
    }
    worker.start();
    ASSERT_TRUE(outbox_->enqueue("sns.email", "a", "after start", real.now()));
    worker.wake();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (worker.stats().delivered < 11 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    worker.stop();
    EXPECT_EQ(worker.stats().delivered, 11u);
    EXPECT_EQ(outbox_->counts()->delivered, 11);
}

TEST_F(DeliveryWorkerTest, ABatchIsMarkedTogetherAndDeliveredMessagesArePurgedLater) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(enqueue("sns.email", "alert " + std::to_string(i)));
    }
    const auto failing = enqueue("sns.http", "hook");
    handler_.script.push_back(DeliveryOutcome::delivered());
    handler_.script.push_back(DeliveryOutcome::delivered());
    handler_.script.push_back(DeliveryOutcome::delivered());
    handler_.script.push_back(DeliveryOutcome::delivered());
    handler_.script.push_back(DeliveryOutcome::delivered());
    handler_.script.push_back(DeliveryOutcome::retriable("HTTP 500"));
    EXPECT_EQ(*worker_->run_once(10), 6);
    for (std::int64_t id : ids) {
        EXPECT_EQ(outbox_->get(id)->status, storage::OutboxStatus::kDelivered);
    }
    EXPECT_EQ(outbox_->get(failing)->status, storage::OutboxStatus::kPending);
    EXPECT_EQ(worker_->stats().delivered, 5u);
    EXPECT_EQ(worker_->stats().retried, 1u);

    // Delivered messages stay listed for keep_delivered (1 h by default), then go; each one's
    // hour counts from its delivery.
    clock_.advance(59min);
    EXPECT_EQ(*worker_->run_once(10), 1);  // the retry, due long ago, is delivered now
    EXPECT_EQ(outbox_->counts()->delivered, 6);
    clock_.advance(2min);
    EXPECT_EQ(*worker_->run_once(10), 0);
    EXPECT_EQ(outbox_->counts()->delivered, 1);
    EXPECT_EQ(outbox_->get(ids[0]).error().code, Errc::kNotFound);
    EXPECT_EQ(outbox_->get(failing)->status, storage::OutboxStatus::kDelivered);
}

}  // namespace
}  // namespace tripline::notify
