// athena_bench's ingest-while-querying phase: how much loading slows down while queries run on
// the same store, and how many queries complete meanwhile - the cost of querying a live store
// rather than one loaded once.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "event/cloudtrail_record.h"
#include "query/athena_engine.h"
#include "query/trail_store.h"

namespace tripline::bench::athena {

// Records per append+flush (or SQLite transaction), as TrailStoreFeeder does.
inline constexpr std::size_t kIngestBatch = 5'000;

// Where ingested records come from: copies of `pool`, numbered and stamped on from where the
// previous phase (or engine) stopped, 10 ms apart.
struct IngestFeed {
    const std::vector<event::CloudTrailRecord>& pool;
    std::size_t next_index;
    TimePoint next_time;
};

// Appends batches to `store` (each followed by flush()) for `seconds` without queries (half
// before, half after) and for `seconds` while a second thread calls `run_query(i, control)` for
// i = 0, 1, ... (true when query i succeeded); prints the rates. `stored`: records loaded before.
void ingest_duckdb(query::TrailStore& store,
                   IngestFeed& feed,
                   double seconds,
                   std::size_t stored,
                   const std::function<bool(std::size_t, query::athena::QueryControl&)>& run_query);

// The same on SQLite: one transaction per batch on `db`, `queries` run in turn on a second
// connection to `file`.
void ingest_sqlite(sqlite3* db,
                   const std::filesystem::path& file,
                   const std::vector<std::string>& queries,
                   IngestFeed& feed,
                   double seconds,
                   std::size_t stored);

}  // namespace tripline::bench::athena
