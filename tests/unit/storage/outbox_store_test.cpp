#include "storage/outbox_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "storage/outbox_payload.h"
#include "storage/transaction.h"
#include "storage_test_util.h"

namespace tripline::storage {
namespace {

using namespace std::chrono_literals;

class OutboxStoreTest : public test_util::StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        store_ = std::make_unique<OutboxStore>(*db_);
    }

    std::int64_t enqueue(std::string payload) {
        auto id = store_->enqueue("sns.http", "http://localhost/hook", payload, clock_.now());
        EXPECT_TRUE(id.has_value());
        return id.value_or(-1);
    }

    FakeClock clock_;
    std::unique_ptr<OutboxStore> store_;
};

TEST_F(OutboxStoreTest, EnqueueThenGet) {
    const std::int64_t a = enqueue("one");
    const std::int64_t b = enqueue("two");
    EXPECT_LT(a, b);
    auto m = store_->get(a);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->kind, "sns.http");
    EXPECT_EQ(m->destination, "http://localhost/hook");
    EXPECT_EQ(m->payload, "one");
    EXPECT_EQ(m->attempts, 0);
    EXPECT_EQ(m->status, OutboxStatus::kPending);
    EXPECT_EQ(m->next_attempt_at, clock_.now());
    EXPECT_EQ(m->created_at, clock_.now());
    EXPECT_EQ(m->updated_at, clock_.now());
    EXPECT_EQ(m->last_error, "");
    EXPECT_EQ(store_->get(999).error().code, Errc::kNotFound);
}

TEST_F(OutboxStoreTest, DeliveryLifecycle) {
    const std::int64_t id = enqueue("hello");
    auto claimed = store_->claim_due(clock_.now(), 10, 30s);
    ASSERT_TRUE(claimed.has_value()) << claimed.error().to_string();
    ASSERT_EQ(claimed->size(), 1u);
    EXPECT_EQ((*claimed)[0].id, id);
    EXPECT_EQ((*claimed)[0].status, OutboxStatus::kInFlight);
    EXPECT_EQ((*claimed)[0].next_attempt_at, clock_.now() + 30s);
    // Leased: not claimable again until the lease ends.
    EXPECT_TRUE(store_->claim_due(clock_.now() + 29s, 10, 30s)->empty());

    clock_.advance(1s);
    ASSERT_TRUE(store_->mark_failed(id, "HTTP 503", clock_.now() + 10s, clock_.now()));
    auto failed = store_->get(id);
    ASSERT_TRUE(failed.has_value());
    EXPECT_EQ(failed->status, OutboxStatus::kPending);
    EXPECT_EQ(failed->attempts, 1);
    EXPECT_EQ(failed->last_error, "HTTP 503");
    EXPECT_EQ(failed->updated_at, clock_.now());
    EXPECT_TRUE(store_->claim_due(clock_.now() + 9s, 10, 30s)->empty());

    clock_.advance(10s);
    claimed = store_->claim_due(clock_.now(), 10, 30s);
    ASSERT_TRUE(claimed.has_value());
    ASSERT_EQ(claimed->size(), 1u);
    EXPECT_EQ((*claimed)[0].attempts, 1);
    ASSERT_TRUE(store_->mark_delivered(id, clock_.now()));
    ASSERT_TRUE(store_->mark_delivered(id, clock_.now()));  // idempotent
    EXPECT_EQ(store_->get(id)->status, OutboxStatus::kDelivered);
    EXPECT_TRUE(store_->claim_due(clock_.now() + 1h, 10, 30s)->empty());
}

TEST_F(OutboxStoreTest, LeaseExpiryHandsTheMessageOutAgain) {
    const std::int64_t id = enqueue("crashy");
    auto first = store_->claim_due(clock_.now(), 10, 60s);
    ASSERT_TRUE(first.has_value());
    ASSERT_EQ(first->size(), 1u);
    // The worker dies here without marking anything.
    clock_.advance(59s);
    EXPECT_TRUE(store_->claim_due(clock_.now(), 10, 60s)->empty());
    clock_.advance(1s);
    auto second = store_->claim_due(clock_.now(), 10, 60s);
    ASSERT_TRUE(second.has_value());
    ASSERT_EQ(second->size(), 1u);
    EXPECT_EQ((*second)[0].id, id);
    EXPECT_EQ((*second)[0].next_attempt_at, clock_.now() + 60s);
}

