// Where `tripline query` runs its statement: in this process on <data-dir>/trail.duckdb when no
// server holds the data dir (the data-dir lock is held meanwhile, so a server cannot start half
// way), else through the running server's POST /_tripline/query (query_endpoint.h).
// Errors: the engine's (athena_engine.h); kUnavailable when another process that is not a
// server holds the data dir.
#pragma once

#include <filesystem>
#include <string>

#include "base/result.h"
#include "query/athena_engine.h"

namespace tripline::app {

Result<query::athena::QueryOutput> run_query_on_data_dir(const std::filesystem::path& data_dir,
                                                         const std::string& sql,
                                                         const std::string& database,
                                                         std::size_t max_result_rows);

}  // namespace tripline::app
