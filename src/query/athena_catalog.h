// Athena's catalog over DuckDB's (private to AthenaEngine): databases are schemas (`default` is
// `main`), tables are the built-in views of `main` plus whatever users create; the store's own
// tables are hidden. Answers the SHOW / DESCRIBE statements and CREATE/DROP DATABASE and VIEW.
//
// Thread-safety: uses the given connection; the caller owns it for the call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "query/athena_dialect.h"
#include "query/athena_engine.h"
#include "query/duck.h"
#include "query/external_tables.h"

namespace tripline::query::athena::catalog {

// Database names (Athena's), "default" first, then sorted.
Result<std::vector<std::string>> databases(duck::Connection& con);
Result<bool> database_exists(duck::Connection& con, std::string_view database);

Result<std::vector<TableInfo>> tables(duck::Connection& con, std::string_view database);
// kNotFound: "TABLE_NOT_FOUND: Table 'awsdatacatalog.<db>.<name>' does not exist".
Result<TableInfo> table(duck::Connection& con, std::string_view database, std::string_view name);

// SHOW/DESCRIBE/CREATE DATABASE/DROP DATABASE/CREATE VIEW/DROP VIEW, and the DDL kinds that are
// not supported yet; `session_database` is the query's context database.
// External tables read their files through `source` (nullptr: they cannot be created or
// loaded) as `account` ("" = any bucket).
Result<QueryOutput> run_statement(duck::Connection& con,
                                  const Statement& statement,
                                  std::string_view session_database,
                                  LogFileSource* source,
                                  std::string_view account);

// 'text' as an SQL string literal / "name" as a quoted identifier.
std::string sql_literal(std::string_view text);
std::string sql_identifier(std::string_view name);

}  // namespace tripline::query::athena::catalog
