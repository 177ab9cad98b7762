#include "app/steps/steps.h"

namespace tripline::app::steps {

// Placeholder until the events service lands: registers nothing.
Status register_events_service(EngineState& /*state*/) { return ok_status(); }

}  // namespace tripline::app::steps
