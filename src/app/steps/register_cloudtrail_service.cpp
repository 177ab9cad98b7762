#include <memory>

#include "api/api_dispatcher.h"
#include "api/services/cloudtrail/cloudtrail_service.h"
#include "app/steps/steps.h"

namespace tripline::app::steps {

// Serves CloudTrail's API over the trails, the trail store (LookupEvents) and the digest keys
// (ListPublicKeys) that open_trail_store/open_trails built.
Status register_cloudtrail_service(EngineState& state) {
    state.dispatcher->add_service(std::make_unique<api::services::CloudTrailService>(
        *state.trails, state.trail_store.get(), *state.digest_keys));
    return ok_status();
}

}  // namespace tripline::app::steps
