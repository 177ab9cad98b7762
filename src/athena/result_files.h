// Athena's result files in the output location: `<id>.csv` for queries (a header line of the
// column names, every field in double quotes with `"` doubled, SQL NULL an empty unquoted field,
// lines ending in \n) or `<id>.txt` for DDL/UTILITY output (one line per row, columns separated by
// tabs), each with `<file>.metadata` - Athena's own format is undocumented, so Tripline writes
// JSON (its columns and types) there and reads it back to serve GetQueryResults.
//
// Thread-safety: pure functions. Errors: kInvalidArgument for a malformed location or file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "query/athena_result.h"

namespace tripline::athena {

struct S3Location {
    std::string bucket;
    std::string prefix;  // "" or ending with '/'
};

// "s3://bucket[/prefix[/]]" -> bucket and prefix (a '/' is added to a non-empty prefix);
// Athena's message for anything else.
Result<S3Location> parse_s3_location(std::string_view url);

// The result object's key for an execution: prefix + id + (".csv" | ".txt").
std::string result_key(const S3Location& location, std::string_view id, bool csv);

std::string to_csv(const query::athena::ResultRows& result);
std::string to_text(const query::athena::ResultRows& result);
std::string metadata_document(const query::athena::ResultRows& result, bool header);

struct StoredResult {
    std::vector<query::athena::Column> columns;
    bool header = true;  // the query's column labels come first in GetQueryResults
    std::vector<query::athena::Row> rows;
};

// Reads a result file back with its metadata document.
Result<StoredResult> parse_result(std::string_view file, std::string_view metadata, bool csv);

}  // namespace tripline::athena
