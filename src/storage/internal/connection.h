// The shared state behind a Database and its Statements: the sqlite3 handle, the mutex that
// serialises its use between threads, and the transaction depth (for savepoints). Private to
// storage/.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace tripline::storage::internal {

struct Connection {
    sqlite3* db = nullptr;
    std::string name;  // file name for messages ("state.db"), or ":memory:"
    std::recursive_mutex mutex;
    int transaction_depth = 0;  // guarded by mutex; 0 = autocommit
    // Compiled statements not in use, by their SQL text (guarded by mutex). Services run the same
    // few statements over and over; compiling each time was a large part of a small write.
    // Statements return here, reset, when destroyed; at most kMaxIdleStatements are kept.
    std::map<std::string, sqlite3_stmt*, std::less<>> idle_statements;
};

inline constexpr std::size_t kMaxIdleStatements = 256;

// Takes a cached statement for `sql` (nullptr when none); call with the mutex held.
sqlite3_stmt* take_idle_statement(Connection& conn, std::string_view sql);
// Resets the statement and caches it, or finalizes it when the cache has one or is full.
void release_statement(Connection& conn, sqlite3_stmt* stmt);
// Finalizes every cached statement (before the connection closes).
void finalize_idle_statements(Connection& conn);

// Maps an SQLite result code to an Error: BUSY/LOCKED -> kUnavailable, UNIQUE/PRIMARY KEY ->
// kAlreadyExists, other constraints -> kFailedPrecondition, anything else -> kIo. The message holds
// SQLite's text and, when given, the SQL. Call with the connection's mutex held.
Error sqlite_error(sqlite3* db, int rc, std::string_view sql = {});

}  // namespace tripline::storage::internal
