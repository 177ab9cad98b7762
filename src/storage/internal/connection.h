// The shared state behind a Database and its Statements: the sqlite3 handle, the mutex that
// serialises its use between threads, and the transaction depth (for savepoints). Private to
// storage/.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"

struct sqlite3;

namespace tripline::storage::internal {

struct Connection {
    sqlite3* db = nullptr;
    std::string name;  // file name for messages ("state.db"), or ":memory:"
    std::recursive_mutex mutex;
    int transaction_depth = 0;  // guarded by mutex; 0 = autocommit
};

// Maps an SQLite result code to an Error: BUSY/LOCKED -> kUnavailable, UNIQUE/PRIMARY KEY ->
// kAlreadyExists, other constraints -> kFailedPrecondition, anything else -> kIo. The message holds
// SQLite's text and, when given, the SQL. Call with the connection's mutex held.
Error sqlite_error(sqlite3* db, int rc, std::string_view sql = {});

}  // namespace tripline::storage::internal
