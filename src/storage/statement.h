// Statement: one compiled SQL statement of a Database (sqlite3_stmt), with typed binding and
// column access. Parameters are numbered from 1 (?1, ?2, ...); columns from 0.
//
// Ownership: a Statement owns its sqlite3_stmt (finalized on destruction) and borrows its
// Database's connection: destroy it before the Database. Text and blob views returned by column_*
// stay valid until the next step(), reset() or destruction.
//
// Thread-safety: step() and reset() lock the connection; a Statement itself is used by one thread
// at a time. See database.h for sharing a Database between threads.
//
// Errors: as Database (BUSY/LOCKED -> kUnavailable, unique -> kAlreadyExists, other constraints ->
// kFailedPrecondition, else kIo with SQLite's message and the SQL).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "base/clock.h"
#include "base/result.h"

struct sqlite3_stmt;

namespace tripline::storage {

namespace internal {
struct Connection;
template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;
template <typename T>
inline constexpr bool kAlwaysFalse = false;
}  // namespace internal

// TimePoints are stored as integer milliseconds since the Unix epoch (sub-millisecond is dropped).
std::int64_t to_unix_ms(TimePoint t);
TimePoint from_unix_ms(std::int64_t ms);

class Statement {
public:
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Status bind_int64(int index, std::int64_t value);
    Status bind_double(int index, double value);
    Status bind_text(int index, std::string_view value);            // copied
    Status bind_blob(int index, std::span<const std::byte> value);  // copied
    Status bind_null(int index);

    // Binds by type: integers and bool -> INTEGER, floating point -> REAL, anything convertible to
    // string_view -> TEXT, span<const byte>/vector<byte> -> BLOB, TimePoint -> INTEGER unix ms,
    // nullptr/nullopt -> NULL, optional<T> -> T or NULL.
    template <typename T>
    Status bind(int index, const T& value) {
        using U = std::remove_cvref_t<T>;
        if constexpr (std::is_same_v<U, std::nullptr_t> || std::is_same_v<U, std::nullopt_t>) {
            return bind_null(index);
        } else if constexpr (internal::kIsOptional<U>) {
            return value.has_value() ? bind(index, *value) : bind_null(index);
        } else if constexpr (std::is_integral_v<U>) {
            return bind_int64(index, static_cast<std::int64_t>(value));
        } else if constexpr (std::is_floating_point_v<U>) {
            return bind_double(index, static_cast<double>(value));
        } else if constexpr (std::is_same_v<U, TimePoint>) {
            return bind_int64(index, to_unix_ms(value));
        } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
            return bind_text(index, std::string_view(value));
        } else if constexpr (std::is_convertible_v<const U&, std::span<const std::byte>>) {
            return bind_blob(index, std::span<const std::byte>(value));
        } else {
            static_assert(internal::kAlwaysFalse<U>, "Statement::bind: unsupported type");
        }
    }

    // Binds the arguments to ?1, ?2, ... in order.
    template <typename... Args>
    Status bind_all(const Args&... args) {
        int index = 0;
        Status status;
        ((status = bind(++index, args), status.has_value()) && ...);
        return status;
    }

    // Runs the statement one step: true when a row is available, false when done.
    Result<bool> step();
    // Makes the statement runnable again and clears its bindings.
    void reset();

    int column_count() const;
    bool column_is_null(int column) const;
    bool column_is_blob(int column) const;  // the value's storage class, not the declared type
    std::int64_t column_int64(int column) const;
    double column_double(int column) const;
    std::string_view column_text(int column) const;  // "" for NULL
    std::string column_string(int column) const { return std::string(column_text(column)); }
    std::span<const std::byte> column_blob(int column) const;  // empty for NULL
    TimePoint column_time(int column) const { return from_unix_ms(column_int64(column)); }
    // NULL -> nullopt.
    std::optional<std::string> column_optional_string(int column) const;
    std::optional<TimePoint> column_optional_time(int column) const;

    std::string_view sql() const;

private:
    friend class Database;
    Statement(internal::Connection* conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
    Status check_bind(int rc, int index);

    internal::Connection* conn_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace tripline::storage
