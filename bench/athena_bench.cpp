// Athena benchmark (plain main, issue 10): the shipped example queries (examples/queries/*.sql)
// run as shipped through AthenaEngine over a trail store of N records, against the same queries
// written by hand for SQLite (bench/athena_sqlite/<same name>.sql) over the same records loaded
// into an SQLite file in the same run; then ingest-while-querying: records/s appended to the
// store (batches of 5,000, each followed by flush(), as TrailStoreFeeder does) while a second
// thread runs the example queries in a loop, versus records/s with no queries (half of that time
// before the busy phase and half after, as loading slows down while the store grows), and the
// queries/s completed meanwhile - for both engines (SQLite: one transaction per batch, the
// queries on a second connection). Rates count the time inside append+flush (or the
// transaction), not making the copies.
//
// Records: a pool of CloudTrail records - the real samples under ../shared/testdata/cloudtrail/,
// plus, with --jsonl, the first --pool records (`detail` of each line) of a workload from
// ../shared/tools/gen_eventbridge_workload.py - shuffled (fixed seed) and copied round-robin with a
// fresh eventID and eventTime per copy, spread over the 30 days before the run, oldest first
// (as trail_store_bench). Records appended during the ingest phases are stamped after that.
//
// SQLite: one table `cloudtrail_logs` with a flat column per top-level field (useridentity's
// scalar members flattened to useridentity_<name>), JSON text for requestparameters,
// responseelements, additionaleventdata, serviceeventdetails, useridentity_sessioncontext,
// resources and tlsdetails; WAL journal, synchronous=NORMAL, a 1 GB page cache (DuckDB's
// memory_limit); rows inserted with one prepared INSERT, one transaction per 50,000 rows; then the
// indexes a SQLite user would add for these queries (kSqliteIndexes) and ANALYZE.
// Timed loads: DuckDB append + flush + CHECKPOINT; SQLite inserts + commits, then indexes.
// Making the copies is not timed.
//
// Each query runs --runs times per engine (median reported); the result is read in full (Athena's
// text rendering for DuckDB, sqlite3_column_text for SQLite). Differing row counts are warned
// about.
//
// Usage: athena_bench [--records N] [--pool N] [--jsonl FILE] [--keep DIR] [--runs N]
//                     [--queries DIR] [--sqlite-queries DIR] [--only NAME[,NAME...]]
//                     [--ingest-seconds S (0 = skip)] [--engines duckdb,sqlite]
//                     [--show N (print each result's first N rows)]
// With --keep DIR, the stores stay in DIR and a later run with the same --records/--pool/--jsonl
// reuses them (the load is skipped; records appended by the ingest phases are deleted again).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "athena_bench_ingest.h"
#include "athena_bench_kept.h"
#include "athena_bench_records.h"
#include "athena_bench_sqlite.h"
#include "athena_bench_util.h"
#include "base/clock.h"
#include "event/cloudtrail_record.h"
#include "query/athena_engine.h"
#include "query/trail_store.h"

namespace {

using namespace tripline::bench::athena;  // NOLINT(google-build-using-namespace): our parts
using tripline::TimePoint;
using tripline::event::CloudTrailRecord;
using tripline::query::TrailStore;
using tripline::query::athena::AthenaEngine;
using tripline::query::athena::QueryControl;

struct Options {
    std::size_t records = 1'000'000;
    std::size_t pool = 200'000;
    std::string jsonl;
    std::string keep;
    int runs = 3;
    std::filesystem::path queries = std::filesystem::path(TRIPLINE_SOURCE_DIR) / "examples/queries";
    std::filesystem::path sqlite_queries =
        std::filesystem::path(TRIPLINE_SOURCE_DIR) / "bench/athena_sqlite";
    std::string only;
    double ingest_seconds = 20;
    std::size_t show = 0;  // rows of each result to print (checking the SQLite translations)
};

constexpr std::size_t kSqliteTransactionRows = 50'000;

// ---------------------------------------------------------------------------------------------
// Queries

struct Query {
    std::string name;  // file name without .sql
    std::string athena;
    std::string sqlite;  // empty when bench/athena_sqlite has no counterpart
};

std::vector<Query> load_queries(const Options& options) {
    std::vector<Query> queries;
    if (!std::filesystem::is_directory(options.queries)) {
        return queries;
    }
    for (const auto& entry : std::filesystem::directory_iterator(options.queries)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".sql") {
            continue;
        }
        Query query;
        query.name = entry.path().stem().string();
        if (!options.only.empty()) {
            bool wanted = false;
            std::istringstream names(options.only);
            for (std::string name; std::getline(names, name, ',');) {
                wanted = wanted || query.name.find(name) != std::string::npos;
            }
            if (!wanted) {
                continue;
            }
        }
        query.athena = slurp(entry.path());
        const auto counterpart = options.sqlite_queries / entry.path().filename();
        if (std::filesystem::exists(counterpart)) {
            query.sqlite = slurp(counterpart);
        }
        queries.push_back(std::move(query));
    }
    std::sort(queries.begin(), queries.end(), [](const Query& a, const Query& b) {
        return a.name < b.name;
    });
    return queries;
}

