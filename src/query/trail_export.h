// Parquet export of the trail store for distributed engines (docs/scale-out.md): every record as
// one row of Athena's CloudTrail columns, in Hive-style partition folders
// account=<id>/region=<r>/year=<yyyy>/month=<mm>/day=<dd>/ (zstd-compressed Parquet), and the
// CREATE EXTERNAL TABLE statements that read them back in Athena and in Trino's Hive connector.
//
// The store must have been opened with TrailStoreOptions::external_access (DuckDB writes the
// files). Errors: kAlreadyExists when `dir` exists and is not empty (an export never mixes with
// or overwrites other files); kIo for DuckDB and file-system failures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "query/trail_store.h"

namespace tripline::query {

struct ParquetExport {
    std::uint64_t records = 0;
    std::vector<std::filesystem::path> files;  // relative to the export folder
    std::string athena_ddl;                    // CREATE EXTERNAL TABLE ... STORED AS PARQUET
    std::string trino_ddl;                     // CREATE TABLE ... WITH (format = 'PARQUET', ...)
};

// `location` is where the files will be read from (an s3:// URL) and goes into the DDL.
Result<ParquetExport> export_parquet(TrailStore& store,
                                     const std::filesystem::path& dir,
                                     const std::string& location);

}  // namespace tripline::query
