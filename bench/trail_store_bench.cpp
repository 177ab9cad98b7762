// Trail store benchmark (plain main): the catch-up load rate of TrailStore::append/flush
// (records/s, the ingest pipeline's off-alerting-path consumer) and LookupEvents/SQL latency once
// the store holds the records.
//
// Records: a pool of real CloudTrail records - the samples under ../shared/testdata/cloudtrail/ by
// default, or the `detail` of each line of an EventBridge JSON-lines file from
// ../shared/tools/gen_eventbridge_workload.py (--jsonl; plain record lines work too) - copied
// round-robin with a fresh eventID and eventTime per copy (spread over the last 30 days, oldest
// first, as ingest sees them). Timed: append(), flush() and a final CHECKPOINT (so that deferred
// WAL work is counted); making the copies is not.
//
// Usage: trail_store_bench [--records N] [--batch N] [--jsonl FILE] [--pool N] [--keep DIR]
//                          [--queries 0|1] [--sql "SET threads = 2"]...
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "event/cloudtrail_record.h"
#include "query/trail_store.h"

namespace {

using tripline::TimePoint;
using tripline::event::CloudTrailRecord;
using tripline::query::LookupQuery;
using tripline::query::TrailStore;
using Clock = std::chrono::steady_clock;

struct Options {
    std::size_t records = 1'000'000;
    std::size_t batch = 50'000;
    std::size_t pool = 200'000;
    std::string jsonl;
    std::string keep;
    bool queries = true;
    std::vector<std::string> settings;  // SQL run before loading, e.g. "SET threads = 2"
};

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void add_line(std::vector<CloudTrailRecord>& pool, std::string_view line) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS) {
        return;
    }
    simdjson::dom::element detail;
    if (doc["detail"].get(detail) != simdjson::SUCCESS) {
        detail = doc;
    }
    auto record = tripline::event::parse_cloudtrail_record(detail);
    if (record) {
        pool.push_back(std::move(*record));
    }
}

std::vector<CloudTrailRecord> load_pool(const Options& options) {
    std::vector<CloudTrailRecord> pool;
    if (!options.jsonl.empty()) {
        std::ifstream in(options.jsonl);
        std::string line;
        while (pool.size() < options.pool && std::getline(in, line)) {
            add_line(pool, line);
        }
        return pool;
    }
    const std::filesystem::path root =
        std::filesystem::path(TRIPLINE_SHARED_DIR) / "testdata" / "cloudtrail";
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name.find("manifest") != std::string::npos) {
            continue;
        }
        const std::string text = slurp(entry.path());
        if (name.ends_with(".jsonl")) {
            std::istringstream lines(text);
            std::string line;
            while (std::getline(lines, line)) {
                add_line(pool, line);
            }
        } else if (name.ends_with(".json")) {
            auto records = tripline::event::parse_cloudtrail_log_file(text);
            if (records) {
                pool.insert(pool.end(), records->begin(), records->end());
            }
        }
    }
    return pool;
}

std::string event_id(std::size_t i) {
    char text[64];
    std::snprintf(text,
                  sizeof text,
                  "%08zx-be7c-4a1e-9d3b-%012zx",
                  static_cast<std::size_t>(i * 2654435761U % 0xFFFFFFFFU),
                  static_cast<std::size_t>(i % 0xFFFFFFFFFFFFULL));
    return text;
}

