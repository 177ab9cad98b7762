#include <memory>

#include "api/api_dispatcher.h"
#include "api/services/macie2/macie2_service.h"
#include "app/record_pipeline.h"
#include "app/steps/steps.h"
#include "bus/bus_arns.h"
#include "bus/bus_service.h"
#include "discover/macie_service.h"
#include "storage/bucket_store.h"

namespace tripline::app::steps {

Status register_macie_service(EngineState& state) {
    if (!state.buckets) {
        return make_error(Errc::kInternal, "Macie needs the S3 bucket store");
    }
    state.macie =
        std::make_unique<discover::MacieService>(*state.database, *state.buckets, *state.clock);
    // Findings go to their account's default bus as "Macie Finding" events (macie.md §13).
    state.macie->set_publisher(
        [&state](const std::vector<discover::MacieFindingEvent>& findings) -> Status {
            if (!state.buses) {
                return make_error(Errc::kUnavailable, "the event bus is not running");
            }
            std::vector<bus::BusEvent> events;
            events.reserve(findings.size());
            for (const discover::MacieFindingEvent& finding : findings) {
                bus::BusEvent event;
                event.account_id = finding.account_id;
                event.region = finding.region;
                event.bus_name = std::string(bus::kDefaultBusName);
                event.event_json = finding.event_json;
                events.push_back(std::move(event));
            }
            TRIPLINE_TRY(state.buses->dispatch(events));
            return ok_status();
        });
    TRIPLINE_TRY(apply_macie_config(state));
    if (state.records != nullptr) {
        state.records->set_macie(state.macie.get());
    }
    state.dispatcher->add_service(std::make_unique<api::services::Macie2Service>(*state.macie));
    // Jobs left running by a previous run resume where they stopped; owed events go out.
    state.macie->start();
    return ok_status();
}

}  // namespace tripline::app::steps
