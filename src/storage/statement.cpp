#include "storage/statement.h"

#include <sqlite3.h>

#include <mutex>
#include <utility>

#include "storage/internal/connection.h"

namespace tripline::storage {

std::int64_t to_unix_ms(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_unix_ms(std::int64_t ms) {
    return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::milliseconds{ms})};
}

namespace internal {

sqlite3_stmt* take_idle_statement(Connection& conn, std::string_view sql) {
    auto it = conn.idle_statements.find(sql);
    if (it == conn.idle_statements.end()) {
        return nullptr;
    }
    sqlite3_stmt* stmt = it->second;
    conn.idle_statements.erase(it);
    return stmt;
}

void release_statement(Connection& conn, sqlite3_stmt* stmt) {
    std::lock_guard guard(conn.mutex);
    // reset also ends the statement's read transaction, as finalize would.
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    const char* sql = sqlite3_sql(stmt);
    if (sql == nullptr || conn.idle_statements.size() >= kMaxIdleStatements ||
        !conn.idle_statements.try_emplace(std::string(sql), stmt).second) {
        sqlite3_finalize(stmt);
    }
}

void finalize_idle_statements(Connection& conn) {
    std::lock_guard guard(conn.mutex);
    for (auto& [sql, stmt] : conn.idle_statements) {
        sqlite3_finalize(stmt);
    }
    conn.idle_statements.clear();
}

}  // namespace internal

Statement::~Statement() {
    if (stmt_ != nullptr) {
        internal::release_statement(*conn_, stmt_);
    }
}

Statement::Statement(Statement&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_ != nullptr) {
            internal::release_statement(*conn_, stmt_);
        }
        conn_ = std::exchange(other.conn_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Status Statement::check_bind(int rc, int index) {
    if (rc == SQLITE_OK) {
        return ok_status();
    }
    if (rc == SQLITE_RANGE) {
        return make_error(Errc::kInvalidArgument,
                          "sqlite: parameter index " + std::to_string(index) +
                              " out of range (in SQL: " + std::string(sql()) + ")");
    }
    return internal::sqlite_error(conn_->db, rc, sql());
}

Status Statement::bind_int64(int index, std::int64_t value) {
    std::lock_guard guard(conn_->mutex);
    return check_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

Status Statement::bind_double(int index, double value) {
    std::lock_guard guard(conn_->mutex);
    return check_bind(sqlite3_bind_double(stmt_, index, value), index);
}

Status Statement::bind_text(int index, std::string_view value) {
    std::lock_guard guard(conn_->mutex);
    // A non-null pointer even for "" so that an empty string binds as '' rather than NULL.
    const char* data = value.data() != nullptr ? value.data() : "";
    return check_bind(sqlite3_bind_text64(stmt_,
                                          index,
                                          data,
                                          static_cast<sqlite3_uint64>(value.size()),
                                          SQLITE_TRANSIENT,
                                          SQLITE_UTF8),
                      index);
}

Status Statement::bind_blob(int index, std::span<const std::byte> value) {
    std::lock_guard guard(conn_->mutex);
    if (value.empty()) {
        return check_bind(sqlite3_bind_zeroblob(stmt_, index, 0), index);
    }
    return check_bind(sqlite3_bind_blob64(stmt_,
                                          index,
                                          value.data(),
                                          static_cast<sqlite3_uint64>(value.size()),
                                          SQLITE_TRANSIENT),
                      index);
}

Status Statement::bind_null(int index) {
    std::lock_guard guard(conn_->mutex);
    return check_bind(sqlite3_bind_null(stmt_, index), index);
}

Result<bool> Statement::step() {
    std::lock_guard guard(conn_->mutex);
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Error err = internal::sqlite_error(conn_->db, rc, sql());
    // Leave the statement runnable again (the error was reported above).
    sqlite3_reset(stmt_);
    return err;
}

void Statement::reset() {
    std::lock_guard guard(conn_->mutex);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

bool Statement::column_is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

bool Statement::column_is_blob(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_BLOB;
}

std::int64_t Statement::column_int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string_view Statement::column_text(int column) const {
    // Order matters: _text converts the value, then _bytes reports the converted size.
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    if (text == nullptr) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::span<const std::byte> Statement::column_blob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr) {
        return {};
    }
    return {static_cast<const std::byte*>(data), static_cast<std::size_t>(size)};
}

std::optional<std::string> Statement::column_optional_string(int column) const {
    if (column_is_null(column)) {
        return std::nullopt;
    }
    return column_string(column);
}

std::optional<TimePoint> Statement::column_optional_time(int column) const {
    if (column_is_null(column)) {
        return std::nullopt;
    }
    return column_time(column);
}

std::string_view Statement::sql() const {
    const char* text = sqlite3_sql(stmt_);
    return text != nullptr ? std::string_view(text) : std::string_view();
}

}  // namespace tripline::storage