TEST_F(OutboxStoreTest, ReleasingLeasesMakesInFlightMessagesDueNow) {
    const std::int64_t leased = enqueue("in flight when the process died");
    ASSERT_EQ(store_->claim_due(clock_.now(), 10, 120s)->size(), 1u);
    const std::int64_t waiting = enqueue("pending");
    clock_.advance(1s);
    auto released = store_->release_leases(clock_.now());
    ASSERT_TRUE(released.has_value());
    EXPECT_EQ(*released, 1);
    auto again = store_->claim_due(clock_.now(), 10, 120s);
    ASSERT_TRUE(again.has_value());
    ASSERT_EQ(again->size(), 2u);
    EXPECT_EQ((*again)[0].id, leased);
    EXPECT_EQ((*again)[1].id, waiting);
}

TEST_F(OutboxStoreTest, ClaimTakesOldestDueFirstUpToTheLimit) {
    const std::int64_t a = enqueue("a");
    clock_.advance(1s);
    const std::int64_t b = enqueue("b");
    clock_.advance(1s);
    const std::int64_t c = enqueue("c");
    // Push a to the back of the queue.
    ASSERT_EQ(store_->claim_due(clock_.now(), 1, 30s)->at(0).id, a);
    ASSERT_TRUE(store_->mark_failed(a, "x", clock_.now() + 5s, clock_.now()));

    auto two = store_->claim_due(clock_.now() + 10s, 2, 30s);
    ASSERT_TRUE(two.has_value());
    ASSERT_EQ(two->size(), 2u);
    EXPECT_EQ((*two)[0].id, b);
    EXPECT_EQ((*two)[1].id, c);
    auto rest = store_->claim_due(clock_.now() + 10s, 2, 30s);
    ASSERT_EQ(rest->size(), 1u);
    EXPECT_EQ((*rest)[0].id, a);

    for (int bad : {0, -1}) {
        auto st = store_->claim_due(clock_.now(), bad, 30s);
        ASSERT_FALSE(st.has_value());
        EXPECT_EQ(st.error().code, Errc::kInvalidArgument);
    }
}

TEST_F(OutboxStoreTest, DeadLetters) {
    const std::int64_t claimed = enqueue("claimed");
    const std::int64_t pending = enqueue("pending");
    ASSERT_EQ(store_->claim_due(clock_.now(), 1, 30s)->size(), 1u);
    ASSERT_TRUE(store_->mark_dead(claimed, "gave up after 5 attempts", clock_.now()));
    ASSERT_TRUE(store_->mark_dead(pending, "operator", clock_.now()));
    auto dead = store_->list(OutboxStatus::kDead, 10);
    ASSERT_TRUE(dead.has_value());
    ASSERT_EQ(dead->size(), 2u);
    EXPECT_EQ((*dead)[0].last_error, "gave up after 5 attempts");
    EXPECT_EQ((*dead)[0].attempts, 1) << "the in_flight attempt counts";
    EXPECT_EQ((*dead)[1].attempts, 0) << "an operator's decision is no attempt";
    EXPECT_TRUE(store_->claim_due(clock_.now() + 1h, 10, 30s)->empty());
}

