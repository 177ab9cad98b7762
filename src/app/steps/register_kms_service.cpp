#include "api/api_dispatcher.h"
#include "api/services/kms/kms_service.h"
#include "api/services/secretsmanager/secrets_service.h"
#include "app/steps/steps.h"
#include "kms/key_service.h"
#include "secrets/secret_service.h"

namespace tripline::app::steps {

Status register_kms_service(EngineState& state) {
    state.kms_keys = std::make_unique<kms::KeyService>(*state.database, *state.clock);
    state.dispatcher->add_service(std::make_unique<api::services::KmsService>(*state.kms_keys));
    // Secrets Manager seals its values with this KMS.
    state.secrets =
        std::make_unique<secrets::SecretService>(*state.database, *state.clock, *state.kms_keys);
    state.dispatcher->add_service(
        std::make_unique<api::services::SecretsManagerService>(*state.secrets));
    return ok_status();
}

}  // namespace tripline::app::steps
