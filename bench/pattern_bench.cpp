// Event-pattern matching throughput (docs/benchmarks.md): a RuleSet of 1, 100, 1,000 and 10,000
// realistic security rules over CloudTrail events in EventBridge envelopes, single thread, JSON
// parse included; plus the parse-only ceiling (simdjson over the same bytes).
//
// Workload (deterministic; git-ignored, generate once):
//   python3 ../shared/tools/gen_eventbridge_workload.py --out-dir bench/data --events 1000000
//       --rules 10000   (one command line)
// The bench reads DIR/events.jsonl and DIR/rules.jsonl where DIR is --data=DIR, else
// $TRIPLINE_BENCH_DATA, else bench/data of the source tree; it loads the first
// $TRIPLINE_BENCH_EVENTS events (default 200000) into memory. Without data it prints how to
// generate it and exits 0.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "pattern/rule_set.h"

namespace {

struct Workload {
    std::vector<std::string> events;
    std::vector<std::string> rules;
    std::size_t bytes = 0;
};

Workload& workload() {
    static Workload w;
    return w;
}

bool load_lines(const std::string& path, std::size_t limit, std::vector<std::string>& out) {
    std::ifstream in(path);
    if (!in) {
        return false;
    }
    std::string line;
    while (out.size() < limit && std::getline(in, line)) {
        if (!line.empty()) {
            out.push_back(line);
        }
    }
    return !out.empty();
}

std::shared_ptr<const tripline::pattern::RuleSet> build(std::size_t n) {
    tripline::pattern::RuleSet::Builder builder;
    const auto& rules = workload().rules;
    for (std::size_t i = 0; i < n && i < rules.size(); ++i) {
        if (!builder.add(i, rules[i])) {
            std::cerr << "rule " << i + 1 << " does not compile\n";
            std::exit(1);
        }
    }
    return std::move(builder).build();
}

void BM_RuleSetMatch(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    if (workload().rules.size() < n) {
        state.SkipWithError("not enough rules in rules.jsonl");
        return;
    }
    auto set = build(n);
    tripline::pattern::MatchContext context;
    const auto& events = workload().events;
    std::size_t matches = 0;
    std::size_t processed = 0;
    for (auto _ : state) {
        for (const std::string& e : events) {
            auto ids = set->match(e, context);
            matches += ids ? ids->size() : 0;
        }
        processed += events.size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(processed));
    state.SetBytesProcessed(static_cast<std::int64_t>(workload().bytes * state.iterations()));
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(processed), benchmark::Counter::kIsRate);
    state.counters["matches/event"] =
        static_cast<double>(matches) / static_cast<double>(std::max<std::size_t>(processed, 1));
    state.counters["branches"] = static_cast<double>(set->branch_count());
    state.counters["unindexed"] = static_cast<double>(set->unindexed_branch_count());
    state.counters["paths"] = static_cast<double>(set->paths().slot_count());
}
BENCHMARK(BM_RuleSetMatch)->Arg(1)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// Ceiling 1: simdjson's DOM parser (runtime-dispatched kernel) parsing every event fully.
void BM_ParseOnlyDom(benchmark::State& state) {
    simdjson::dom::parser parser;
    const auto& events = workload().events;
    std::size_t processed = 0;
    for (auto _ : state) {
        for (const std::string& e : events) {
            simdjson::dom::element doc;
            benchmark::DoNotOptimize(parser.parse(e).get(doc));
        }
        processed += events.size();
    }
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(processed), benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(workload().bytes * state.iterations()));
    state.SetLabel(simdjson::get_active_implementation()->name());
}
BENCHMARK(BM_ParseOnlyDom)->Unit(benchmark::kMillisecond);

// Ceiling 2: simdjson On-Demand (the kernel the matcher is compiled with) visiting every
// top-level field and skipping its value.
void BM_ParseOnlyOnDemand(benchmark::State& state) {
    simdjson::ondemand::parser parser;
    const auto& events = workload().events;
    std::vector<simdjson::padded_string> padded;
    padded.reserve(events.size());
    for (const std::string& e : events) {
        padded.emplace_back(e);
    }
    std::size_t processed = 0;
    for (auto _ : state) {
        for (const auto& e : padded) {
            simdjson::ondemand::document doc;
            if (parser.iterate(e).get(doc)) {
                continue;
            }
            simdjson::ondemand::object object;
            if (doc.get_object().get(object)) {
                continue;
            }
            std::size_t fields = 0;
            for (auto field : object) {
                std::string_view key;
                if (field.unescaped_key().get(key) == simdjson::SUCCESS) {
                    ++fields;
                }
            }
            benchmark::DoNotOptimize(fields);
        }
        processed += events.size();
    }
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(processed), benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(workload().bytes * state.iterations()));
    state.SetLabel(simdjson::builtin_implementation()->name());
}
BENCHMARK(BM_ParseOnlyOnDemand)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    std::string dir;
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.starts_with("--data=")) {
            dir = arg.substr(7);
        } else {
            rest.push_back(argv[i]);
        }
    }
    if (dir.empty() && std::getenv("TRIPLINE_BENCH_DATA") != nullptr) {
        dir = std::getenv("TRIPLINE_BENCH_DATA");
    }
    if (dir.empty()) {
        dir = TRIPLINE_BENCH_DEFAULT_DATA;
    }
    std::size_t limit = 200000;
    if (const char* n = std::getenv("TRIPLINE_BENCH_EVENTS")) {
        limit = static_cast<std::size_t>(std::strtoull(n, nullptr, 10));
    }
    Workload& w = workload();
    if (!load_lines(dir + "/events.jsonl", limit, w.events) ||
        !load_lines(dir + "/rules.jsonl", 10000, w.rules)) {
        std::cout << "pattern_bench: no workload in " << dir << "; generate it with\n"
                  << "  python3 ../shared/tools/gen_eventbridge_workload.py --out-dir " << dir
                  << " --events 1000000 --rules 10000\n";
        return 0;
    }
    for (const std::string& e : w.events) {
        w.bytes += e.size();
    }
    std::cout << "pattern_bench: " << w.events.size() << " events (" << w.bytes << " bytes), "
              << w.rules.size() << " rules from " << dir << "; simdjson kernels: On-Demand "
              << simdjson::builtin_implementation()->name() << ", DOM "
              << simdjson::get_active_implementation()->name() << "\n";
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