double median_ms(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

template <typename F>
double time_ms(int repeat, F&& f) {
    std::vector<double> samples;
    for (int i = 0; i < repeat; ++i) {
        auto start = Clock::now();
        f();
        samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return median_ms(samples);
}

// CPU time of the whole process (all of DuckDB's threads), in seconds.
double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int fail(const tripline::Error& error) {
    std::cerr << "error: " << error.message << "\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        std::string value = argv[i + 1];
        if (flag == "--records") {
            options.records = std::stoull(value);
        } else if (flag == "--batch") {
            options.batch = std::stoull(value);
        } else if (flag == "--pool") {
            options.pool = std::stoull(value);
        } else if (flag == "--jsonl") {
            options.jsonl = value;
        } else if (flag == "--keep") {
            options.keep = value;
        } else if (flag == "--sql") {
            options.settings.push_back(value);
        } else if (flag == "--queries") {
            options.queries = value != "0";
        } else {
            std::cerr << "unknown flag " << flag << "\n";
            return 2;
        }
    }
    std::vector<CloudTrailRecord> pool = load_pool(options);
    if (pool.empty()) {
        std::cerr << "no records found\n";
        return 1;
    }
    std::size_t json_bytes = 0;
    for (const CloudTrailRecord& record : pool) {
        json_bytes += tripline::event::to_json(record).size();
    }
    std::printf("pool: %zu records, %.0f bytes of JSON on average\n",
                pool.size(),
                static_cast<double>(json_bytes) / static_cast<double>(pool.size()));

    std::filesystem::path dir = options.keep.empty()
                                    ? std::filesystem::temp_directory_path() /
                                          ("trail_store_bench_" + std::to_string(::getpid()))
                                    : std::filesystem::path(options.keep);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / "trail.duckdb";
    auto opened = TrailStore::open(file, {.batch_records = options.batch});
    if (!opened) {
        return fail(opened.error());
    }
    std::unique_ptr<TrailStore> store = std::move(*opened);
    for (const std::string& setting : options.settings) {
        if (auto done = store->execute(setting); !done) {
            return fail(done.error());
        }
    }

    // Copies are stamped from 30 days before `now` up to `now`, oldest first.
    const TimePoint now = std::chrono::system_clock::now();
    const auto span = std::chrono::hours(24 * 30);
    const auto step = std::chrono::duration_cast<std::chrono::microseconds>(span) /
                      static_cast<std::int64_t>(options.records);
    std::vector<CloudTrailRecord> slice;
    Clock::duration loading{};
    double loading_cpu = 0;
    const std::size_t slice_size = 10'000;
    for (std::size_t done = 0; done < options.records;) {
        slice.clear();
        for (std::size_t k = 0; k < slice_size && done < options.records; ++k, ++done) {
            CloudTrailRecord record = pool[done % pool.size()];
            record.event_id = event_id(done);
            record.event_time = tripline::format_iso8601(now - span + step * done);
            slice.push_back(std::move(record));
        }
        auto start = Clock::now();
        double cpu_start = process_cpu_seconds();
        if (auto status = store->append(slice); !status) {
            return fail(status.error());
        }
        loading += Clock::now() - start;
        loading_cpu += process_cpu_seconds() - cpu_start;
    }
    auto start = Clock::now();
    double cpu_start = process_cpu_seconds();
    if (auto status = store->flush(); !status) {
        return fail(status.error());
    }
    // Counted too: writing the WAL's rows into the compressed table.
    if (auto checkpoint = store->execute("CHECKPOINT"); !checkpoint) {
        return fail(checkpoint.error());
    }
    loading += Clock::now() - start;
    loading_cpu += process_cpu_seconds() - cpu_start;
    const double seconds = std::chrono::duration<double>(loading).count();
    auto count = store->count();
    if (!count) {
        return fail(count.error());
    }
    std::printf(
        "append+flush+checkpoint: %zu records in %.2f s = %.0f records/s (batch %zu); stored %llu\n"
        "  CPU %.2f s (all threads) = %.1f us of CPU per record\n",
        options.records,
        seconds,
        static_cast<double>(options.records) / seconds,
        options.batch,
        static_cast<unsigned long long>(*count),
        loading_cpu,
        loading_cpu * 1e6 / static_cast<double>(options.records));

    if (!options.queries) {
        store.reset();
        if (options.keep.empty()) {
            std::filesystem::remove_all(dir);
        }
        return 0;
    }
    // Lookups over the stored records.
    const CloudTrailRecord& sample = pool[0];
    const std::string account(sample.recipient_account_id.value_or(
        sample.user_identity && sample.user_identity->account_id ? *sample.user_identity->account_id
                                                                 : ""));
    const std::string region = sample.aws_region.value_or("us-east-1");
    auto run = [&](const char* label, LookupQuery query, int pages) {
        std::size_t events = 0;
        double ms = time_ms(9, [&] {
            events = 0;
            LookupQuery q = query;
            for (int p = 0; p < pages; ++p) {
                auto page = store->lookup(q, now);
                if (!page) {
                    std::cerr << label << ": " << page.error().message << "\n";
                    std::exit(1);
                }
                events += page->events.size();
                if (page->next_token.empty()) {
                    break;
                }
                q.next_token = page->next_token;
            }
        });
        std::printf("lookup %-40s %3zu events in %7.2f ms (median of 9)\n", label, events, ms);
    };
    LookupQuery base;
    base.account_id = account;
    base.region = region;
    run("newest 50", base, 1);
    run("newest 50 x 4 pages", base, 4);
    LookupQuery by_name = base;
    by_name.attribute = {"EventName", sample.event_name.value_or("")};
    run("EventName", by_name, 1);
    // pool[0]'s copies are records 0, pool.size(), 2 * pool.size(), ...: the oldest and newest.
    const std::size_t newest_copy = (options.records - 1) / pool.size() * pool.size();
    LookupQuery by_new_id = base;
    by_new_id.attribute = {"EventId", event_id(newest_copy)};
    run("EventId (newest copy)", by_new_id, 1);
    LookupQuery by_old_id = base;
    by_old_id.attribute = {"EventId", event_id(0)};
    run("EventId (30 days old)", by_old_id, 1);
    if (auto username = sample.user_identity ? sample.user_identity->user_name : std::nullopt) {
        LookupQuery by_user = base;
        by_user.attribute = {"Username", *username};
        run("Username", by_user, 1);
    }
    LookupQuery by_source = base;
    by_source.attribute = {"EventSource", sample.event_source.value_or("")};
    by_source.start_time = now - std::chrono::hours(24);
    run("EventSource, last 24 h", by_source, 1);
    LookupQuery by_resource = base;
    by_resource.attribute = {"ResourceType",
                             sample.resources && !sample.resources->empty()
                                 ? sample.resources->front().type.value_or("")
                                 : std::string("AWS::S3::Bucket")};
    run("ResourceType", by_resource, 1);
    LookupQuery rare = base;
    rare.attribute = {"EventName", "NoSuchEventName"};
    run("EventName matching nothing (full scan)", rare, 1);

    auto sql = [&](const char* text) {
        std::size_t rows = 0;
        double ms = time_ms(5, [&] {
            auto table = store->execute(text);
            if (!table) {
                std::cerr << text << ": " << table.error().message << "\n";
                std::exit(1);
            }
            rows = table->rows.size();
        });
        std::printf("sql %7.2f ms %5zu rows: %s\n", ms, rows, text);
    };
    sql("SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY eventname ORDER BY n DESC");
    sql("SELECT eventtime, useridentity.arn, sourceipaddress FROM cloudtrail_logs WHERE "
        "useridentity.type = 'Root' AND useridentity.invokedby IS NULL LIMIT 100");
    sql("SELECT count(*) FROM cloudtrail_logs WHERE errorcode LIKE 'AccessDenied%'");

    store.reset();
    std::printf("file: %.1f MB\n",
                static_cast<double>(std::filesystem::file_size(file)) / (1024.0 * 1024.0));
    if (options.keep.empty()) {
        std::filesystem::remove_all(dir);
    }
    return 0;
}
