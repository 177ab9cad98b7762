#include <memory>

#include "api/api_dispatcher.h"
#include "api/services/events/events_service.h"
#include "app/steps/steps.h"
#include "bus/api_destinations.h"
#include "bus/bus_service.h"
#include "notify/delivery_worker.h"

namespace tripline::app::steps {

// Builds the event buses (rule sets compiled from the state store) and serves the EventBridge API.
// on_enqueued wakes the delivery worker once it exists; until then target invocations wait in the
// outbox for its first poll.
Status register_events_service(EngineState& state) {
    bus::BusServiceOptions options;
    options.on_enqueued = [&state] {
        if (state.delivery) {
            state.delivery->wake();
        }
    };
    state.buses =
        std::make_unique<bus::BusService>(*state.database, *state.clock, std::move(options));
    TRIPLINE_TRY(state.buses->load());
    state.api_destinations = std::make_unique<bus::ApiDestinations>(*state.database, *state.clock);
    state.dispatcher->add_service(
        std::make_unique<api::services::EventsService>(*state.buses, state.api_destinations.get()));
    return ok_status();
}

}  // namespace tripline::app::steps
