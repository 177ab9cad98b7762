// Event dispatch throughput of the bus (docs/benchmarks.md): events through BusService::dispatch —
// rule matching on the bus's compiled snapshot, input rendering, and one outbox row per matched
// (rule, target) written in ONE SQLite transaction per call (synchronous=FULL, a real file in a
// temporary directory) — with 1,000 rules of which a few match each event.
//
// Rules: 997 rules {"source":["aws.<svc>"],"detail":{"eventName":["Op<i>"]}} (one matches each
// event), plus 3 broad rules (source prefix, a numeric range, an anything-but), each with one SNS
// target; one of the broad rules uses an input transformer. So each event matches 3–4 rules.
// Benchmarks: batches of 1 and 10 events per call (PutEvents carries up to 10), and events that
// match nothing (no transaction: the matching ceiling).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/clock.h"
#include "bus/bus_service.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace {

using tripline::bus::BusEvent;
using tripline::bus::BusService;

constexpr int kRules = 1000;
constexpr int kNamedRules = kRules - 3;
constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "us-east-1";

struct Fixture {
    std::filesystem::path dir;
    std::unique_ptr<tripline::storage::Database> db;
    std::unique_ptr<BusService> bus;
    std::vector<std::string> matching;  // events matching 3-4 rules
    std::vector<std::string> silent;    // events matching none
};

std::string service_of(int i) {
    static const char* kServices[] = {"sts", "iam", "s3", "ec2", "cloudtrail", "kms", "guardduty"};
    return kServices[i % 7];
}

std::string make_event(int n, const std::string& source, const std::string& name) {
    return R"({"version":"0","id":"00000000-0000-4000-8000-)" + std::to_string(100000000000 + n) +
           R"(","detail-type":"AWS API Call via CloudTrail","source":")" + source +
           R"(","account":"123456789012","time":"2026-11-22T08:00:00Z","region":"us-east-1",)"
           R"("resources":[],"detail":{"eventVersion":"1.11","eventSource":"x.amazonaws.com",)"
           R"("eventName":")" +
           name +
           R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",)"
           R"("userAgent":"aws-cli/2.9.19","readOnly":false,"eventType":"AwsApiCall",)"
           R"("managementEvent":true,"eventCategory":"Management","recipientAccountId":)"
           R"("123456789012","userIdentity":{"type":"IAMUser","accountId":"123456789012",)"
           R"("arn":"arn:aws:iam::123456789012:user/alice","userName":"alice"},)"
           R"("requestParameters":{"bucketName":"b","key":"k"},"responseElements":null,)"
           R"("risk":)" +
           std::to_string(n % 10) + "}}";
}

Fixture& fixture() {
    static Fixture* f = [] {
        auto* fx = new Fixture;
        fx->dir = std::filesystem::temp_directory_path() /
                  ("tripline-bus-bench-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(fx->dir);
        fx->db = std::move(tripline::storage::open_state_store(fx->dir / "state.db")).value();
        fx->bus = std::make_unique<BusService>(*fx->db, tripline::SystemClock::instance());
        tripline::bus::Scope scope{kAccount, kRegion};
        auto add = [&](const std::string& name, const std::string& pattern, const std::string& t) {
            tripline::bus::RuleSpec spec;
            spec.name = name;
            spec.event_pattern = pattern;
            if (!fx->bus->put_rule(scope, spec) || !fx->bus->put_targets(scope, "", name, {t})) {
                std::abort();
            }
        };
        const std::string topic = R"({"Id":"1","Arn":"arn:aws:sns:us-east-1:123456789012:alerts"})";
        for (int i = 0; i < kNamedRules; ++i) {
            add("named-" + std::to_string(i),
                R"({"source":["aws.)" + service_of(i) + R"("],"detail":{"eventName":["Op)" +
                    std::to_string(i) + R"("]}})",
                topic);
        }
        add("broad-prefix", R"({"source":[{"prefix":"aws."}]})", topic);
        add("broad-numeric",
            R"({"detail":{"risk":[{"numeric":[">=",0]}]}})",
            R"({"Id":"1","Arn":"arn:aws:sns:us-east-1:123456789012:alerts","InputTransformer":)"
            R"({"InputPathsMap":{"who":"$.detail.userIdentity.arn","op":"$.detail.eventName"},)"
            R"("InputTemplate":"\"<who> called <op>\""}})");
        add("broad-anything-but",
            R"({"detail":{"sourceIPAddress":[{"anything-but":["10.0.0.1"]}]}})",
            topic);
        for (int n = 0; n < 10000; ++n) {
            const int i = n % kNamedRules;
            fx->matching.push_back(make_event(n, "aws." + service_of(i), "Op" + std::to_string(i)));
            fx->silent.push_back(R"({"version":"0","id":"s)" + std::to_string(n) +
                                 R"(","detail-type":"Other","source":"custom.app",)"
                                 R"("account":"123456789012","time":"2026-11-22T08:00:00Z",)"
                                 R"("region":"us-east-1","resources":[],"detail":{"n":1}})");
        }
        // Compile the snapshot outside the timed loops (an event that matches nothing).
        BusEvent warm{kAccount, kRegion, "default", fx->silent.front()};
        if (!fx->bus->dispatch({&warm, 1})) {
            std::abort();
        }
        return fx;
    }();
    return *f;
}

void run(benchmark::State& state, const std::vector<std::string>& events) {
    Fixture& f = fixture();
    const auto batch = static_cast<std::size_t>(state.range(0));
    std::vector<BusEvent> calls(batch);
    std::size_t next = 0;
    std::size_t enqueued = 0;
    for (auto _ : state) {
        for (auto& e : calls) {
            e = {kAccount, kRegion, "default", events[next++ % events.size()]};
        }
        auto stats = f.bus->dispatch(calls);
        if (!stats) {
            state.SkipWithError(stats.error().message.c_str());
            return;
        }
        enqueued += stats->enqueued;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
    state.counters["outbox_rows_per_event"] =
        static_cast<double>(enqueued) / static_cast<double>(state.iterations() * batch);
}

void BM_DispatchMatching(benchmark::State& state) { run(state, fixture().matching); }
void BM_DispatchNoMatch(benchmark::State& state) { run(state, fixture().silent); }

BENCHMARK(BM_DispatchMatching)->Arg(1)->Arg(10)->UseRealTime();
BENCHMARK(BM_DispatchNoMatch)->Arg(1)->Arg(10)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    Fixture& f = fixture();
    f.bus.reset();
    f.db.reset();
    std::error_code ignored;
    std::filesystem::remove_all(f.dir, ignored);
    return 0;
}
