// Runs SQL for TrailStore::execute() and returns the result as strings: column names, and each
// value as DuckDB renders it as VARCHAR (NULL as nullopt). Nested values (STRUCT, LIST, MAP) are
// rendered by DuckDB's own cast, e.g. {'arn': x, 'type': y}.
//
// Thread-safety: uses the given connection; the caller serialises access to it.
// Errors: as duck::query_error() - kInvalidArgument for the statement's own faults (syntax,
// unknown table or column, types), kIo for the rest.
#pragma once

#include <string>

#include "base/result.h"
#include "query/duck.h"
#include "query/trail_store.h"

namespace tripline::query {

Result<TrailStore::Table> run_sql_as_strings(duck::Connection& con, const std::string& sql);

}  // namespace tripline::query
