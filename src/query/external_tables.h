// Athena's external tables over CloudTrail log files in Tripline's buckets (athena.md §1):
// CREATE EXTERNAL TABLE ... LOCATION 's3://bucket/AWSLogs/<account>/CloudTrail/' with AWS's
// CloudTrail DDL (or the JSON SerDe), partitioned by ADD PARTITION, MSCK REPAIR TABLE (Hive-style
// folders) or partition projection (TBLPROPERTIES with storage.location.template), or not
// partitioned (every file below LOCATION). Each `Records` element of a file is a row; files that
// are not CloudTrail logs (digests) are skipped.
//
// The rows live in a DuckDB table of the declared columns plus the partition columns, loaded
// from the files at CREATE / ADD PARTITION / MSCK REPAIR and again before a query that names the
// table whenever the files under its location changed (a fingerprint of keys and ETags), so
// queries see the bucket as it is, as Athena does. Definitions are rows of
// main.tl_external_tables (private to Tripline: hidden from the catalog and from queries).
//
// Thread-safety: uses the given connection; concurrent loads of one table are serialised by
// DuckDB's transactions (the last one wins). Errors: Athena-style messages (kInvalidArgument),
// the source's errors (kNotFound for a missing bucket, kPermissionDenied for another account's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "query/athena_dialect.h"
#include "query/athena_engine.h"
#include "query/athena_table_ddl.h"
#include "query/duck.h"

namespace tripline::query::athena {

// Where external tables' files come from (athena::BucketLogSource over Tripline's buckets).
class LogFileSource {
public:
    struct Object {
        std::string key;
        std::string etag;
    };
    virtual ~LogFileSource() = default;
    // Objects under `prefix` in key order. `account` ("" = any) must own the bucket.
    virtual Result<std::vector<Object>> list(std::string_view account,
                                             const std::string& bucket,
                                             const std::string& prefix) = 0;
    // An object's content, gunzipped when it is gzip.
    virtual Result<std::string> read_text(const std::string& bucket, const std::string& key) = 0;
};

namespace external {

Status ensure_registry(duck::Connection& con);
// Names of the external tables in `schema`.
Result<std::vector<std::string>> names(duck::Connection& con, const std::string& schema);
// kNotFound when there is none.
Result<ExternalTableDef> definition(duck::Connection& con,
                                    const std::string& schema,
                                    const std::string& name);

// CREATE EXTERNAL TABLE / ALTER TABLE ADD PARTITION / MSCK REPAIR TABLE / DROP TABLE.
Status create(duck::Connection& con,
              const Statement& statement,
              const std::string& session_database,
              LogFileSource* source,
              std::string_view account);
Status add_partitions(duck::Connection& con,
                      const Statement& statement,
                      const std::string& session_database,
                      LogFileSource* source,
                      std::string_view account);
Status repair(duck::Connection& con,
              const Statement& statement,
              const std::string& session_database,
              LogFileSource* source,
              std::string_view account);
Status drop(duck::Connection& con, const std::string& schema, const std::string& name);

// Reloads the external tables `sql` names whose files changed.
Status refresh_named(duck::Connection& con,
                     std::string_view sql,
                     LogFileSource* source,
                     std::string_view account);

// SHOW CREATE TABLE's text.
std::vector<std::string> create_statement_lines(const ExternalTableDef& def,
                                                const std::string& database);

}  // namespace external
}  // namespace tripline::query::athena
