// CloudTrail ingest benchmark (plain main), issue 7 "Performance": gzipped CloudTrail log files
// through the alerting path - read, gunzip, parse, dedup and checkpoint, trail selector matching
// and log-file writing, rule matching against N rules with the matches' deliveries queued in the
// outbox - measured with the same classes `tripline ingest` runs (Engine without the API
// listener, DirectoryLogSource, Ingester), in-process, into a fresh temporary data dir.
//
// In the same run it reports the one-core ceiling: read + libdeflate gunzip + simdjson DOM parse
// of the same files, counting the Records entries (what any ingest must at least do).
//
// Files: make them with bench/gen_cloudtrail_logs.py (1 GiB of record JSON by default, into
// build/bench-cloudtrail). Rules: the first --rules lines of bench/data/rules.jsonl, each
// targeting one SNS topic with no subscribers (matches cost an outbox row, deliveries are no-ops),
// in state ENABLED (AWS's default: read-only management calls reach no rule) or --rule-state, e.g.
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS to match those too.
// One multi-region trail per account logs every management event into a local bucket.
//
// The trail store (DuckDB) is fed as in `tripline ingest`. --store 0 detaches it, to measure the
// alerting path alone; the time to let it catch up after the last file is reported apart
// ("store drain"), since it lags ingest by design.
//
// Usage: ingest_bench [--files DIR] [--rules N] [--rules-file F] [--ceiling 0|1] [--full 0|1]
//                     [--store 0|1] [--batch N] [--keep DIR] [--rule-state STATE]
//                     [--delivery-threads N]   (4, as serve; 0: matches are queued, not delivered)
//                     [--detect 0|1]   (GuardDuty detections on the stream; default 1)
//                     [--insights 0|1] (CloudTrail Insights over the records, as
//                                       `ingest --insights`; default 0)
#include <simdjson.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/config.h"
#include "app/engine.h"
#include "app/record_pipeline.h"
#include "app/trail_store_feeder.h"
#include "base/clock.h"
#include "insights/insight_service.h"
#include "storage/ingest_checkpoint_store.h"
#include "storage/outbox_store.h"
#include "trail/gzip.h"
#include "trail/ingest/directory_log_source.h"
#include "trail/ingest/ingester.h"
#include "trail/trail_service.h"

namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kAccount = "111111111111";
constexpr const char* kRegion = "us-east-1";

struct Options {
    std::string files = TRIPLINE_BENCH_DEFAULT_FILES;
    std::string rules_file = TRIPLINE_BENCH_DEFAULT_RULES;
    std::size_t rules = 1000;
    std::size_t batch = 5000;
    bool ceiling = true;
    bool full = true;
    bool store = true;
    std::string keep;
    std::string rule_state = "ENABLED";
    bool detect = true;                // GuardDuty detections on the record stream
    bool insights = false;             // CloudTrail Insights over the ingested records
    std::size_t delivery_threads = 4;  // serve's default; 0 leaves the outbox undelivered
};

double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

void print_line(const char* what, std::uint64_t records, std::uint64_t bytes, double secs) {
    std::printf("%-34s %10llu records %9.1f MB %8.2f s %10.0f records/s %7.1f MB/s\n",
                what,
                static_cast<unsigned long long>(records),
                static_cast<double>(bytes) / 1e6,
                secs,
                secs > 0 ? static_cast<double>(records) / secs : 0.0,
                secs > 0 ? static_cast<double>(bytes) / 1e6 / secs : 0.0);
}

