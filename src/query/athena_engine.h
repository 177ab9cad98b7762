// AthenaEngine: runs Athena (Trino) SQL over the trail store. One statement at a time per call,
// each on a connection of its own (so queries run beside ingestion and each other): queries
// translated by athena_dialect.h, the catalog statements (SHOW, DESCRIBE, CREATE/DROP DATABASE
// and VIEW) answered from DuckDB's catalog, with Athena's databases as DuckDB schemas (`default`
// is `main`, where the built-in `cloudtrail_logs` and `cloudtrail_logs_extended` views live; the
// store's own tables are hidden). Statements that would write data are refused.
//
// Bounds: a query runs at most `timeout` (then it is interrupted), returns at most
// `limits` (rows, bytes), and shares the store's DuckDB memory limit. A QueryControl lets another
// thread cancel a running statement.
//
// Thread-safety: run() and the catalog functions may be called concurrently.
// Errors (Error::message starts with Athena's error name): kInvalidArgument for the statement's
// faults (SYNTAX_ERROR, TABLE_NOT_FOUND, COLUMN_NOT_FOUND, FUNCTION_NOT_FOUND, NOT_SUPPORTED, ...),
// kLimitExceeded for EXCEEDED_TIME_LIMIT / EXCEEDED_MEMORY_LIMIT / EXCEEDED_LIMIT,
// kFailedPrecondition for a cancelled statement, kIo for DuckDB's own failures.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "query/athena_result.h"

namespace tripline::query {

class TrailStore;

namespace athena {

class LogFileSource;

// Cancels a running statement from another thread.
class QueryControl {
public:
    void cancel();
    bool cancelled() const;

private:
    friend class AthenaEngine;
    mutable std::mutex mutex_;
    duckdb_connection running_ = nullptr;
    bool cancelled_ = false;
};

struct QueryOutput {
    std::string statement_type;     // DML, DDL, UTILITY
    std::string substatement_type;  // SELECT, SHOW_TABLES, CREATE_DATABASE, ...
    ResultRows result;              // no columns for DDL
    // Query results list the column labels as their first row (GetQueryResults, the CSV); DDL
    // and UTILITY output does not.
    bool header = true;
    std::uint64_t data_scanned_bytes = 0;  // what a full read of the store's data costs
};

struct EngineOptions {
    std::chrono::milliseconds timeout = std::chrono::minutes(30);
    ResultLimits limits;
};

struct TableInfo {
    std::string name;
    std::string table_type;          // EXTERNAL_TABLE or VIRTUAL_VIEW
    std::vector<Column> columns;     // Hive type names
    std::vector<Column> partitions;  // partition keys (Hive type names)
};

class AthenaEngine {
public:
    explicit AthenaEngine(TrailStore& store, EngineOptions options = {});
    ~AthenaEngine();
    AthenaEngine(const AthenaEngine&) = delete;
    AthenaEngine& operator=(const AthenaEngine&) = delete;

    // Runs one statement with `database` ("" = default) as the session's database. With an
    // `account`, the built-in tables hold only that account's records (its history: recipient
    // account, else the caller's) - Athena's API runs each caller's queries so; without one, all.
    Result<QueryOutput> run(std::string_view sql,
                            std::string_view database,
                            QueryControl* control = nullptr,
                            std::string_view account = {});

    // Where external tables (CREATE EXTERNAL TABLE ... LOCATION 's3://...') read their log
    // files; without one they cannot be created. Set before the first run().
    void set_log_source(LogFileSource* source);

    // Athena's catalog: database names (sorted; "default" first), tables of a database.
    Result<std::vector<std::string>> list_databases();
    Result<std::vector<TableInfo>> list_tables(std::string_view database);
    // kNotFound when the database or table does not exist.
    Result<TableInfo> get_table(std::string_view database, std::string_view table);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace athena
}  // namespace tripline::query
