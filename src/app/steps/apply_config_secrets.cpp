// Start-up: the config's KMS keys and secrets through the services' own calls. A key is found by
// its alias (created with fresh material when missing; enabled or disabled as declared); a secret
// is created when missing, restored when it was scheduled for deletion, and given a new
// AWSCURRENT version when the declared value differs. Values are never logged.
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "app/steps/steps.h"
#include "kms/key_service.h"
#include "secrets/secret_service.h"

namespace tripline::app::steps {

namespace {

Status failed(const TextSpan& where, const std::string& what, const CodedError& error) {
    return make_error(
        Errc::kInvalidArgument, what + ": " + error.code + ": " + error.message, where);
}

kms::KmsScope scope_of(const EngineState& state,
                       const std::string& account,
                       const std::string& region) {
    const Config& config = state.config;
    return kms::KmsScope{account.empty() ? (config.accounts.empty() ? std::string(kDefaultAccountId)
                                                                    : config.accounts.front().id)
                                         : account,
                         region.empty() ? config.server.region : region};
}

Status apply_key(EngineState& state, const KmsKeyConfig& declared) {
    const kms::KmsScope scope = scope_of(state, declared.account, declared.region);
    auto key = state.kms_keys->describe_key(scope, declared.alias);
    if (!key) {
        if (key.error().code != "NotFoundException") {
            return failed(declared.where, "key " + declared.alias, key.error());
        }
        key = state.kms_keys->create_key(scope,
                                         declared.description,
                                         "ENCRYPT_DECRYPT",
                                         "SYMMETRIC_DEFAULT",
                                         nlohmann::json::array());
        if (!key) {
            return failed(declared.where, "key " + declared.alias, key.error());
        }
        // An alias left pointing at a deleted key is moved to the new one.
        (void)state.kms_keys->delete_alias(scope, declared.alias);
        if (auto alias = state.kms_keys->create_alias(scope, declared.alias, key->id); !alias) {
            return failed(declared.where, "alias " + declared.alias, alias.error());
        }
        spdlog::info("config: created KMS key {} ({})", declared.alias, key->arn);
    }
    if (key->state == "PendingDeletion") {
        spdlog::warn("config: KMS key {} is pending deletion; cancel it to use the key",
                     declared.alias);
        return ok_status();
    }
    if ((key->state == "Enabled") != declared.enabled) {
        if (auto set = state.kms_keys->set_enabled(scope, key->id, declared.enabled); !set) {
            return failed(declared.where, "key " + declared.alias, set.error());
        }
    }
    return ok_status();
}

Status apply_secret(EngineState& state, const SecretConfig& declared) {
    const kms::KmsScope scope = scope_of(state, declared.account, declared.region);
    secrets::SecretInput input;
    if (declared.value) {
        input.value = *declared.value;
    } else {
        const char* env = std::getenv(declared.value_from_env.c_str());
        if (env == nullptr) {
            return make_error(Errc::kInvalidArgument,
                              "secret " + declared.name + ": environment variable " +
                                  declared.value_from_env + " is not set",
                              declared.where);
        }
        input.value = std::string(env);
    }
    auto existing = state.secrets->describe(scope, declared.name);
    if (!existing) {
        if (existing.error().code != "ResourceNotFoundException") {
            return failed(declared.where, "secret " + declared.name, existing.error());
        }
        auto created = state.secrets->create(scope,
                                             declared.name,
                                             declared.description,
                                             declared.kms_key,
                                             input,
                                             nlohmann::json::array());
        if (!created) {
            return failed(declared.where, "secret " + declared.name, created.error());
        }
        spdlog::info("config: created secret {}", created->arn);
        return ok_status();
    }
    if (existing->deletion_date) {
        if (auto restored = state.secrets->restore(scope, declared.name); !restored) {
            return failed(declared.where, "secret " + declared.name, restored.error());
        }
        spdlog::info("config: restored secret {} (it was scheduled for deletion)", existing->arn);
    }
    auto current = state.secrets->get_value(scope, declared.name, "", "AWSCURRENT");
    if (current && current->value == *input.value) {
        return ok_status();
    }
    if (auto put = state.secrets->put_value(scope, declared.name, input); !put) {
        return failed(declared.where, "secret " + declared.name, put.error());
    }
    spdlog::info("config: secret {} has a new current value", existing->arn);
    return ok_status();
}

}  // namespace

Status apply_config_secrets(EngineState& state) {
    for (const KmsKeyConfig& key : state.config.kms_keys) {
        TRIPLINE_TRY(apply_key(state, key));
    }
    for (const SecretConfig& secret : state.config.secrets) {
        TRIPLINE_TRY(apply_secret(state, secret));
    }
    return ok_status();
}

}  // namespace tripline::app::steps