std::vector<fs::path> log_files(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().extension() == ".gz") {
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// (a) read + gunzip + parse on this thread only.
int run_ceiling(const Options& opts) {
    simdjson::dom::parser parser;
    std::uint64_t records = 0;
    std::uint64_t gz_bytes = 0;
    std::uint64_t json_bytes = 0;
    const auto start = SteadyClock::now();
    for (const fs::path& path : log_files(opts.files)) {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        gz_bytes += bytes.size();
        auto text = tripline::trail::gunzip(bytes, std::size_t{1} << 30);
        if (!text) {
            std::cerr << path << ": " << text.error().message << "\n";
            return 1;
        }
        json_bytes += text->size();
        simdjson::dom::element doc;
        simdjson::dom::array list;
        if (parser.parse(*text).get(doc) || doc["Records"].get_array().get(list)) {
            std::cerr << path << ": not a Records file\n";
            return 1;
        }
        records += list.size();
    }
    const double secs = seconds_since(start);
    print_line("ceiling: read+gunzip+parse (1 core)", records, json_bytes, secs);
    std::printf("  (%.1f MB gzipped)\n", static_cast<double>(gz_bytes) / 1e6);
    return 0;
}

tripline::app::Config bench_config(const Options& opts, const fs::path& data_dir) {
    using namespace tripline::app;
    Config config;
    config.server.data_dir = data_dir.string();
    config.server.region = kRegion;
    config.log.level = "error";
    config.delivery.threads = opts.delivery_threads;
    AccountConfig account;
    account.id = kAccount;
    config.accounts.push_back(account);
    TopicConfig topic;
    topic.name = "bench-alerts";
    config.topics.push_back(topic);
    std::ifstream rules(opts.rules_file);
    std::string pattern;
    const std::string target = std::string(R"({"Id":"alerts","Arn":"arn:aws:sns:)") + kRegion +
                               ":" + kAccount + R"(:bench-alerts"})";
    while (config.rules.size() < opts.rules && std::getline(rules, pattern)) {
        if (pattern.empty()) {
            continue;
        }
        RuleConfig rule;
        rule.name = "bench-rule-" + std::to_string(config.rules.size());
        rule.state = opts.rule_state;
        rule.event_pattern = pattern;
        rule.targets.push_back(target);
        config.rules.push_back(rule);
    }
    // A trail only logs its own account's records: one multi-region trail per account the
    // files hold (AWSLogs/<account>/), each with its own bucket.
    for (const auto& entry : fs::directory_iterator(fs::path(opts.files) / "AWSLogs")) {
        const std::string owner = entry.path().filename().string();
        TrailConfig trail;
        trail.name = "bench-trail";
        trail.account = owner;
        trail.document = R"({"Name":"bench-trail","S3BucketName":"bench-trail-)" + owner +
                         R"(","IsMultiRegionTrail":true})";
        config.trails.push_back(trail);
    }
    config.trail.flush_seconds = 10;
    config.insights.ingested = {opts.insights, opts.insights};
    return config;
}

// (b) the alerting path, as `tripline ingest` runs it.
int run_full(const Options& opts) {
    using namespace tripline;
    const fs::path data_dir =
        opts.keep.empty()
            ? fs::temp_directory_path() / ("tripline-ingest-bench-" + std::to_string(::getpid()))
            : fs::path(opts.keep);
    fs::remove_all(data_dir);
    fs::create_directories(data_dir);
    app::Config config = bench_config(opts, data_dir);
    std::printf("rules: %zu (from %s), trails: %zu (one per account, all management events)\n",
                config.rules.size(),
                opts.rules_file.c_str(),
                config.trails.size());

    Clock& clock = SystemClock::instance();
    std::ostringstream engine_out;
    app::Engine engine(config, clock, engine_out, /*serve_api=*/false);
    if (Status started = engine.start(); !started) {
        std::cerr << "engine: " << started.error().to_string() << "\n";
        return 1;
    }
    app::EngineState& state = engine.state();
    if (!opts.store) {
        state.records->set_trail_store(nullptr, nullptr);
    }
    if (!opts.detect) {
        state.records->set_detect(nullptr);
    }
    auto source = trail::open_directory_log_source(opts.files);
    if (!source) {
        std::cerr << source.error().to_string() << "\n";
        return 1;
    }
    storage::IngestCheckpointStore checkpoints(*state.database);
    trail::IngestOptions options;
    options.batch_records = opts.batch;
    trail::Ingester ingester(*state.records, checkpoints, clock, options);

    const auto start = SteadyClock::now();
    auto stats = ingester.run_once(**source);
    if (!stats) {
        std::cerr << "ingest: " << stats.error().to_string() << "\n";
        return 1;
    }
    if (state.insights && opts.insights) {
        state.insights->flush();  // as at the end of `tripline ingest --insights`
    }
    if (state.trails) {
        state.trails->deliver_due(true);  // the last log files: part of the alerting path's work
    }
    const double secs = seconds_since(start);
    print_line("full alerting path", stats->records, stats->json_bytes, secs);
    if (state.insights && opts.insights) {
        const insights::InsightStats s = state.insights->stats();
        std::printf("  insights: %zu streams, %zu APIs tracked, %zu events, %zu open\n",
                    s.streams,
                    s.apis,
                    s.events,
                    s.open_insights);
    }
    std::printf(
        "  files %llu, bad files %llu, duplicates %llu, dedup+checkpoint %.2f s, "
        "pipeline %.2f s\n",
        static_cast<unsigned long long>(stats->files_ingested),
        static_cast<unsigned long long>(stats->bad_files),
        static_cast<unsigned long long>(stats->duplicates),
        std::chrono::duration<double>(stats->dedup_time).count(),
        std::chrono::duration<double>(stats->sink_time).count());
    if (auto counts = storage::OutboxStore(*state.database).counts()) {
        std::printf("  alert deliveries queued (outbox rows): %lld\n",
                    static_cast<long long>(counts->pending + counts->in_flight + counts->delivered +
                                           counts->dead));
    }
    if (opts.store && state.trail_feeder) {
        const auto drain_start = SteadyClock::now();
        Status drained = state.trail_feeder->drain();
        const double drain = seconds_since(drain_start);
        std::printf("  store drain after the last file: %.2f s (%llu records loaded)%s\n",
                    drain,
                    static_cast<unsigned long long>(state.trail_feeder->loaded()),
                    drained ? "" : " FAILED");
        print_line("full path incl. trail store", stats->records, stats->json_bytes, secs + drain);
    }
    engine.stop();
    if (opts.keep.empty()) {
        fs::remove_all(data_dir);
    }
    return 0;
}

