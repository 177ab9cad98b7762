// athena_bench's SQLite side: the table a SQLite user would make of CloudTrail records, loading
// it, and running a query the way the benchmark times it, so the DuckDB figures have a baseline
// (the table's layout and settings: athena_bench.cpp's header).
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "event/cloudtrail_record.h"

namespace tripline::bench::athena {

inline constexpr const char* kSqliteSchema = R"sql(
CREATE TABLE IF NOT EXISTS cloudtrail_logs (
    eventversion TEXT,
    useridentity_type TEXT,
    useridentity_principalid TEXT,
    useridentity_arn TEXT,
    useridentity_accountid TEXT,
    useridentity_invokedby TEXT,
    useridentity_accesskeyid TEXT,
    useridentity_username TEXT,
    useridentity_sessioncontext TEXT,
    eventtime TEXT,
    eventsource TEXT,
    eventname TEXT,
    awsregion TEXT,
    sourceipaddress TEXT,
    useragent TEXT,
    errorcode TEXT,
    errormessage TEXT,
    requestparameters TEXT,
    responseelements TEXT,
    additionaleventdata TEXT,
    requestid TEXT,
    eventid TEXT,
    resources TEXT,
    eventtype TEXT,
    apiversion TEXT,
    readonly TEXT,
    recipientaccountid TEXT,
    serviceeventdetails TEXT,
    sharedeventid TEXT,
    vpcendpointid TEXT,
    tlsdetails TEXT,
    eventcategory TEXT,
    managementevent TEXT
);
)sql";

// What a SQLite user would index for investigation queries: time ranges, and the event names
// most queries select (with the time, for their ORDER BY eventtime). No index helps the others
// (JSON members, substrings, regular expressions) enough to be worth its load cost.
inline constexpr const char* kSqliteIndexes =
    "CREATE INDEX cloudtrail_logs_eventtime ON cloudtrail_logs(eventtime);"
    "CREATE INDEX cloudtrail_logs_eventname ON cloudtrail_logs(eventname, eventtime);"
    "ANALYZE;";

struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;

struct StmtFinalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteStmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// Runs `sql` (any number of statements); exits on an error.
void sqlite_exec(sqlite3* db, const char* sql);

// Opens (or creates) `file`: WAL journal, synchronous=NORMAL, a 1 GB page cache (DuckDB's
// memory_limit) and a 60 s busy timeout.
SqliteDb open_sqlite(const std::filesystem::path& file);

// Inserts records into `cloudtrail_logs` with one prepared INSERT; transactions are the caller's.
class SqliteLoader {
public:
    explicit SqliteLoader(sqlite3* db);

    void insert(const event::CloudTrailRecord& r);

private:
    sqlite3* db_;
    SqliteStmt insert_;
    std::vector<std::optional<std::string>> values_;
};

// Runs `sql` and reads every value as text; returns the row count or an error message.
struct SqliteRun {
    std::size_t rows = 0;
    std::string error;
    std::vector<std::string> shown;  // the first `show` rows, values joined by " | "
};

SqliteRun run_sqlite(sqlite3* db, const std::string& sql, std::size_t show = 0);

}  // namespace tripline::bench::athena
