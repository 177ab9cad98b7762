#include "app/steps/steps.h"

namespace tripline::app::steps {

// Placeholder until the sns service lands: registers nothing.
Status register_sns_service(EngineState& /*state*/) { return ok_status(); }

}  // namespace tripline::app::steps