TEST_F(OutboxStoreTest, RedriveReturnsADeadMessageToPendingWithFreshAttempts) {
    const std::int64_t id = enqueue("alert");
    ASSERT_EQ(store_->claim_due(clock_.now(), 1, 30s)->size(), 1u);
    ASSERT_TRUE(store_->mark_failed(id, "503", clock_.now() + 1s, clock_.now()));
    ASSERT_TRUE(store_->mark_dead(id, "relay down", clock_.now()));
    EXPECT_EQ(store_->redrive(999, clock_.now()).error().code, Errc::kNotFound);
    clock_.advance(1h);
    ASSERT_TRUE(store_->redrive(id, clock_.now()));
    auto m = store_->get(id);
    EXPECT_EQ(m->status, OutboxStatus::kPending);
    EXPECT_EQ(m->attempts, 0);
    EXPECT_EQ(m->created_at, clock_.now());
    EXPECT_EQ(m->last_error, "relay down");
    auto again = store_->redrive(id, clock_.now());
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, Errc::kFailedPrecondition);
    EXPECT_NE(again.error().message.find("not dead"), std::string::npos);
    EXPECT_EQ(store_->claim_due(clock_.now(), 10, 30s)->size(), 1u);
}

TEST_F(OutboxStoreTest, RecentListsNewestFirstInAnyStatus) {
    const std::int64_t a = enqueue("a");
    const std::int64_t b = enqueue("b");
    const std::int64_t c = enqueue("c");
    ASSERT_TRUE(store_->mark_dead(b, "x", clock_.now()));
    auto recent = store_->recent(2);
    ASSERT_TRUE(recent.has_value());
    ASSERT_EQ(recent->size(), 2u);
    EXPECT_EQ((*recent)[0].id, c);
    EXPECT_EQ((*recent)[1].id, b);
    EXPECT_EQ((*recent)[1].status, OutboxStatus::kDead);
    EXPECT_NE(a, c);
}

TEST_F(OutboxStoreTest, TransitionsTheStateMachineRefuses) {
    const std::int64_t id = enqueue("x");
    // pending: not in flight
    Status delivered = store_->mark_delivered(id, clock_.now());
    ASSERT_FALSE(delivered.has_value());
    EXPECT_EQ(delivered.error().code, Errc::kFailedPrecondition);
    EXPECT_EQ(delivered.error().message,
              "outbox message " + std::to_string(id) + " is pending, not in_flight");
    EXPECT_EQ(store_->mark_failed(id, "e", clock_.now(), clock_.now()).error().code,
              Errc::kFailedPrecondition);
    ASSERT_TRUE(store_->mark_dead(id, "e", clock_.now()));
    // dead is final
    EXPECT_EQ(store_->mark_dead(id, "e", clock_.now()).error().code, Errc::kFailedPrecondition);
    EXPECT_EQ(store_->mark_delivered(id, clock_.now()).error().code, Errc::kFailedPrecondition);
    // unknown ids
    EXPECT_EQ(store_->mark_delivered(999, clock_.now()).error().code, Errc::kNotFound);
    EXPECT_EQ(store_->mark_failed(999, "e", clock_.now(), clock_.now()).error().code,
              Errc::kNotFound);
    EXPECT_EQ(store_->mark_dead(999, "e", clock_.now()).error().code, Errc::kNotFound);
}

TEST_F(OutboxStoreTest, CountsListAndPurge) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(enqueue("m" + std::to_string(i)));
    }
    ASSERT_EQ(store_->claim_due(clock_.now(), 3, 30s)->size(), 3u);
    ASSERT_TRUE(store_->mark_delivered(ids[0], clock_.now()));
    ASSERT_TRUE(store_->mark_dead(ids[1], "bad", clock_.now()));
    auto counts = store_->counts();
    ASSERT_TRUE(counts.has_value());
    EXPECT_EQ(counts->pending, 2);
    EXPECT_EQ(counts->in_flight, 1);
    EXPECT_EQ(counts->delivered, 1);
    EXPECT_EQ(counts->dead, 1);

    auto pending = store_->list(OutboxStatus::kPending, 1);
    ASSERT_TRUE(pending.has_value());
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ((*pending)[0].id, ids[3]);
    EXPECT_EQ(store_->list(OutboxStatus::kPending, 0).error().code, Errc::kInvalidArgument);

    EXPECT_EQ(store_->purge_delivered(clock_.now()).value_or(-1), 0);  // not before now
    EXPECT_EQ(store_->purge_delivered(clock_.now() + 1ms).value_or(-1), 1);
    EXPECT_EQ(store_->get(ids[0]).error().code, Errc::kNotFound);
    EXPECT_EQ(store_->counts()->delivered, 0);
}

