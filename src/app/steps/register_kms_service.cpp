#include "api/api_dispatcher.h"
#include "api/services/kms/kms_service.h"
#include "app/steps/steps.h"
#include "kms/key_service.h"

namespace tripline::app::steps {

Status register_kms_service(EngineState& state) {
    state.kms_keys = std::make_unique<kms::KeyService>(*state.database, *state.clock);
    state.dispatcher->add_service(std::make_unique<api::services::KmsService>(*state.kms_keys));
    return ok_status();
}

}  // namespace tripline::app::steps
