#include "app/steps/steps.h"

namespace tripline::app::steps {

// Placeholder until the sqs service lands: registers nothing.
Status register_sqs_service(EngineState& /*state*/) { return ok_status(); }

}  // namespace tripline::app::steps