bool flag(const char* arg, const char* name) { return std::string(arg) == name; }

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::err);  // rules the bench puts in state ENABLED warn
    Options opts;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (flag(argv[i], "--files") && has_value) {
            opts.files = argv[++i];
        } else if (flag(argv[i], "--rules") && has_value) {
            opts.rules = std::strtoull(argv[++i], nullptr, 10);
        } else if (flag(argv[i], "--rules-file") && has_value) {
            opts.rules_file = argv[++i];
        } else if (flag(argv[i], "--batch") && has_value) {
            opts.batch = std::strtoull(argv[++i], nullptr, 10);
        } else if (flag(argv[i], "--ceiling") && has_value) {
            opts.ceiling = std::string(argv[++i]) != "0";
        } else if (flag(argv[i], "--full") && has_value) {
            opts.full = std::string(argv[++i]) != "0";
        } else if (flag(argv[i], "--store") && has_value) {
            opts.store = std::string(argv[++i]) != "0";
        } else if (flag(argv[i], "--detect") && has_value) {
            opts.detect = std::string(argv[++i]) != "0";
        } else if (flag(argv[i], "--insights") && has_value) {
            opts.insights = std::string(argv[++i]) != "0";
        } else if (flag(argv[i], "--delivery-threads") && has_value) {
            opts.delivery_threads = std::strtoul(argv[++i], nullptr, 10);
        } else if (flag(argv[i], "--rule-state") && has_value) {
            opts.rule_state = argv[++i];
        } else if (flag(argv[i], "--keep") && has_value) {
            opts.keep = argv[++i];
        } else {
            std::cerr << "usage: ingest_bench [--files DIR] [--rules N] [--rules-file F] "
                         "[--ceiling 0|1] [--full 0|1] [--store 0|1] [--batch N] [--keep DIR] "
                         "[--rule-state STATE] [--delivery-threads N] [--detect 0|1] "
                         "[--insights 0|1]\n";
            return 2;
        }
    }
    if (!fs::is_directory(opts.files)) {
        std::cerr << opts.files
                  << ": no such directory; make it with bench/gen_cloudtrail_logs.py\n";
        return 2;
    }
    if (opts.ceiling && run_ceiling(opts) != 0) {
        return 1;
    }
    if (opts.full && run_full(opts) != 0) {
        return 1;
    }
    return 0;
}
