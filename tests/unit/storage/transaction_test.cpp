#include "storage/transaction.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "test_support.h"

namespace tripline::storage {
namespace {

using tripline::testing::TempDir;

class TransactionTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = Database::open(dir_.path() / "tx.db");
        ASSERT_TRUE(opened.has_value());
        db_ = std::move(opened).value();
        ASSERT_TRUE(db_->exec("CREATE TABLE t(x INTEGER UNIQUE)"));
    }

    std::int64_t count() {
        auto stmt = db_->prepare("SELECT count(*) FROM t");
        EXPECT_TRUE(stmt.has_value());
        EXPECT_TRUE(stmt->step().value_or(false));
        return stmt->column_int64(0);
    }

    Status insert(int x) {
        TRIPLINE_TRY(db_->run("INSERT INTO t VALUES (?1)", x));
        return ok_status();
    }

    TempDir dir_;
    std::unique_ptr<Database> db_;
};

TEST_F(TransactionTest, CommitKeepsChanges) {
    auto tx = Transaction::begin(*db_);
    ASSERT_TRUE(tx.has_value());
    EXPECT_TRUE(tx->active());
    EXPECT_FALSE(tx->nested());
    EXPECT_TRUE(db_->in_transaction());
    ASSERT_TRUE(insert(1));
    ASSERT_TRUE(tx->commit());
    EXPECT_FALSE(tx->active());
    EXPECT_FALSE(db_->in_transaction());
    EXPECT_EQ(count(), 1);
    Status again = tx->commit();
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, Errc::kFailedPrecondition);
    EXPECT_FALSE(tx->rollback().has_value());
}

TEST_F(TransactionTest, DestructorRollsBack) {
    {
        auto tx = Transaction::begin(*db_);
        ASSERT_TRUE(tx.has_value());
        ASSERT_TRUE(insert(1));
        EXPECT_EQ(count(), 1);  // visible inside
    }
    EXPECT_EQ(count(), 0);
    EXPECT_FALSE(db_->in_transaction());
}

TEST_F(TransactionTest, ExplicitRollback) {
    auto tx = Transaction::begin(*db_);
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(insert(1));
    ASSERT_TRUE(tx->rollback());
    EXPECT_EQ(count(), 0);
}

TEST_F(TransactionTest, RollsBackOnException) {
    EXPECT_THROW(
        {
            Status st = with_transaction(*db_, [&]() -> Status {
                EXPECT_TRUE(insert(1));
                throw std::runtime_error("boom");
            });
            (void)st;
        },
        std::runtime_error);
    EXPECT_EQ(count(), 0);
    EXPECT_FALSE(db_->in_transaction());
}

TEST_F(TransactionTest, MoveKeepsOneOwner) {
    auto tx = Transaction::begin(*db_);
    ASSERT_TRUE(tx.has_value());
    Transaction moved = std::move(*tx);
    EXPECT_FALSE(tx->active());
    ASSERT_TRUE(insert(1));
    ASSERT_TRUE(moved.commit());
    EXPECT_EQ(count(), 1);
}

TEST_F(TransactionTest, NestedIsASavepoint) {
    auto outer = Transaction::begin(*db_);
    ASSERT_TRUE(outer.has_value());
    ASSERT_TRUE(insert(1));
    {
        auto inner = Transaction::begin(*db_);
        ASSERT_TRUE(inner.has_value());
        EXPECT_TRUE(inner->nested());
        ASSERT_TRUE(insert(2));
        // rolled back by the destructor: only the inner insert goes
    }
    {
        auto inner = Transaction::begin(*db_);
        ASSERT_TRUE(inner.has_value());
        ASSERT_TRUE(insert(3));
        ASSERT_TRUE(inner->commit());
    }
    EXPECT_TRUE(db_->in_transaction());
    ASSERT_TRUE(outer->commit());
    EXPECT_EQ(count(), 2);
    auto stmt = db_->prepare("SELECT group_concat(x) FROM (SELECT x FROM t ORDER BY x)");
    ASSERT_TRUE(stmt.has_value() && stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_text(0), "1,3");
}

TEST_F(TransactionTest, NestedCommitIsUndoneByOuterRollback) {
    {
        auto outer = Transaction::begin(*db_);
        ASSERT_TRUE(outer.has_value());
        Status st = with_transaction(*db_, [&] { return insert(1); });
        ASSERT_TRUE(st);
    }
    EXPECT_EQ(count(), 0);
}

