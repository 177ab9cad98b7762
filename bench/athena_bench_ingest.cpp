// Ingest-while-querying for both engines, kept apart from the query timings so that each engine's
// loop differs only in how it writes a batch and how it cuts a running query short.
#include "athena_bench_ingest.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "athena_bench_records.h"
#include "athena_bench_sqlite.h"
#include "athena_bench_util.h"

namespace tripline::bench::athena {

using event::CloudTrailRecord;
using query::athena::QueryControl;

namespace {

// `loop(stop, done, errors)` runs queries until `stop`, counting those it completed.
using QueryLoop = std::function<void(std::atomic<bool>&, std::size_t&, std::size_t&)>;
// Stores one batch durably.
using Write = std::function<void(const std::vector<CloudTrailRecord>&)>;

struct IngestResult {
    std::size_t records = 0;
    double store_seconds = 0;  // inside append+flush (or the SQLite transaction)
    double wall_seconds = 0;
    double slowest_batch_ms = 0;
    std::size_t queries = 0;  // completed by the query thread
    std::size_t query_errors = 0;

    IngestResult& operator+=(const IngestResult& other) {
        records += other.records;
        store_seconds += other.store_seconds;
        wall_seconds += other.wall_seconds;
        slowest_batch_ms = std::max(slowest_batch_ms, other.slowest_batch_ms);
        queries += other.queries;
        query_errors += other.query_errors;
        return *this;
    }
};

// Appends batches of kIngestBatch until `seconds` passed; `query_loop`, when given, runs on a
// second thread meanwhile; `interrupt()` cuts its last query short at the end.
IngestResult ingest_for(double seconds,
                        IngestFeed& feed,
                        const Write& write,
                        const QueryLoop* query_loop,
                        const std::function<void()>& interrupt) {
    IngestResult result;
    std::atomic<bool> stop{false};
    std::size_t queries = 0;
    std::size_t errors = 0;
    std::thread reader;
    if (query_loop != nullptr) {
        reader = std::thread([&] { (*query_loop)(stop, queries, errors); });
    }
    const auto start = Clock::now();
    const auto until =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<CloudTrailRecord> batch;
    batch.reserve(kIngestBatch);
    Clock::duration in_store{};
    while (Clock::now() < until) {
        batch.clear();
        for (std::size_t k = 0; k < kIngestBatch; ++k) {
            batch.push_back(make_copy(feed.pool, feed.next_index++, feed.next_time));
            feed.next_time += std::chrono::milliseconds(10);
        }
        const auto t0 = Clock::now();
        write(batch);
        in_store += Clock::now() - t0;
        result.slowest_batch_ms = std::max(result.slowest_batch_ms, ms_since(t0));
        result.records += batch.size();
    }
    result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.store_seconds = std::chrono::duration<double>(in_store).count();
    stop = true;
    if (reader.joinable()) {
        interrupt();
        reader.join();
    }
    result.queries = queries;
    result.query_errors = errors;
    return result;
}

void print_ingest(const char* engine,
                  std::size_t stored,
                  const IngestResult& quiet,
                  const IngestResult& busy) {
    auto rate = [](const IngestResult& r) {
        return r.store_seconds > 0 ? static_cast<double>(r.records) / r.store_seconds : 0.0;
    };
    std::printf(
        "ingest %-7s no queries:   %8zu records in %5.1f s of append+flush = %8.0f records/s; "
        "slowest batch %.0f ms\n",
        engine,
        quiet.records,
        quiet.store_seconds,
        rate(quiet),
        quiet.slowest_batch_ms);
    std::printf(
        "ingest %-7s with queries: %8zu records in %5.1f s of append+flush = %8.0f records/s "
        "(%.0f%%); slowest batch %.0f ms; %zu queries in %.1f s = %.2f queries/s%s\n",
        engine,
        busy.records,
        busy.store_seconds,
        rate(busy),
        rate(quiet) > 0 ? 100.0 * rate(busy) / rate(quiet) : 0.0,
        busy.slowest_batch_ms,
        busy.queries,
        busy.wall_seconds,
        static_cast<double>(busy.queries) / busy.wall_seconds,
        busy.query_errors > 0 ? " (some failed)" : "");
    std::printf("ingest %-7s the store grew from %zu to %zu records\n",
                engine,
                stored,
                stored + quiet.records + busy.records);
}

// Quiet halves before and after the busy phase: the store grows as it goes, and loading slows
// down as it grows.
void ingest_phases(const char* engine,
                   IngestFeed& feed,
                   double seconds,
                   std::size_t stored,
                   const Write& write,
                   const QueryLoop& loop,
                   const std::function<void()>& interrupt) {
    IngestResult quiet = ingest_for(seconds / 2, feed, write, nullptr, interrupt);
    IngestResult busy = ingest_for(seconds, feed, write, &loop, interrupt);
    quiet += ingest_for(seconds / 2, feed, write, nullptr, interrupt);
    print_ingest(engine, stored, quiet, busy);
}

}  // namespace

void ingest_duckdb(query::TrailStore& store,
                   IngestFeed& feed,
                   double seconds,
                   std::size_t stored,
                   const std::function<bool(std::size_t, QueryControl&)>& run_query) {
    const Write write = [&](const std::vector<CloudTrailRecord>& batch) {
        if (auto status = store.append(batch); !status) {
            die(status.error().message);
        }
        if (auto status = store.flush(); !status) {
            die(status.error().message);
        }
    };
    QueryControl* current = nullptr;
    std::mutex current_mutex;
    const QueryLoop loop = [&](std::atomic<bool>& stop, std::size_t& done, std::size_t& errors) {
        for (std::size_t i = 0; !stop; ++i) {
            QueryControl control;
            {
                std::lock_guard lock(current_mutex);
                if (stop) {
                    break;
                }
                current = &control;
            }
            const bool ok = run_query(i, control);
            {
                std::lock_guard lock(current_mutex);
                current = nullptr;
            }
            if (stop) {
                break;  // cut short: not counted
            }
            (ok ? done : errors) += 1;
        }
    };
    const std::function<void()> interrupt = [&] {
        std::lock_guard lock(current_mutex);
        if (current != nullptr) {
            current->cancel();
        }
    };
    ingest_phases("duckdb", feed, seconds, stored, write, loop, interrupt);
}

void ingest_sqlite(sqlite3* db,
                   const std::filesystem::path& file,
                   const std::vector<std::string>& queries,
                   IngestFeed& feed,
                   double seconds,
                   std::size_t stored) {
    SqliteLoader loader(db);
    const Write write = [&](const std::vector<CloudTrailRecord>& batch) {
        sqlite_exec(db, "BEGIN");
        for (const CloudTrailRecord& record : batch) {
            loader.insert(record);
        }
        sqlite_exec(db, "COMMIT");
    };
    SqliteDb reader = open_sqlite(file);
    const QueryLoop loop = [&](std::atomic<bool>& stop, std::size_t& done, std::size_t& errors) {
        for (std::size_t i = 0; !stop && !queries.empty(); ++i) {
            SqliteRun run = run_sqlite(reader.get(), queries[i % queries.size()]);
            if (stop) {
                break;
            }
            (run.error.empty() ? done : errors) += 1;
        }
    };
    const std::function<void()> interrupt = [&] { sqlite3_interrupt(reader.get()); };
    ingest_phases("sqlite", feed, seconds, stored, write, loop, interrupt);
}

}  // namespace tripline::bench::athena
