// Transaction: an RAII SQLite transaction on a Database. The outermost one is BEGIN IMMEDIATE (it
// takes the write lock up front, so it cannot fail half-way with SQLITE_BUSY on its first write);
// one opened while another is open on the same connection is a SAVEPOINT inside it. The destructor
// rolls back unless commit() succeeded, so an early return or an exception leaves nothing behind.
//
// with_transaction() is the crash-safe unit of work: the work a service accepts and the outbox rows
// that announce it are written by the same function, inside one transaction, so after a crash
// either both exist or neither does. It retries the whole function when the database is busy.
//
// Ownership: a Transaction borrows its Database (which must outlive it) and holds the connection's
// lock from begin to commit/rollback.
// Thread-safety: a Transaction belongs to the thread that began it (it holds a recursive mutex);
// other threads using the same Database wait until it ends. Do not move it to another thread.
// Errors: begin/commit return kUnavailable when another connection holds the write lock past the
// busy timeout; other SQLite failures as in database.h.
#pragma once

#include <chrono>
#include <concepts>
#include <mutex>
#include <thread>
#include <type_traits>

#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

class Transaction {
public:
    static Result<Transaction> begin(Database& db);

    ~Transaction();
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // Makes the changes durable (outermost) or folds them into the enclosing transaction (nested).
    // On failure the transaction stays open and the destructor rolls it back.
    Status commit();
    // Discards the changes now; the destructor does this when neither was called.
    Status rollback();

    bool active() const { return db_ != nullptr; }
    // True for a savepoint inside an enclosing transaction.
    bool nested() const { return depth_ > 1; }

private:
    Transaction(Database& db, std::unique_lock<std::recursive_mutex> lock, int depth)
        : db_(&db), lock_(std::move(lock)), depth_(depth) {}
    Status finish(bool commit);

    Database* db_ = nullptr;  // null once committed or rolled back
    std::unique_lock<std::recursive_mutex> lock_;
    int depth_ = 0;
};

struct RetryPolicy {
    int max_attempts = 5;                        // 1 = no retry
    std::chrono::milliseconds first_backoff{5};  // doubled after each busy attempt
};

// Runs `work` inside a transaction and commits when it returns success; rolls back when it returns
// an error or throws (the exception propagates). `work` is callable as `work()` or
// `work(Database&)` and returns Status. When the outermost transaction meets kUnavailable (begin,
// work or commit), the whole function is rolled back and run again, at most
// policy.max_attempts times; `work` must therefore have no effects outside the database. Nested in
// another transaction it runs once, and a busy error goes up to the outermost one to retry.
template <typename F>
Status with_transaction(Database& db, F&& work, RetryPolicy policy = {}) {
    auto backoff = policy.first_backoff;
    for (int attempt = 1;; ++attempt) {
        bool nested = false;
        Status status = [&]() -> Status {
            TRIPLINE_ASSIGN_OR_RETURN(Transaction tx, Transaction::begin(db));
            nested = tx.nested();
            if constexpr (std::is_invocable_v<F&, Database&>) {
                TRIPLINE_TRY(work(db));
            } else {
                static_assert(
                    std::is_invocable_v<F&>,
                    "with_transaction: work must be callable as work() or work(Database&)");
                TRIPLINE_TRY(work());
            }
            return tx.commit();
        }();
        if (status.has_value() || status.error().code != Errc::kUnavailable ||
            attempt >= policy.max_attempts || nested) {
            return status;
        }
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
    }
}

}  // namespace tripline::storage
