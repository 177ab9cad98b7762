#include "app/engine.h"

#include <spdlog/spdlog.h>

#include "api/api_dispatcher.h"
#include "api/authorizer.h"
#include "api/http_server.h"
#include "api/request_router.h"
#include "app/api_destination_caller.h"
#include "app/delivery_metrics.h"
#include "app/record_pipeline.h"
#include "app/serve_lock.h"
#include "app/steps/steps.h"
#include "app/trail_log_forwarder.h"
#include "app/trail_store_feeder.h"
#include "app/trail_ticker.h"
#include "athena/athena_service.h"
#include "bus/bus_service.h"
#include "detect/detect_service.h"
#include "discover/macie_service.h"
#include "ec2/network_service.h"
#include "iam/iam_service.h"
#include "insights/insight_service.h"
#include "kms/key_service.h"
#include "logs/log_service.h"
#include "metrics/alarm_service.h"
#include "metrics/metric_service.h"
#include "notify/delivery_handler.h"
#include "notify/delivery_worker.h"
#include "notify/message_signer.h"
#include "notify/queue_service.h"
#include "notify/topic_service.h"
#include "query/athena_engine.h"
#include "query/trail_store.h"
#include "secrets/secret_service.h"
#include "storage/bucket_store.h"
#include "storage/database.h"
#include "storage/identity_store.h"
#include "storage/resource_store.h"
#include "trail/digest_keys.h"
#include "trail/log_delivery.h"
#include "trail/trail_service.h"

#ifndef TRIPLINE_VERSION
#define TRIPLINE_VERSION "0.0.0"
#endif

namespace tripline::app {

std::string tripline_version() { return TRIPLINE_VERSION; }

Engine::Engine(Config config, Clock& clock, std::ostream& out, bool serve_api) {
    state_.config = std::move(config);
    state_.serve_api = serve_api;
    state_.clock = &clock;
    state_.out = &out;
}

Engine::~Engine() { stop(); }

Status Engine::start() {
    using Step = Status (*)(EngineState&);
    static constexpr Step kSteps[] = {
        steps::prepare_data_dir,
        steps::open_state_store,
        steps::apply_config_identities,
        steps::bootstrap_lab_credentials,
        steps::open_record_journal,
        steps::open_trail_store,
        steps::open_trails,
        steps::open_insights,
        steps::open_message_signer,
        steps::create_delivery_worker,
        steps::start_api_server,
        steps::start_delivery,
        steps::start_trail_delivery,
    };
    for (Step step : kSteps) {
        Status status = step(state_);
        if (!status) {
            stop();
            return status;
        }
    }
    started_ = true;
    return ok_status();
}

void Engine::stop() {
    if (state_.queues) {
        state_.queues->shutdown();  // releases long-polling ReceiveMessage calls
    }
    if (state_.http) {
        spdlog::info("stopping: draining in-flight API requests");
        state_.http->stop();
        state_.http.reset();
    }
    if (state_.athena) {
        state_.athena->stop();  // interrupts running queries
    }
    if (state_.macie) {
        state_.macie->stop();  // finishes the object being scanned; the run resumes on restart
    }
    if (state_.trail_ticker) {
        spdlog::info("stopping: writing buffered trail log files");
        state_.trail_ticker->stop();
        state_.trail_ticker.reset();
    }
    if (state_.trail_feeder) {
        state_.trail_feeder->stop();
    }
    if (state_.delivery) {
        spdlog::info("stopping: finishing deliveries in progress");
        state_.delivery->stop();
    }
    if (state_.delivery_metrics) {
        state_.delivery_metrics->flush();  // deliveries finished after the ticker stopped
    }
    state_.router.reset();
    state_.dispatcher.reset();
    state_.authenticator.reset();
    // The pipeline (record_sink) is still alive here: it stops feeding Insights first.
    if (state_.insights) {
        if (state_.records) {
            state_.records->set_insights(nullptr);
        }
        if (auto saved = state_.insights->save_all(); !saved) {
            spdlog::warn("Insights: cannot save their state: {}", saved.error().to_string());
        }
        state_.insights.reset();
    }
    state_.record_sink.reset();
    state_.detect.reset();
    state_.macie.reset();
    state_.trail_log_forwarder.reset();
    state_.athena.reset();
    state_.athena_engine.reset();
    state_.alarms.reset();
    state_.delivery_metrics.reset();
    state_.metrics.reset();
    state_.logs.reset();
    state_.trails.reset();
    state_.log_delivery.reset();
    state_.trail_resources.reset();
    state_.digest_keys.reset();
    state_.trail_feeder.reset();
    state_.trail_store.reset();
    state_.delivery.reset();
    state_.delivery_handlers.clear();
    state_.api_destination_caller.reset();
    state_.signer.reset();
    state_.buses.reset();
    state_.api_destinations.reset();
    state_.topics.reset();
    state_.queues.reset();
    state_.credentials.reset();
    state_.identities.reset();
    state_.buckets.reset();
    if (state_.database) {
        state_.database.reset();
        spdlog::info("state store closed");
    }
    state_.data_dir_lock.reset();
    started_ = false;
}

int Engine::api_port() const { return state_.http ? state_.http->port() : 0; }

}  // namespace tripline::app
