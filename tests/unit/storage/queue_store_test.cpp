#include "storage/queue_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "base/uuid.h"
#include "storage_test_util.h"

namespace tripline::storage {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kQueue = "arn:aws:sqs:us-east-1:123456789012:jobs";
constexpr std::string_view kDeadLetters = "arn:aws:sqs:us-east-1:123456789012:jobs-dlq";

class QueueStoreTest : public test_util::StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        store_ = std::make_unique<QueueStore>(*db_);
    }

    std::string add(std::string body, Duration delay = 0s, std::string_view queue = kQueue) {
        StoredQueueMessage m;
        m.queue_arn = std::string(queue);
        m.message_id = make_uuid();
        m.body = std::move(body);
        m.md5_of_body = "md5";
        m.sender_id = "AIDATEST";
        m.sent_at = clock_.now();
        m.visible_at = clock_.now() + delay;
        auto stored = store_->add(m);
        EXPECT_TRUE(stored.has_value()) << stored.error().to_string();
        return m.message_id;
    }

    QueueReceiveOptions options(int max, Duration visibility = 30s) {
        QueueReceiveOptions o;
        o.now = clock_.now();
        o.max_messages = max;
        o.visibility_timeout = visibility;
        o.expired_before = clock_.now() - 4 * 24h;
        return o;
    }

    QueueReceiveResult receive(int max, Duration visibility = 30s) {
        auto r = store_->receive(kQueue, options(max, visibility));
        EXPECT_TRUE(r.has_value()) << r.error().to_string();
        return r.value_or(QueueReceiveResult{});
    }

    FakeClock clock_;
    std::unique_ptr<QueueStore> store_;
};

TEST_F(QueueStoreTest, ReceivesInSendOrderAndHidesWhatItReturned) {
    const std::string a = add("a");
    const std::string b = add("b");
    const std::string c = add("c");
    auto first = receive(2);
    ASSERT_EQ(first.messages.size(), 2u);
    EXPECT_EQ(first.messages[0].message_id, a);
    EXPECT_EQ(first.messages[1].message_id, b);
    EXPECT_EQ(first.messages[0].receive_count, 1);
    EXPECT_EQ(first.messages[0].first_received_at, clock_.now());
    EXPECT_EQ(first.messages[0].visible_at, clock_.now() + 30s);
    EXPECT_FALSE(first.messages[0].receipt_token.empty());
    auto second = receive(10);
    ASSERT_EQ(second.messages.size(), 1u);
    EXPECT_EQ(second.messages[0].message_id, c);
    EXPECT_TRUE(receive(10).messages.empty());
}

TEST_F(QueueStoreTest, VisibilityTimeoutReturnsTheMessageWithANewTokenAndCount) {
    const std::string id = add("x");
    auto first = receive(1, 10s);
    ASSERT_EQ(first.messages.size(), 1u);
    clock_.advance(9s);
    EXPECT_TRUE(receive(1).messages.empty());
    clock_.advance(1s);
    auto again = receive(1);
    ASSERT_EQ(again.messages.size(), 1u);
    EXPECT_EQ(again.messages[0].message_id, id);
    EXPECT_EQ(again.messages[0].receive_count, 2);
    EXPECT_NE(again.messages[0].receipt_token, first.messages[0].receipt_token);
    // The first receive is remembered.
    EXPECT_EQ(again.messages[0].first_received_at, clock_.now() - 10s);
}

TEST_F(QueueStoreTest, ZeroVisibilityTimeoutNeverReturnsAMessageTwiceInOneReceive) {
    add("x");
    add("y");
    auto r = receive(10, 0s);
    EXPECT_EQ(r.messages.size(), 2u);
    EXPECT_EQ(receive(10, 0s).messages.size(), 2u);
}

TEST_F(QueueStoreTest, DelayedMessagesAppearWhenTheDelayEnds) {
    add("later", 5s);
    EXPECT_TRUE(receive(1).messages.empty());
    auto counts = store_->counts(kQueue, clock_.now(), clock_.now() - 24h);
    ASSERT_TRUE(counts.has_value());
    EXPECT_EQ(counts->delayed, 1);
    EXPECT_EQ(counts->visible, 0);
    auto next = store_->next_visible_at(kQueue, clock_.now());
    ASSERT_TRUE(next.has_value() && next->has_value());
    EXPECT_EQ(**next, clock_.now() + 5s);
    clock_.advance(5s);
    EXPECT_EQ(receive(1).messages.size(), 1u);
}

TEST_F(QueueStoreTest, CountsVisibleInFlightAndDelayed) {
    add("a");
    add("b");
    add("c", 60s);
    receive(1);
    auto counts = store_->counts(kQueue, clock_.now(), clock_.now() - 24h);
    ASSERT_TRUE(counts.has_value());
    EXPECT_EQ(counts->visible, 1);
    EXPECT_EQ(counts->in_flight, 1);
    EXPECT_EQ(counts->delayed, 1);
}

