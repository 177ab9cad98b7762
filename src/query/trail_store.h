// TrailStore: the DuckDB trail store (<data-dir>/trail.duckdb) - every CloudTrail record Tripline
// records or ingests, queryable with SQL under Athena's CloudTrail schema (view `cloudtrail_logs`,
// athena.md) and backing CloudTrail's LookupEvents (cloudtrail.md §9).
//
// Writes go through append(), which buffers and loads in large batches with DuckDB's Appender
// (flush() forces it); the store is fed off the alerting path. Duplicate eventIDs (same account)
// are kept once. Queries see everything appended before the last flush().
//
// Ownership: owns the DuckDB database and connection. DuckDB allows one process per file, so
// `serve` and `ingest` must not open the same file at once (the app coordinates).
// Thread-safety: all methods may be called concurrently (internally serialised).
// Errors: kIo for DuckDB failures (message includes DuckDB's), kInvalidArgument for bad lookup
// parameters (message worded for the API's Invalid*Exception), kUnavailable when the file is
// locked by another process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "event/cloudtrail_record.h"

namespace tripline::query {

namespace duck {
class Connection;
}

// LookupEvents' request, already validated for shape by the API.
struct LookupQuery {
    std::string account_id;  // the caller's account (recipientAccountId / userIdentity.accountId)
    std::string region;      // awsRegion
    // One of EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource,
    // AccessKeyId, with its value (exact, case-sensitive).
    std::optional<std::pair<std::string, std::string>> attribute;
    std::optional<TimePoint> start_time;  // inclusive
    std::optional<TimePoint> end_time;    // inclusive
    bool insights = false;                // EventCategory "insight"
    int max_results = 50;                 // 1-50
    std::string next_token;               // from a previous page with identical parameters
};

struct LookupResource {
    std::string type;  // ResourceType
    std::string name;  // ResourceName
};

struct LookupEvent {
    std::string event_id;
    std::string event_name;
    std::string read_only;  // "true" / "false"
    std::string access_key_id;
    TimePoint event_time;
    std::string event_source;
    std::string username;
    std::vector<LookupResource> resources;
    std::string cloudtrail_event;  // the record as JSON text
};

struct LookupPage {
    std::vector<LookupEvent> events;  // newest first
    std::string next_token;           // empty on the last page
};

struct TrailStoreOptions {
    std::size_t batch_records = 50'000;  // append() loads when this many are buffered
    // DuckDB may read or write files other than the store's own (COPY, read_csv, ...). Off for
    // everything that runs users' SQL: a query must not reach the file system.
    bool external_access = false;
};

class TrailStore {
public:
    static Result<std::unique_ptr<TrailStore>> open(const std::filesystem::path& path,
                                                    TrailStoreOptions options = {});
    ~TrailStore();

    Status append(std::span<const event::CloudTrailRecord> records);
    Status flush();

    // Management and Insights events of one account/region (LookupEvents' semantics); events
    // older than 90 days before `now` are not returned.
    Result<LookupPage> lookup(const LookupQuery& query, TimePoint now);

    // Records stored (after flush), for status and tests.
    Result<std::uint64_t> count();
    // Deletes records whose eventTime is before `cutoff` (retention).
    Result<std::uint64_t> prune_before(TimePoint cutoff);

    // Runs SQL and returns the result as rows of strings (NULL -> nullopt) with column names;
    // for the query CLI, Athena's engine (issue 10) and tests.
    struct Table {
        std::vector<std::string> columns;
        std::vector<std::vector<std::optional<std::string>>> rows;
    };
    Result<Table> execute(const std::string& sql);

    // A new connection to the store's database, for Athena's engine (athena_engine.h), which
    // runs each query on a connection of its own.
    Result<duck::Connection> connect();

private:
    struct Impl;
    explicit TrailStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace tripline::query
