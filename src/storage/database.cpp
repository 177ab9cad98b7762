#include "storage/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "storage/internal/connection.h"

namespace tripline::storage {

namespace internal {

Error sqlite_error(sqlite3* db, int rc, std::string_view sql) {
    const int primary = rc & 0xff;
    Errc code = Errc::kIo;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        code = Errc::kUnavailable;
    } else if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
               rc == SQLITE_CONSTRAINT_ROWID) {
        code = Errc::kAlreadyExists;
    } else if (primary == SQLITE_CONSTRAINT) {
        code = Errc::kFailedPrecondition;
    }
    // sqlite3_errmsg describes the connection's latest error, which is this one when rc came from
    // it; sqlite3_errstr is the fallback for codes that did not (or with no connection).
    std::string message = db != nullptr && sqlite3_extended_errcode(db) == rc ? sqlite3_errmsg(db)
                                                                              : sqlite3_errstr(rc);
    if (!sql.empty()) {
        message += " (in SQL: ";
        message += sql.size() > 200 ? std::string(sql.substr(0, 200)) + "..." : std::string(sql);
        message += ")";
    }
    return make_error(code, "sqlite: " + message);
}

}  // namespace internal

namespace {

// SQLite creates new files with mode 0644; the state store holds secret access keys, so create it
// ourselves first with 0600. SQLite gives the -wal and -shm files the database file's mode.
Status create_private_file(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            return ok_status();
        }
        return make_error(Errc::kIo,
                          "cannot create " + path.string() + ": " + std::strerror(errno));
    }
    // The umask could only have narrowed 0600, but set it exactly anyway.
    (void)::fchmod(fd, 0600);
    ::close(fd);
    return ok_status();
}

// Runs a PRAGMA that returns one text row (journal_mode does) and returns that row.
Result<std::string> pragma_text(Database& db, std::string_view sql) {
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt, db.prepare(sql));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    return row ? stmt.column_string(0) : std::string();
}

}  // namespace

Database::Database(std::unique_ptr<internal::Connection> conn, std::filesystem::path path)
    : conn_(std::move(conn)), path_(std::move(path)) {}

Database::~Database() {
    if (conn_ != nullptr && conn_->db != nullptr) {
        internal::finalize_idle_statements(*conn_);
        // v2 defers the close until outstanding statements are finalized instead of failing.
        sqlite3_close_v2(conn_->db);
    }
}

Database::Database(Database&& other) noexcept = default;
Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (conn_ != nullptr && conn_->db != nullptr) {
            internal::finalize_idle_statements(*conn_);
            sqlite3_close_v2(conn_->db);
        }
        conn_ = std::move(other.conn_);
        path_ = std::move(other.path_);
    }
    return *this;
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path,
                                                 OpenOptions options) {
    const bool in_memory = path == ":memory:";
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
    if (!in_memory) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            if (!options.create) {
                return make_error(Errc::kNotFound, "database " + path.string() + " does not exist");
            }
            TRIPLINE_TRY(create_private_file(path));
        }
    } else {
        flags |= SQLITE_OPEN_CREATE;
    }

    auto conn = std::make_unique<internal::Connection>();
    conn->name = in_memory ? std::string(":memory:") : path.filename().string();
    int rc = sqlite3_open_v2(path.c_str(), &conn->db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error err = internal::sqlite_error(conn->db, rc);
        err.message = "cannot open " + path.string() + ": " + err.message;
        sqlite3_close_v2(conn->db);
        conn->db = nullptr;
        return err;
    }
    sqlite3_extended_result_codes(conn->db, 1);
    sqlite3_busy_timeout(conn->db, static_cast<int>(options.busy_timeout.count()));

    std::unique_ptr<Database> db(new Database(std::move(conn), path));
    if (!in_memory) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string mode, pragma_text(*db, "PRAGMA journal_mode=WAL"));
        if (mode != "wal") {
            return make_error(
                Errc::kIo,
                "cannot switch " + path.string() + " to WAL (journal_mode=" + mode + ")");
        }
    }
    // 64 MiB of page cache (SQLite's default is 2 MiB): the ingest dedup index and the outbox
    // outgrow the default within minutes of ingest, and every miss is a pread.
    TRIPLINE_TRY(
        db->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"));
    return db;
}

Status Database::exec(std::string_view sql) {
    auto guard = lock();
    std::string text(sql);  // sqlite3_exec needs a NUL-terminated string
    int rc = sqlite3_exec(conn_->db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        return internal::sqlite_error(conn_->db, rc, sql);
    }
    return ok_status();
}

Result<Statement> Database::prepare(std::string_view sql) {
    auto guard = lock();
    if (sqlite3_stmt* cached = internal::take_idle_statement(*conn_, sql)) {
        return Statement(conn_.get(), cached);
    }
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(conn_->db,
                                sql.data(),
                                static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT,
                                &stmt,
                                &tail);
    if (rc != SQLITE_OK) {
        return internal::sqlite_error(conn_->db, rc, sql);
    }
    if (stmt == nullptr) {
        return make_error(Errc::kInvalidArgument,
                          "no SQL statement in \"" + std::string(sql) + "\"");
    }
    Statement result(conn_.get(), stmt);
    // A second statement after the first would be silently ignored: refuse it.
    for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
            return make_error(Errc::kInvalidArgument,
                              "prepare takes one SQL statement; trailing text: " + std::string(p));
        }
    }
    return result;
}

std::int64_t Database::changes() const {
    auto guard = lock();
    return sqlite3_changes64(conn_->db);
}

std::int64_t Database::last_insert_rowid() const {
    auto guard = lock();
    return sqlite3_last_insert_rowid(conn_->db);
}

std::unique_lock<std::recursive_mutex> Database::lock() const {
    return std::unique_lock<std::recursive_mutex>(conn_->mutex);
}

bool Database::in_transaction() const {
    auto guard = lock();
    return conn_->transaction_depth > 0;
}

const std::string& Database::name() const { return conn_->name; }

sqlite3* Database::native_handle() const { return conn_->db; }

}  // namespace tripline::storage