TEST_F(QueueStoreTest, ExpiredMessagesAreDeletedNotReturned) {
    add("old");
    clock_.advance(61s);
    add("new");
    QueueReceiveOptions o = options(10);
    o.expired_before = clock_.now() - 60s;  // a retention of 60 s
    auto r = store_->receive(kQueue, o);
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->messages.size(), 1u);
    EXPECT_EQ(r->messages[0].body, "new");
    EXPECT_EQ(r->expired, 1);
}

TEST_F(QueueStoreTest, RemoveNeedsTheCurrentToken) {
    const std::string id = add("x");
    auto first = receive(1, 0s);
    auto second = receive(1, 30s);
    ASSERT_EQ(second.messages.size(), 1u);
    auto stale = store_->remove(kQueue, id, first.messages[0].receipt_token);
    ASSERT_TRUE(stale.has_value());
    EXPECT_EQ(*stale, ReceiptState::kStale);
    EXPECT_TRUE(store_->find(kQueue, id).value().has_value());
    auto current = store_->remove(kQueue, id, second.messages[0].receipt_token);
    EXPECT_EQ(current.value(), ReceiptState::kCurrent);
    EXPECT_FALSE(store_->find(kQueue, id).value().has_value());
    EXPECT_EQ(store_->remove(kQueue, id, second.messages[0].receipt_token).value(),
              ReceiptState::kGone);
}

TEST_F(QueueStoreTest, ChangeVisibilityOnlyWhileInFlight) {
    const std::string id = add("x");
    auto r = receive(1, 30s);
    const std::string token = r.messages[0].receipt_token;
    EXPECT_EQ(store_->change_visibility(kQueue, id, token, clock_.now(), clock_.now()).value(),
              ReceiptState::kCurrent);
    // Visible again now: no longer in flight.
    EXPECT_EQ(store_->change_visibility(kQueue, id, token, clock_.now() + 5s, clock_.now()).value(),
              ReceiptState::kNotInFlight);
    EXPECT_EQ(store_->change_visibility(kQueue, id, "other", clock_.now(), clock_.now()).value(),
              ReceiptState::kStale);
    EXPECT_EQ(
        store_->change_visibility(kQueue, make_uuid(), token, clock_.now(), clock_.now()).value(),
        ReceiptState::kGone);
}

TEST_F(QueueStoreTest, RedriveMovesAMessageReceivedTooOftenToTheDeadLetterQueue) {
    const std::string id = add("poison");
    const std::string ok = add("fine");
    QueueReceiveOptions o = options(1, 0s);
    o.max_receive_count = 2;
    o.dead_letter_queue_arn = std::string(kDeadLetters);
    for (int i = 0; i < 2; ++i) {
        auto r = store_->receive(kQueue, o);
        ASSERT_TRUE(r.has_value());
        ASSERT_EQ(r->messages.size(), 1u);
        EXPECT_EQ(r->messages[0].message_id, id);
    }
    // The third receive moves it and returns the next message instead.
    auto third = store_->receive(kQueue, o);
    ASSERT_TRUE(third.has_value());
    EXPECT_EQ(third->moved_to_dead_letter_queue, 1);
    ASSERT_EQ(third->messages.size(), 1u);
    EXPECT_EQ(third->messages[0].message_id, ok);
    auto moved = store_->find(kDeadLetters, id);
    ASSERT_TRUE(moved.has_value() && moved->has_value());
    EXPECT_EQ((*moved)->receive_count, 0);
    EXPECT_EQ((*moved)->dead_letter_source_arn, kQueue);
    EXPECT_EQ((*moved)->body, "poison");
    EXPECT_FALSE(store_->find(kQueue, id).value().has_value());
}

TEST_F(QueueStoreTest, PurgeAndQueuesAreSeparate) {
    add("a");
    add("b", 0s, kDeadLetters);
    EXPECT_EQ(store_->purge(kQueue).value_or(-1), 1);
    EXPECT_TRUE(receive(10).messages.empty());
    auto other = store_->receive(kDeadLetters, options(10));
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(other->messages.size(), 1u);
}

TEST_F(QueueStoreTest, MessagesSurviveReopening) {
    const std::string id = add("durable");
    store_.reset();
    db_.reset();
    db_ = test_util::open_or_die(path_);
    ASSERT_NE(db_, nullptr);
    QueueStore reopened(*db_);
    auto found = reopened.find(kQueue, id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->body, "durable");
    EXPECT_EQ((*found)->sender_id, "AIDATEST");
}

TEST_F(QueueStoreTest, ConcurrentReceiversNeverShareAMessage) {
    for (int i = 0; i < 40; ++i) {
        add("m" + std::to_string(i));
    }
    std::mutex mutex;
    std::multiset<std::string> seen;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            while (true) {
                auto r = store_->receive(kQueue, options(3));
                if (!r.has_value() || r->messages.empty()) {
                    return;
                }
                std::lock_guard lock(mutex);
                for (const auto& m : r->messages) {
                    seen.insert(m.message_id);
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(seen.size(), 40u);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 40u);
}

TEST_F(QueueStoreTest, RefusesABadLimit) {
    auto r = store_->receive(kQueue, options(0));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tripline::storage