TEST_F(OutboxStoreTest, StatusNames) {
    for (auto s : {OutboxStatus::kPending,
                   OutboxStatus::kInFlight,
                   OutboxStatus::kDelivered,
                   OutboxStatus::kDead}) {
        EXPECT_EQ(parse_outbox_status(outbox_status_name(s)).value(), s);
    }
    EXPECT_EQ(outbox_status_name(OutboxStatus::kInFlight), "in_flight");
    EXPECT_EQ(parse_outbox_status("done").error().code, Errc::kInvalidArgument);
}

// The outbox row is written with the work it announces, or not at all.
TEST_F(OutboxStoreTest, EnqueueJoinsTheTransactionOfTheWork) {
    ASSERT_TRUE(db_->exec("CREATE TABLE work(x)"));
    Status failed = with_transaction(*db_, [&](Database& db) -> Status {
        TRIPLINE_TRY(db.exec("INSERT INTO work VALUES (1)"));
        TRIPLINE_TRY(store_->enqueue("k", "d", "p", clock_.now()));
        return make_error(Errc::kInvalidArgument, "validation failed after enqueue");
    });
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(store_->counts()->pending, 0);

    ASSERT_TRUE(with_transaction(*db_, [&](Database& db) -> Status {
        TRIPLINE_TRY(db.exec("INSERT INTO work VALUES (2)"));
        TRIPLINE_TRY(store_->enqueue("k", "d", "p", clock_.now()));
        return ok_status();
    }));
    EXPECT_EQ(store_->counts()->pending, 1);
}

TEST_F(OutboxStoreTest, ThreadsSharingOneDatabase) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 200;
    std::vector<std::thread> threads;
    std::mutex ids_mutex;
    std::set<std::int64_t> ids;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                auto id = store_->enqueue(
                    "k", "d", std::to_string(t) + ":" + std::to_string(i), clock_.now());
                ASSERT_TRUE(id.has_value()) << id.error().to_string();
                std::lock_guard guard(ids_mutex);
                ids.insert(*id);
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
    EXPECT_EQ(store_->counts()->pending, kThreads * kPerThread);
    auto all = store_->list(OutboxStatus::kPending, 10'000);
    ASSERT_TRUE(all.has_value());
    std::set<std::string> payloads;
    for (const auto& m : *all) {
        payloads.insert(m.payload);
    }
    EXPECT_EQ(payloads.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

// One connection per thread: writers queue on SQLite's lock; with_transaction retries when busy.
TEST_F(OutboxStoreTest, ThreadsWithTheirOwnConnections) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 200;
    std::vector<std::thread> threads;
    std::atomic<int> errors{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            auto db = Database::open(path_);
            if (!db.has_value()) {
                ++errors;
                return;
            }
            OutboxStore outbox(**db);
            for (int i = 0; i < kPerThread; ++i) {
                Status st = with_transaction(**db, [&]() -> Status {
                    TRIPLINE_TRY(
                        outbox.enqueue("k", "d", std::to_string(t * 1000 + i), clock_.now()));
                    return ok_status();
                });
                if (!st.has_value()) {
                    ++errors;
                }
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(store_->counts()->pending, kThreads * kPerThread);
}

// Two workers claiming concurrently never get the same message.
TEST_F(OutboxStoreTest, ConcurrentClaimsAreDisjoint) {
    constexpr int kMessages = 300;
    for (int i = 0; i < kMessages; ++i) {
        enqueue(std::to_string(i));
    }
    std::mutex mutex;
    std::multiset<std::int64_t> seen;
    std::vector<std::thread> workers;
    for (int w = 0; w < 3; ++w) {
        workers.emplace_back([&] {
            auto db = Database::open(path_);
            ASSERT_TRUE(db.has_value());
            OutboxStore outbox(**db);
            while (true) {
                auto batch = outbox.claim_due(clock_.now(), 7, 1h);
                ASSERT_TRUE(batch.has_value()) << batch.error().to_string();
                if (batch->empty()) {
                    return;
                }
                std::lock_guard guard(mutex);
                for (const auto& m : *batch) {
                    seen.insert(m.id);
                }
            }
        });
    }
    for (auto& th : workers) {
        th.join();
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kMessages));
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(),
              static_cast<std::size_t>(kMessages));
}

TEST_F(OutboxStoreTest, LongPayloadsAreStoredCompressedAndReadBackExactly) {
    std::string event = R"({"version":"0","detail":{"eventName":"GetCallerIdentity"},"pad":")";
    while (event.size() < 4000) {
        event += "0123456789abcdef";
    }
    event += "\"}";
    const std::int64_t big = enqueue(event);
    const std::int64_t small = enqueue("short");
    auto stored =
        db_->prepare("SELECT typeof(payload), length(payload) FROM outbox WHERE id = ?1", big);
    ASSERT_TRUE(stored.has_value() && stored->step().value_or(false));
    EXPECT_EQ(stored->column_text(0), "blob");
    EXPECT_LT(stored->column_int64(1), 1000) << "repetitive JSON compresses";
    auto plain = db_->prepare("SELECT typeof(payload) FROM outbox WHERE id = ?1", small);
    ASSERT_TRUE(plain.has_value() && plain->step().value_or(false));
    EXPECT_EQ(plain->column_text(0), "text");

    EXPECT_EQ(store_->get(big)->payload, event);
    auto claimed = store_->claim_due(clock_.now(), 10, 30s);
    ASSERT_TRUE(claimed.has_value());
    ASSERT_EQ(claimed->size(), 2u);
    EXPECT_EQ((*claimed)[0].payload, event);
    EXPECT_EQ((*claimed)[1].payload, "short");
}

