#include "app/ingest_runtime.h"

#include <spdlog/spdlog.h>

#include <ostream>
#include <thread>

#include "app/engine.h"
#include "app/record_pipeline.h"
#include "app/serve_lock.h"
#include "app/trail_store_feeder.h"
#include "insights/insight_service.h"
#include "notify/http_client.h"
#include "query/trail_store.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/outbox_store.h"
#include "trail/trail_service.h"

namespace tripline::app {

namespace {

// Requests stay well under the server's default 16 MiB request limit.
constexpr std::size_t kMaxPostBytes = 4 * 1024 * 1024;
constexpr int kPostAttempts = 5;

// The pipeline of this process: an Engine without the API listener.
class InProcessRuntime final : public IngestRuntime {
public:
    explicit InProcessRuntime(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
    ~InProcessRuntime() override { engine_->stop(); }

    trail::RecordSink& sink() override { return *engine_->state().records; }
    storage::Database& database() override { return *engine_->state().database; }
    bool via_server() const override { return false; }

    Status finish(std::chrono::seconds timeout) override {
        EngineState& state = engine_->state();
        if (state.insights) {
            state.insights->flush();  // the run's last minutes, in event time
        }
        Status loaded = state.trail_feeder ? state.trail_feeder->drain() : ok_status();
        if (state.trails) {
            state.trails->deliver_due(true);
        }
        storage::OutboxStore outbox(*state.database);
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            auto counts = outbox.counts();
            if (!counts || counts->pending + counts->in_flight == 0) {
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                spdlog::warn(
                    "{} alert deliveries still pending (retrying); `tripline serve` on this "
                    "data dir delivers them",
                    counts->pending + counts->in_flight);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        engine_->stop();
        return loaded;
    }

private:
    std::unique_ptr<Engine> engine_;
};

// Hands records to the server that holds the data dir (ingest_endpoint.h).
class ServerSink final : public trail::RecordSink {
public:
    explicit ServerSink(ServeInfo info) : info_(std::move(info)) {}

    Status accept(std::vector<event::CloudTrailRecord> records, trail::RecordOrigin) override {
        std::string body;
        for (const auto& record : records) {
            event::append_json(body, record);
            body += '\n';
            if (body.size() >= kMaxPostBytes) {
                TRIPLINE_TRY(post(body));
                body.clear();
            }
        }
        if (!body.empty()) {
            TRIPLINE_TRY(post(body));
        }
        return ok_status();
    }

private:
    Status post(const std::string& body) {
        const std::vector<notify::HttpHeader> headers = {{"Content-Type", "application/x-ndjson"},
                                                         {"X-Tripline-Token", info_.token}};
        notify::HttpResult result;
        for (int attempt = 1; attempt <= kPostAttempts; ++attempt) {
            result = client_.post(
                info_.url + "/_tripline/ingest", headers, body, std::chrono::seconds(120));
            if (result.success()) {
                return ok_status();
            }
            const bool retriable = result.status == 0 || result.status == 503;
            if (!retriable) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
        }
        return make_error(
            Errc::kUnavailable,
            "the server at " + info_.url + " refused the records: " +
                (result.error.empty() ? "HTTP " + std::to_string(result.status) + " " + result.body
                                      : result.error));
    }

    ServeInfo info_;
    notify::HttpClient client_;
};

class ServerRuntime final : public IngestRuntime {
public:
    ServerRuntime(ServeInfo info, std::unique_ptr<storage::Database> database)
        : sink_(std::move(info)), database_(std::move(database)) {}

    trail::RecordSink& sink() override { return sink_; }
    storage::Database& database() override { return *database_; }
    bool via_server() const override { return true; }
    // The server writes log files and delivers alerts on its own schedule.
    Status finish(std::chrono::seconds) override { return ok_status(); }

private:
    ServerSink sink_;
    std::unique_ptr<storage::Database> database_;
};

}  // namespace

Result<std::unique_ptr<IngestRuntime>> IngestRuntime::open(const Config& config,
                                                           Clock& clock,
                                                           std::ostream& out) {
    auto engine = std::make_unique<Engine>(config, clock, out, /*serve_api=*/false);
    Status started = engine->start();
    if (started) {
        return std::unique_ptr<IngestRuntime>(new InProcessRuntime(std::move(engine)));
    }
    if (started.error().code != Errc::kUnavailable) {
        return started.error();
    }
    const std::filesystem::path data_dir =
        std::filesystem::absolute(config.server.data_dir).lexically_normal();
    auto info = read_serve_info(data_dir);
    if (!info) {
        return make_error(Errc::kUnavailable,
                          started.error().message +
                              "; it is not a server accepting records: wait for it to finish");
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto database, storage::open_state_store(data_dir / "state.db"));
    spdlog::info("a tripline server (pid {}) holds {}: records go to it at {}",
                 info->pid,
                 data_dir.string(),
                 info->url);
    return std::unique_ptr<IngestRuntime>(new ServerRuntime(std::move(*info), std::move(database)));
}

}  // namespace tripline::app