struct DuckRun {
    std::size_t rows = 0;
    std::string error;
    std::vector<std::string> shown;  // as SqliteRun
};

DuckRun run_duck(AthenaEngine& engine,
                 const std::string& sql,
                 QueryControl* control = nullptr,
                 std::size_t show = 0) {
    DuckRun out;
    auto output = engine.run(sql, "default", control);
    if (!output) {
        out.error = output.error().message;
        return out;
    }
    out.rows = output->result.rows.size();
    for (std::size_t i = 0; i < std::min(show, out.rows); ++i) {
        std::vector<std::string> values;
        for (const auto& value : output->result.rows[i]) {
            values.push_back(value.value_or(""));
        }
        out.shown.push_back(joined(values));
    }
    return out;
}

std::string first_line(const std::string& text) {
    return text.substr(0, std::min<std::size_t>(text.find('\n'), 160));
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    std::string engines = "duckdb,sqlite";
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        std::string value = argv[i + 1];
        if (flag == "--records") {
            options.records = std::stoull(value);
        } else if (flag == "--pool") {
            options.pool = std::stoull(value);
        } else if (flag == "--jsonl") {
            options.jsonl = value;
        } else if (flag == "--keep") {
            options.keep = value;
        } else if (flag == "--runs") {
            options.runs = std::max(1, std::stoi(value));
        } else if (flag == "--queries") {
            options.queries = value;
        } else if (flag == "--sqlite-queries") {
            options.sqlite_queries = value;
        } else if (flag == "--only") {
            options.only = value;
        } else if (flag == "--ingest-seconds") {
            options.ingest_seconds = std::stod(value);
        } else if (flag == "--show") {
            options.show = std::stoull(value);
        } else if (flag == "--engines") {
            engines = value;
        } else {
            std::cerr << "unknown flag " << flag << "\n";
            return 2;
        }
    }
    if (argc % 2 == 0) {
        std::cerr << "flag without a value: " << argv[argc - 1] << "\n";
        return 2;
    }
    const bool use_duck = engines.find("duckdb") != std::string::npos;
    const bool use_sqlite = engines.find("sqlite") != std::string::npos;
    const std::vector<Query> queries = load_queries(options);
    if (queries.empty()) {
        std::cerr << "no queries under " << options.queries << "\n";
        return 1;
    }
    std::vector<CloudTrailRecord> pool = load_pool(options.jsonl, options.pool);
    if (pool.empty()) {
        std::cerr << "no records found\n";
        return 1;
    }
    std::printf("pool: %zu records; %zu queries from %s\n",
                pool.size(),
                queries.size(),
                options.queries.c_str());

    const std::filesystem::path dir = options.keep.empty()
                                          ? std::filesystem::temp_directory_path() /
                                                ("athena_bench_" + std::to_string(::getpid()))
                                          : std::filesystem::path(options.keep);
    const std::filesystem::path duck_file = dir / "trail.duckdb";
    const std::filesystem::path sqlite_file = dir / "trail.sqlite";
    const std::filesystem::path meta_file = dir / "athena_bench.meta";
    const std::string key = "records=" + std::to_string(options.records) +
                            " pool=" + std::to_string(options.pool) + " jsonl=" + options.jsonl;
    std::optional<Meta> meta;
    if (!options.keep.empty()) {
        meta = read_meta(meta_file);
        if (meta && (meta->key != key || !std::filesystem::exists(duck_file) ||
                     !std::filesystem::exists(sqlite_file))) {
            meta.reset();
        }
    }
    const bool reuse = meta.has_value();
    if (!reuse) {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        // Whole seconds: eventTime has no fraction, so copies stamped before `base` read as
        // before it, and records ingested at or after it as at or after it.
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        meta = Meta{.key = key, .base_micros = micros_of(now)};
    }
    const TimePoint base{std::chrono::microseconds(meta->base_micros)};

    auto opened = TrailStore::open(duck_file);
    if (!opened) {
        die(opened.error().message);
    }
    std::unique_ptr<TrailStore> store = std::move(*opened);
    SqliteDb sqlite = open_sqlite(sqlite_file);

    if (!reuse) {
        // Copies are stamped from 30 days before `base` up to `base`, oldest first.
        const auto span = std::chrono::hours(24 * 30);
        const auto step = std::chrono::duration_cast<std::chrono::microseconds>(span) /
                          static_cast<std::int64_t>(options.records);
        sqlite_exec(sqlite.get(), kSqliteSchema);
        SqliteLoader loader(sqlite.get());
        std::vector<CloudTrailRecord> slice;
        Clock::duration duck_time{};
        Clock::duration sqlite_time{};
        const std::size_t slice_size = 10'000;
        bool in_transaction = false;
        std::size_t in_this_transaction = 0;
        for (std::size_t done = 0; done < options.records;) {
            slice.clear();
            for (std::size_t k = 0; k < slice_size && done < options.records; ++k, ++done) {
                slice.push_back(make_copy(pool, done, base - span + step * done));
            }
            auto start = Clock::now();
            if (auto status = store->append(slice); !status) {
                die(status.error().message);
            }
            duck_time += Clock::now() - start;
            start = Clock::now();
            for (const CloudTrailRecord& record : slice) {
                if (!in_transaction) {
                    sqlite_exec(sqlite.get(), "BEGIN");
                    in_transaction = true;
                }
                loader.insert(record);
                if (++in_this_transaction == kSqliteTransactionRows) {
                    sqlite_exec(sqlite.get(), "COMMIT");
                    in_transaction = false;
                    in_this_transaction = 0;
                }
            }
            if (in_transaction && done == options.records) {
                sqlite_exec(sqlite.get(), "COMMIT");
                in_transaction = false;
            }
            sqlite_time += Clock::now() - start;
        }
        auto start = Clock::now();
        if (auto status = store->flush(); !status) {
            die(status.error().message);
        }
        if (auto checkpoint = store->execute("CHECKPOINT"); !checkpoint) {
            die(checkpoint.error().message);
        }
        duck_time += Clock::now() - start;
        start = Clock::now();
        sqlite_exec(sqlite.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
        sqlite_time += Clock::now() - start;
        start = Clock::now();
        sqlite_exec(sqlite.get(), kSqliteIndexes);
        sqlite_exec(sqlite.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
        meta->sqlite_index_s = std::chrono::duration<double>(Clock::now() - start).count();
        meta->duck_load_s = std::chrono::duration<double>(duck_time).count();
        meta->sqlite_insert_s = std::chrono::duration<double>(sqlite_time).count();
        if (!options.keep.empty()) {
            write_meta(meta_file, *meta);
        }
    }
    auto count = store->count();
    if (!count) {
        die(count.error().message);
    }
    const double n = static_cast<double>(options.records);
    std::printf("%s %zu records (%llu stored)\n",
                reuse ? "reused stores of" : "loaded",
                options.records,
                static_cast<unsigned long long>(*count));
    std::printf("load duckdb: append+flush+checkpoint %.1f s = %.0f records/s; file %.0f MB\n",
                meta->duck_load_s,
                n / meta->duck_load_s,
                static_cast<double>(std::filesystem::file_size(duck_file)) / 1e6);
    std::printf(
        "load sqlite: inserts %.1f s = %.0f records/s, + indexes %.1f s = %.1f s in all; file %.0f "
        "MB\n",
        meta->sqlite_insert_s,
        n / meta->sqlite_insert_s,
        meta->sqlite_index_s,
        meta->sqlite_insert_s + meta->sqlite_index_s,
        static_cast<double>(std::filesystem::file_size(sqlite_file)) / 1e6);

    // The example queries, one engine after the other, --runs times each.
    AthenaEngine engine(*store);
    std::printf("\n%-34s %10s %10s %8s %8s %8s %s\n",
                "query",
                "duckdb ms",
                "sqlite ms",
                "rows",
                "rows",
                "duck/sq",
                ("(median of " + std::to_string(options.runs) + ")").c_str());
    {
        // What a statement costs beyond its work: AthenaEngine's per-query steps (translation,
        // session schema, result rendering, scanned-bytes figure) and SQLite's prepare.
        std::vector<double> duck_ms;
        std::vector<double> sqlite_ms;
        for (int r = 0; r < std::max(options.runs, 5); ++r) {
            auto start = Clock::now();
            (void)run_duck(engine, "SELECT 1");
            duck_ms.push_back(ms_since(start));
            start = Clock::now();
            (void)run_sqlite(sqlite.get(), "SELECT 1");
            sqlite_ms.push_back(ms_since(start));
        }
        std::printf("%-34s %10.2f %10.2f\n", "(SELECT 1)", median(duck_ms), median(sqlite_ms));
    }
    double log_sum = 0;
    int log_count = 0;
    for (const Query& query : queries) {
        std::vector<double> duck_ms;
        std::vector<double> sqlite_ms;
        DuckRun duck_run;
        SqliteRun sqlite_run;
        for (int r = 0; r < options.runs && use_duck; ++r) {
            const auto start = Clock::now();
            duck_run = run_duck(engine, query.athena, nullptr, options.show);
            duck_ms.push_back(ms_since(start));
            if (!duck_run.error.empty()) {
                break;
            }
        }
        for (int r = 0; r < options.runs && use_sqlite && !query.sqlite.empty(); ++r) {
            const auto start = Clock::now();
            sqlite_run = run_sqlite(sqlite.get(), query.sqlite, options.show);
            sqlite_ms.push_back(ms_since(start));
            if (!sqlite_run.error.empty()) {
                break;
            }
        }
        const double d = duck_run.error.empty() ? median(duck_ms) : std::nan("");
        const double s = sqlite_run.error.empty() ? median(sqlite_ms) : std::nan("");
        const double ratio = d / s;
        if (std::isfinite(ratio) && ratio > 0) {
            log_sum += std::log(ratio);
            ++log_count;
        }
        std::printf("%-34s %10.2f %10.2f %8zu %8zu %8.2f\n",
                    query.name.c_str(),
                    d,
                    s,
                    duck_run.rows,
                    sqlite_run.rows,
                    ratio);
        for (const std::string& row : duck_run.shown) {
            std::printf("  duckdb: %s\n", row.c_str());
        }
        for (const std::string& row : sqlite_run.shown) {
            std::printf("  sqlite: %s\n", row.c_str());
        }
        if (!duck_run.error.empty()) {
            std::printf("  WARNING duckdb failed: %s\n", first_line(duck_run.error).c_str());
        }
        if (!sqlite_run.error.empty()) {
            std::printf("  WARNING sqlite failed: %s\n", first_line(sqlite_run.error).c_str());
        }
        if (query.sqlite.empty() && use_sqlite) {
            std::printf("  WARNING no %s\n",
                        (options.sqlite_queries / (query.name + ".sql")).c_str());
        }
        if (use_duck && use_sqlite && duck_run.error.empty() && sqlite_run.error.empty() &&
            !query.sqlite.empty() && duck_run.rows != sqlite_run.rows) {
            std::printf("  WARNING row counts differ: duckdb %zu, sqlite %zu\n",
                        duck_run.rows,
                        sqlite_run.rows);
        }
    }
    if (log_count > 0) {
        std::printf("geometric mean of duckdb ms / sqlite ms over %d queries: %.2f\n",
                    log_count,
                    std::exp(log_sum / log_count));
    }

    // Ingest while querying.
    if (options.ingest_seconds > 0) {
        std::printf(
            "\ningest in batches of %zu (each flushed / committed): %.0f s without queries "
            "(half before, half after), %.0f s with queries:\n",
            kIngestBatch,
            options.ingest_seconds,
            options.ingest_seconds);
        IngestFeed feed{pool, options.records + 1'000'000'000, base};
        if (use_duck) {
            ingest_duckdb(*store,
                          feed,
                          options.ingest_seconds,
                          options.records,
                          [&](std::size_t i, QueryControl& control) {
                              const std::string& sql = queries[i % queries.size()].athena;
                              return run_duck(engine, sql, &control).error.empty();
                          });
        }
        if (use_sqlite) {
            std::vector<std::string> runnable;
            for (const Query& query : queries) {
                if (!query.sqlite.empty()) {
                    runnable.push_back(query.sqlite);
                }
            }
            ingest_sqlite(
                sqlite.get(), sqlite_file, runnable, feed, options.ingest_seconds, options.records);
        }
        // Back to the loaded records, so that kept stores can be reused.
        const std::string cut = std::to_string(meta->base_micros);
        if (auto deleted = store->execute("DELETE FROM trail_records WHERE tl_time >= "
                                          "make_timestamp(" +
                                          cut + "::BIGINT)");
            !deleted) {
            die(deleted.error().message);
        }
        (void)store->execute("CHECKPOINT");
        const std::string sql = "DELETE FROM cloudtrail_logs WHERE eventtime >= '" +
                                tripline::format_iso8601(base) + "'";
        sqlite_exec(sqlite.get(), sql.c_str());
        if (!options.keep.empty()) {
            sqlite_exec(sqlite.get(), "VACUUM");  // the next run's file as loaded, not mostly free
        }
        sqlite_exec(sqlite.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    sqlite.reset();
    store.reset();
    if (options.keep.empty()) {
        std::filesystem::remove_all(dir);
    }
    return 0;
}
