#include "app/engine.h"

#include <spdlog/spdlog.h>

#include "api/api_dispatcher.h"
#include "api/http_server.h"
#include "api/request_router.h"
#include "app/steps/steps.h"
#include "bus/bus_service.h"
#include "notify/delivery_worker.h"
#include "notify/queue_service.h"
#include "notify/topic_service.h"
#include "storage/database.h"
#include "storage/identity_store.h"

#ifndef TRIPLINE_VERSION
#define TRIPLINE_VERSION "0.0.0"
#endif

namespace tripline::app {

std::string tripline_version() { return TRIPLINE_VERSION; }

Engine::Engine(Config config, Clock& clock, std::ostream& out) {
    state_.config = std::move(config);
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
        steps::start_api_server,
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
    if (state_.http) {
        spdlog::info("stopping: draining in-flight API requests");
        state_.http->stop();
        state_.http.reset();
    }
    state_.router.reset();
    state_.dispatcher.reset();
    state_.authenticator.reset();
    state_.record_sink.reset();
    state_.credentials.reset();
    state_.identities.reset();
    if (state_.database) {
        state_.database.reset();
        spdlog::info("state store closed");
    }
    started_ = false;
}

int Engine::api_port() const { return state_.http ? state_.http->port() : 0; }

}  // namespace tripline::app
