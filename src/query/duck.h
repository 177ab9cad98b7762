// Thin RAII layer over DuckDB's C API (duckdb.h), private to the query module: the database, a
// connection, materialised results, prepared statements, logical types, data chunks, appenders and
// a reader for the vectors of fetched chunks. Nothing here knows about CloudTrail.
//
// Ownership: each wrapper owns its handle and releases it on destruction; a Connection must not
// outlive its Database, nor a Prepared/Appender its Connection.
// Thread-safety: none; DuckDB allows several connections of one database to run concurrently, but
// one connection (and everything made from it) is used by one thread at a time.
// Errors: kUnavailable when the database file is locked by another process, kIo for everything
// else, with DuckDB's message ("DuckDB: <message>").
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::query::duck {

// kIo "DuckDB: <what>: <detail>" (kUnavailable when the file is locked by another process).
Error duck_error(std::string_view what, std::string_view detail);
// The error of a failed query: kInvalidArgument when the statement itself is wrong (syntax, unknown
// table or column, type mismatch, bad conversion), otherwise as duck_error().
Error query_error(duckdb_result& result);

class LogicalType {
public:
    explicit LogicalType(duckdb_logical_type type) : type_(type) {}
    static LogicalType of(duckdb_type id) { return LogicalType(duckdb_create_logical_type(id)); }
    static LogicalType list_of(const LogicalType& child) {
        return LogicalType(duckdb_create_list_type(child.get()));
    }
    static LogicalType map_of(const LogicalType& key, const LogicalType& value) {
        return LogicalType(duckdb_create_map_type(key.get(), value.get()));
    }
    static LogicalType struct_of(const std::vector<std::pair<const char*, LogicalType>>& members);

    LogicalType(LogicalType&& other) noexcept : type_(std::exchange(other.type_, nullptr)) {}
    LogicalType& operator=(LogicalType&& other) noexcept {
        std::swap(type_, other.type_);
        return *this;
    }
    LogicalType(const LogicalType&) = delete;
    LogicalType& operator=(const LogicalType&) = delete;
    ~LogicalType() {
        if (type_ != nullptr) {
            duckdb_destroy_logical_type(&type_);
        }
    }
    duckdb_logical_type get() const { return type_; }

private:
    duckdb_logical_type type_;
};

// A materialised query result.
class QueryResult {
public:
    QueryResult() = default;
    explicit QueryResult(duckdb_result result) : result_(result), valid_(true) {}
    QueryResult(QueryResult&& other) noexcept
        : result_(other.result_), valid_(std::exchange(other.valid_, false)) {}
    QueryResult& operator=(QueryResult&& other) noexcept {
        std::swap(result_, other.result_);
        std::swap(valid_, other.valid_);
        return *this;
    }
    QueryResult(const QueryResult&) = delete;
    QueryResult& operator=(const QueryResult&) = delete;
    ~QueryResult() {
        if (valid_) {
            duckdb_destroy_result(&result_);
        }
    }

    std::size_t column_count() { return duckdb_column_count(&result_); }
    std::string column_name(std::size_t col) { return duckdb_column_name(&result_, col); }
    // Fetches the next chunk (nullptr at the end); the caller destroys it (see DataChunk).
    duckdb_data_chunk fetch_chunk() { return duckdb_fetch_chunk(result_); }
    // Rows changed by INSERT/DELETE/UPDATE.
    std::uint64_t rows_changed() { return duckdb_rows_changed(&result_); }
    duckdb_result* raw() { return &result_; }

private:
    duckdb_result result_{};
    bool valid_ = false;
};

// A data chunk: created with column types (for appending) or adopted from fetch_chunk().
class DataChunk {
public:
    explicit DataChunk(duckdb_data_chunk chunk = nullptr) : chunk_(chunk) {}
    explicit DataChunk(const std::vector<LogicalType>& types);
    DataChunk(DataChunk&& other) noexcept : chunk_(std::exchange(other.chunk_, nullptr)) {}
    DataChunk& operator=(DataChunk&& other) noexcept {
        std::swap(chunk_, other.chunk_);
        return *this;
    }
    DataChunk(const DataChunk&) = delete;
    DataChunk& operator=(const DataChunk&) = delete;
    ~DataChunk() {
        if (chunk_ != nullptr) {
            duckdb_destroy_data_chunk(&chunk_);
        }
    }

    explicit operator bool() const { return chunk_ != nullptr; }
    duckdb_data_chunk get() const { return chunk_; }
    std::size_t size() const { return duckdb_data_chunk_get_size(chunk_); }
    void set_size(std::size_t rows) { duckdb_data_chunk_set_size(chunk_, rows); }
    void reset() { duckdb_data_chunk_reset(chunk_); }
    duckdb_vector vector(std::size_t col) const {
        return duckdb_data_chunk_get_vector(chunk_, col);
    }

private:
    duckdb_data_chunk chunk_;
};

// Reads values out of a vector of a fetched chunk (flat vectors, as fetch_chunk returns them).
class VectorReader {
public:
    explicit VectorReader(duckdb_vector vector)
        : vector_(vector),
          data_(duckdb_vector_get_data(vector)),
          validity_(duckdb_vector_get_validity(vector)) {}

    bool is_null(std::size_t row) const {
        return validity_ != nullptr && !duckdb_validity_row_is_valid(validity_, row);
    }
    std::optional<std::string> string(std::size_t row) const;
    std::string string_or_empty(std::size_t row) const { return string(row).value_or(""); }
    template <typename T>
    T fixed(std::size_t row) const {
        return static_cast<const T*>(data_)[row];
    }
    // For LIST vectors: the row's [offset, offset + length) range in the child vector.
    duckdb_list_entry list_entry(std::size_t row) const {
        return static_cast<const duckdb_list_entry*>(data_)[row];
    }
    VectorReader list_child() const { return VectorReader(duckdb_list_vector_get_child(vector_)); }
    VectorReader struct_child(std::size_t index) const {
        return VectorReader(duckdb_struct_vector_get_child(vector_, index));
    }

private:
    duckdb_vector vector_;
    void* data_;
    std::uint64_t* validity_;
};

class Prepared {
public:
    explicit Prepared(duckdb_prepared_statement stmt) : stmt_(stmt) {}
    Prepared(Prepared&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
    Prepared& operator=(Prepared&& other) noexcept {
        std::swap(stmt_, other.stmt_);
        return *this;
    }
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;
    ~Prepared() {
        if (stmt_ != nullptr) {
            duckdb_destroy_prepare(&stmt_);
        }
    }

    // Parameters are numbered from 1, as in SQL's $1.
    Status bind(std::size_t index, std::string_view value);
    Status bind_int64(std::size_t index, std::int64_t value);
    // Microseconds since the epoch, as TIMESTAMP.
    Status bind_timestamp_micros(std::size_t index, std::int64_t micros);
    Result<QueryResult> execute();

    duckdb_statement_type statement_type() const { return duckdb_prepared_statement_type(stmt_); }
    std::size_t column_count() const { return duckdb_prepared_statement_column_count(stmt_); }
    std::string column_name(std::size_t col) const {
        const char* name = duckdb_prepared_statement_column_name(stmt_, col);
        std::string out = name != nullptr ? name : "";
        duckdb_free(const_cast<char*>(name));
        return out;
    }
    duckdb_type column_type(std::size_t col) const {
        return duckdb_prepared_statement_column_type(stmt_, col);
    }
    LogicalType column_logical_type(std::size_t col) const {
        return LogicalType(duckdb_prepared_statement_column_logical_type(stmt_, col));
    }

private:
    duckdb_prepared_statement stmt_;
};

class Appender {
public:
    explicit Appender(duckdb_appender appender) : appender_(appender) {}
    Appender(Appender&& other) noexcept : appender_(std::exchange(other.appender_, nullptr)) {}
    Appender& operator=(Appender&& other) noexcept {
        std::swap(appender_, other.appender_);
        return *this;
    }
    Appender(const Appender&) = delete;
    Appender& operator=(const Appender&) = delete;
    ~Appender() {
        if (appender_ != nullptr) {
            duckdb_appender_destroy(&appender_);
        }
    }

    Status append(const DataChunk& chunk);
    // Writes what is buffered into the table (the appender stays usable).
    Status flush();

private:
    duckdb_appender appender_;
};

class Connection {
public:
    explicit Connection(duckdb_connection con) : con_(con) {}
    Connection(Connection&& other) noexcept : con_(std::exchange(other.con_, nullptr)) {}
    Connection& operator=(Connection&& other) noexcept {
        std::swap(con_, other.con_);
        return *this;
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        if (con_ != nullptr) {
            duckdb_disconnect(&con_);
        }
    }

    // Runs one or more statements; the result is the last one's.
    Result<QueryResult> query(const std::string& sql);
    Status exec(const std::string& sql);
    Result<Prepared> prepare(const std::string& sql);
    // `schema` nullptr: the connection's current schema.
    Result<Appender> appender(const char* table, const char* schema = nullptr);
    duckdb_connection raw() const { return con_; }

private:
    duckdb_connection con_;
};

class Database {
public:
    // Opens (creating when missing) the database file; `settings` are DuckDB configuration
    // options applied at open (e.g. {"threads", "2"}).
    static Result<std::unique_ptr<Database>> open(
        const std::string& path, const std::vector<std::pair<std::string, std::string>>& settings);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Result<Connection> connect();

private:
    explicit Database(duckdb_database db) : db_(db) {}
    duckdb_database db_;
};

}  // namespace tripline::query::duck