TEST_F(TransactionTest, WithTransactionCommitsOrRollsBack) {
    ASSERT_TRUE(with_transaction(*db_, [&](Database& db) -> Status {
        TRIPLINE_TRY(db.run("INSERT INTO t VALUES (1)"));
        return ok_status();
    }));
    EXPECT_EQ(count(), 1);
    Status failed = with_transaction(*db_, [&]() -> Status {
        TRIPLINE_TRY(insert(2));
        return make_error(Errc::kInvalidArgument, "no");
    });
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(count(), 1);
}

TEST_F(TransactionTest, WithTransactionRetriesWhenBusy) {
    int calls = 0;
    Status st = with_transaction(
        *db_,
        [&]() -> Status {
            ++calls;
            TRIPLINE_TRY(insert(calls));
            if (calls < 3) {
                return make_error(Errc::kUnavailable, "busy");
            }
            return ok_status();
        },
        RetryPolicy{5, std::chrono::milliseconds{1}});
    ASSERT_TRUE(st);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(count(), 1);  // the first two attempts were rolled back

    calls = 0;
    Status gave_up = with_transaction(
        *db_,
        [&]() -> Status {
            ++calls;
            return make_error(Errc::kUnavailable, "busy");
        },
        RetryPolicy{3, std::chrono::milliseconds{1}});
    ASSERT_FALSE(gave_up.has_value());
    EXPECT_EQ(gave_up.error().code, Errc::kUnavailable);
    EXPECT_EQ(calls, 3);
}

TEST_F(TransactionTest, NestedWithTransactionDoesNotRetry) {
    int inner_calls = 0;
    auto outer = Transaction::begin(*db_);
    ASSERT_TRUE(outer.has_value());
    Status st = with_transaction(*db_, [&]() -> Status {
        ++inner_calls;
        return make_error(Errc::kUnavailable, "busy");
    });
    EXPECT_FALSE(st.has_value());
    EXPECT_EQ(inner_calls, 1);
}

TEST_F(TransactionTest, RetriesUntilAnotherConnectionReleasesTheLock) {
    // This connection does not wait at all: a busy write fails at once and is retried.
    auto impatient =
        Database::open(dir_.path() / "tx.db", OpenOptions{std::chrono::milliseconds{0}});
    ASSERT_TRUE(impatient.has_value());

    std::atomic<bool> holding{false};
    std::thread holder([&] {
        auto other = Database::open(dir_.path() / "tx.db");
        ASSERT_TRUE(other.has_value());
        auto tx = Transaction::begin(**other);
        ASSERT_TRUE(tx.has_value());
        ASSERT_TRUE((*other)->exec("INSERT INTO t VALUES (100)"));
        holding = true;
        std::this_thread::sleep_for(std::chrono::milliseconds{40});
        ASSERT_TRUE(tx->commit());
    });
    while (!holding.load()) {
        std::this_thread::yield();
    }
    int attempts = 0;
    Status st = with_transaction(
        **impatient,
        [&](Database& db) -> Status {
            ++attempts;
            TRIPLINE_TRY(db.run("INSERT INTO t VALUES (101)"));
            return ok_status();
        },
        RetryPolicy{20, std::chrono::milliseconds{1}});
    holder.join();
    ASSERT_TRUE(st) << st.error().to_string();
    EXPECT_GT(attempts, 0);  // begin itself is what fails while the other holds the lock
    EXPECT_EQ(count(), 2);
}

// Several threads sharing one Database: each transaction's statements stay together.
TEST_F(TransactionTest, ThreadsShareOneDatabase) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 50;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const int x = t * 1000 + i;
                Status st = with_transaction(*db_, [&]() -> Status {
                    TRIPLINE_TRY(db_->run("INSERT INTO t VALUES (?1)", x));
                    // Another thread's statement landing here would be rolled back with ours.
                    TRIPLINE_TRY(db_->run("INSERT INTO t VALUES (?1)", -x - 1));
                    if (i % 5 == 0) {
                        return make_error(Errc::kInvalidArgument, "roll back this one");
                    }
                    return ok_status();
                });
                if (!st.has_value() && st.error().code != Errc::kInvalidArgument) {
                    ++failures;
                }
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count(), kThreads * kPerThread * 2 * 4 / 5);
}

}  // namespace
}  // namespace tripline::storage