TEST_F(OutboxStoreTest, ACorruptCompressedPayloadIsAnErrorNamingTheMessage) {
    const std::int64_t id = enqueue(std::string(1000, 'x'));
    ASSERT_TRUE(db_->run("UPDATE outbox SET payload = x'10270000ffff' WHERE id = ?1", id));
    auto m = store_->get(id);
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(m.error().message,
              "outbox message #" + std::to_string(id) +
                  ": payload does not decompress to its recorded size");
    EXPECT_FALSE(decompress_outbox_payload(nullptr, 0, 7).has_value());
}

TEST(OutboxMigration, RowsAndIdsOfAVersion3StoreSurvive) {
    tripline::testing::TempDir dir;
    const auto path = dir.path() / "state.db";
    {
        auto db = Database::open(path);
        ASSERT_TRUE(db.has_value());
        auto v3 = migrate(**db, builtin_migrations().first(3));
        ASSERT_TRUE(v3.has_value()) << v3.error().to_string();
        ASSERT_TRUE((*db)->exec(
            "INSERT INTO outbox(kind, destination, payload, next_attempt_at, status, created_at, "
            "updated_at) VALUES ('sns.email', 'a@example.com', 'old text', 5, 'pending', 5, 5), "
            "('sns.email', 'b@example.com', 'gone', 5, 'delivered', 5, 5);"
            "DELETE FROM outbox WHERE payload = 'gone';"));
    }
    auto db = test_util::open_or_die(path);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(schema_version(*db).value_or(-1), latest_schema_version());
    OutboxStore store(*db);
    auto old = store.get(1);
    ASSERT_TRUE(old.has_value()) << old.error().to_string();
    EXPECT_EQ(old->payload, "old text");
    EXPECT_EQ(old->destination, "a@example.com");
    // Id 2 was used and deleted before the migration: it is never handed out again.
    auto next = store.enqueue("sns.email", "c@example.com", std::string(500, 'y'), TimePoint{});
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(*next, 3);
    EXPECT_EQ(store.get(3)->payload, std::string(500, 'y'));
}

}  // namespace
}  // namespace tripline::storage
