#include "storage/transaction.h"

#include <string>
#include <utility>

#include "storage/internal/connection.h"

namespace tripline::storage {

namespace {

std::string savepoint_name(int depth) { return "tripline_sp" + std::to_string(depth); }

}  // namespace

Result<Transaction> Transaction::begin(Database& db) {
    auto lock = db.lock();
    internal::Connection& conn = db.connection();
    const int depth = conn.transaction_depth + 1;
    if (depth == 1) {
        TRIPLINE_TRY(db.exec("BEGIN IMMEDIATE"));
    } else {
        TRIPLINE_TRY(db.exec("SAVEPOINT " + savepoint_name(depth)));
    }
    conn.transaction_depth = depth;
    return Transaction(db, std::move(lock), depth);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), lock_(std::move(other.lock_)), depth_(other.depth_) {}

Transaction::~Transaction() {
    if (db_ != nullptr) {
        (void)finish(false);
    }
}

Status Transaction::commit() {
    if (db_ == nullptr) {
        return make_error(Errc::kFailedPrecondition, "transaction already ended");
    }
    return finish(true);
}

Status Transaction::rollback() {
    if (db_ == nullptr) {
        return make_error(Errc::kFailedPrecondition, "transaction already ended");
    }
    return finish(false);
}

Status Transaction::finish(bool commit) {
    internal::Connection& conn = db_->connection();
    Status status;
    if (depth_ == 1) {
        // A failed ROLLBACK (SQLite may already have rolled back by itself after an I/O error)
        // still ends the transaction; only a failed COMMIT leaves it open.
        status = db_->exec(commit ? "COMMIT" : "ROLLBACK");
    } else {
        const std::string name = savepoint_name(depth_);
        status = commit ? db_->exec("RELEASE " + name)
                        : db_->exec("ROLLBACK TO " + name + "; RELEASE " + name);
    }
    if (commit && !status.has_value()) {
        return status;  // still open: the destructor rolls back
    }
    conn.transaction_depth = depth_ - 1;
    db_ = nullptr;
    lock_.unlock();
    return status;
}

}  // namespace tripline::storage
