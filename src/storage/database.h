// Database: one SQLite connection to Tripline's state store (`state.db`), with the settings every
// caller relies on: WAL journal, synchronous=FULL (a committed transaction survives a power cut),
// foreign keys on, a busy timeout, and a file created with mode 0600 (it holds secret keys).
//
// Ownership: Database owns the sqlite3 handle and closes it on destruction. Statements borrow the
// connection and must be destroyed before their Database.
//
// Thread-safety: a Database may be shared by several threads. Every call locks the connection's
// recursive mutex; a Transaction (transaction.h) holds that mutex from BEGIN to COMMIT/ROLLBACK, so
// the statements of one thread's transaction never interleave with another thread's. Code that
// steps a multi-row Statement while other threads use the same Database holds `lock()` for the
// whole iteration (the typed stores do). For parallel readers, open one Database per thread on the
// same file instead: WAL lets readers proceed while one writer commits, writers queue on the busy
// timeout, and with_transaction() retries when it expires.
//
// Errors: SQLITE_BUSY/LOCKED -> Errc::kUnavailable (retry), UNIQUE/PRIMARY KEY violations ->
// kAlreadyExists, other constraint violations (foreign key, CHECK, NOT NULL) ->
// kFailedPrecondition, anything else -> kIo with SQLite's message and the SQL.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "storage/statement.h"

struct sqlite3;

namespace tripline::storage {

struct OpenOptions {
    // How long a statement waits for another connection's write lock before failing with
    // kUnavailable.
    std::chrono::milliseconds busy_timeout{5000};
    // Create the file (mode 0600) when it does not exist; otherwise a missing file is kNotFound.
    bool create = true;
};

class Database {
public:
    // Opens (or creates) the database at `path`; ":memory:" opens a private in-memory database.
    // The parent directory must exist. Does not apply migrations (see migrations.h).
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path,
                                                  OpenOptions options = {});

    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more SQL statements separated by ';' (no parameters, rows are discarded).
    Status exec(std::string_view sql);

    // Compiles one statement. With arguments, binds them to ?1, ?2, ... (see Statement::bind).
    Result<Statement> prepare(std::string_view sql);
    template <typename A, typename... Rest>
    Result<Statement> prepare(std::string_view sql, const A& first, const Rest&... rest) {
        TRIPLINE_ASSIGN_OR_RETURN(Statement stmt, prepare(sql));
        TRIPLINE_TRY(stmt.bind_all(first, rest...));
        return stmt;
    }

    // Prepares, binds and runs a statement to completion; returns the number of rows it changed.
    template <typename... Args>
    Result<std::int64_t> run(std::string_view sql, const Args&... args) {
        auto guard = lock();
        TRIPLINE_ASSIGN_OR_RETURN(Statement stmt, prepare(sql, args...));
        while (true) {
            TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
            if (!row) {
                break;
            }
        }
        return changes();
    }

    // Rows changed by the last INSERT/UPDATE/DELETE on this connection, and the last rowid.
    std::int64_t changes() const;
    std::int64_t last_insert_rowid() const;

    // Holds the connection for a sequence of calls that must not interleave with other threads.
    // Recursive: the holder may call any method (and open transactions) while holding it.
    std::unique_lock<std::recursive_mutex> lock() const;

    // True while a Transaction is open on this connection (by the calling thread, if it holds
    // lock()).
    bool in_transaction() const;

    // The file name for messages ("state.db"), or ":memory:".
    const std::string& name() const;
    const std::filesystem::path& path() const { return path_; }

    // The raw handle, for what this class does not wrap. Use it while holding lock().
    sqlite3* native_handle() const;

    // Internal: the shared connection state (used by Statement and Transaction).
    internal::Connection& connection() const { return *conn_; }

private:
    Database(std::unique_ptr<internal::Connection> conn, std::filesystem::path path);

    std::unique_ptr<internal::Connection> conn_;
    std::filesystem::path path_;
};

}  // namespace tripline::storage
