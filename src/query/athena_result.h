// An Athena query's result as Athena returns it: columns with Trino's type names, and every value
// in Trino's text form (what GetQueryResults' VarCharValue and the result CSV hold): integers and
// strings as is, booleans true/false, doubles like Java (1.0, 1.5E-4), timestamps
// `2026-11-22 08:00:00.000` (with ` UTC` for timestamp with time zone), arrays `[a, b]`, rows and
// maps `{arn=x, type=y}`, nested NULL `null`. A top-level SQL NULL is std::nullopt.
//
// Thread-safety: pure functions over a result the caller owns.
// Errors: kLimitExceeded when the result passes `limits` (the message says which and how to
// narrow the query).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "query/duck.h"

namespace tripline::query::athena {

struct Column {
    std::string name;
    std::string type;  // Trino's: varchar, bigint, double, array(varchar), row(arn varchar), ...
};

using Row = std::vector<std::optional<std::string>>;

struct ResultRows {
    std::vector<Column> columns;
    std::vector<Row> rows;
    std::size_t text_bytes = 0;  // sum of the rendered values' sizes
};

struct ResultLimits {
    std::size_t max_rows = 1'000'000;
    std::size_t max_bytes = 256U << 20;
};

// Trino's name for a DuckDB type.
std::string trino_type_name(duckdb_logical_type type);
// Hive's name for a DuckDB type, as DESCRIBE and SHOW CREATE TABLE print it (string,
// struct<arn:string>, array<...>, map<string,string>).
std::string hive_type_name(duckdb_logical_type type);

// Reads every chunk of `result` into rows.
Result<ResultRows> read_result(duck::QueryResult& result, const ResultLimits& limits);

}  // namespace tripline::query::athena
