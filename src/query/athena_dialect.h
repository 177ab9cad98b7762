// Athena's SQL dialect (Trino, engine version 3) translated for DuckDB: what a query is
// (Athena's StatementType/SubstatementType), and the DuckDB SQL that answers it. Pure text work:
// no DuckDB calls here (the functions that need code live in the macros of athena_macros_sql()).
//
// translate() classifies one statement and, for queries, rewrites it:
//  * identifiers: backticks become double quotes; a leading `awsdatacatalog.` catalog is dropped;
//    Athena's database `default` is DuckDB's schema `main` (`default.t`, `"default".t`);
//  * functions investigators use whose DuckDB name or semantics differ are renamed to the
//    `athena_<name>` macros of athena_macros_sql() (json_extract_scalar, from_iso8601_timestamp,
//    regexp_like, cardinality, element_at, approx_distinct, date_add, replace with 2 arguments,
//    ...; the list is the table in docs/athena-functions.md);
//  * functions that read files or run SQL text (read_csv, read_text, glob, query, ...) are refused,
//    as are statements that write data (INSERT, UPDATE, DELETE, MERGE, CTAS, ...).
// Errors carry Athena's error name prefix and the position of the construct, e.g.
// "NOT_SUPPORTED: line 1:1: INSERT is not supported: Tripline's query engine is read-only".
//
// Thread-safety: pure functions. Errors: kInvalidArgument with the message above.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::query::athena {

enum class StatementKind {
    kQuery,            // SELECT / WITH / VALUES / (SELECT ...) - `sql` is the rewritten query
    kExplain,          // EXPLAIN [ANALYZE] <query> - `sql` is the rewritten query without EXPLAIN
    kShowDatabases,    // SHOW DATABASES|SCHEMAS [LIKE 'pattern']
    kShowTables,       // SHOW TABLES [IN|FROM db] ['pattern' | LIKE 'pattern']
    kShowColumns,      // SHOW COLUMNS IN|FROM [db.]table
    kDescribe,         // DESCRIBE [db.]table
    kShowCreateTable,  // SHOW CREATE TABLE [db.]table
    kShowPartitions,   // SHOW PARTITIONS [db.]table
    kCreateDatabase,   // CREATE DATABASE|SCHEMA [IF NOT EXISTS] db
    kDropDatabase,     // DROP DATABASE|SCHEMA [IF EXISTS] db [CASCADE]
    kCreateView,       // CREATE [OR REPLACE] VIEW [db.]name AS <query> - `sql` is DuckDB's
    kDropView,         // DROP VIEW [IF EXISTS] [db.]name
    kCreateTable,      // CREATE EXTERNAL TABLE ... - `text` is the statement as written
    kDropTable,        // DROP TABLE [IF EXISTS] [db.]table
    kAlterTable,       // ALTER TABLE ... ADD/DROP PARTITION - `text` is the statement as written
    kRepairTable,      // MSCK REPAIR TABLE [db.]table
};

struct Statement {
    StatementKind kind = StatementKind::kQuery;
    std::string statement_type;     // Athena's: "DML", "DDL" or "UTILITY"
    std::string substatement_type;  // "SELECT", "EXPLAIN", "SHOW_TABLES", "DESCRIBE",
                                    // "CREATE_DATABASE", "CREATE_TABLE", "CREATE_VIEW", ...
    std::string sql;                // DuckDB SQL for kQuery, kExplain, kCreateView
    std::string text;               // the statement as written, without a trailing ';'
    std::string database;           // the db named by the statement ("" = the session's)
    std::string name;               // the table/view/database it names (lower case)
    std::string pattern;            // SHOW ... LIKE / SHOW TABLES 'pattern'
    bool if_exists = false;         // IF EXISTS / IF NOT EXISTS
    bool or_replace = false;        // CREATE OR REPLACE VIEW
    bool cascade = false;           // DROP DATABASE ... CASCADE
};

// One statement (a trailing ';' is allowed; a second statement is an error:
// "Only one sql statement is allowed. Got: <text>").
Result<Statement> translate(std::string_view athena_sql);

// DuckDB schema name of an Athena database ("default" -> "main"; others lower-cased).
std::string schema_of(std::string_view database);

// The `CREATE OR REPLACE TEMP MACRO athena_...` statements that translate()'s renames rely on,
// one SQL text with several statements; run once on each connection that runs translated SQL.
const std::string& athena_macros_sql();

// Athena's SHOW TABLES/DATABASES pattern ('*' any run, '|' alternatives, case-insensitive)
// matched against a name.
bool matches_show_pattern(std::string_view pattern, std::string_view name);

}  // namespace tripline::query::athena
