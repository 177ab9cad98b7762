#include "api/api_dispatcher.h"
#include "api/services/athena/athena_api.h"
#include "app/steps/steps.h"
#include "athena/athena_service.h"
#include "query/athena_engine.h"
#include "query/trail_store.h"

namespace tripline::app::steps {

Status register_athena_service(EngineState& state) {
    if (!state.trail_store) {
        return ok_status();  // nothing to query
    }
    const AthenaConfig& config = state.config.athena;
    query::athena::EngineOptions engine_options;
    engine_options.timeout = std::chrono::seconds(config.query_timeout_seconds);
    engine_options.limits.max_rows = config.max_result_rows;
    state.athena_engine =
        std::make_unique<query::athena::AthenaEngine>(*state.trail_store, engine_options);
    athena::AthenaOptions options;
    options.workers = static_cast<int>(config.workers);
    options.default_output_location = config.output_location;
    state.athena = std::make_unique<athena::AthenaService>(
        *state.database, *state.buckets, *state.athena_engine, *state.clock, options);
    TRIPLINE_TRY(state.athena->start());
    state.dispatcher->add_service(std::make_unique<api::services::AthenaApi>(*state.athena));
    return ok_status();
}

}  // namespace tripline::app::steps
