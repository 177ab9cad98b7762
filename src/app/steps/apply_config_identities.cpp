#include <spdlog/spdlog.h>

#include "app/steps/steps.h"
#include "iam/identity_names.h"
#include "storage/identity_store.h"

namespace tripline::app::steps {

namespace {

Status ensure_user(storage::IdentityStore& store,
                   const std::string& account_id,
                   const UserConfig& user,
                   TimePoint now) {
    auto existing = store.get_user(account_id, user.name);
    if (existing) {
        return ok_status();
    }
    if (existing.error().code != Errc::kNotFound) {
        return unexpected(existing.error());
    }
    storage::User record;
    record.account_id = account_id;
    record.user_name = user.name;
    record.user_id = iam::new_user_id();
    record.path = user.path;
    record.arn = iam::user_arn(account_id, user.path, user.name);
    record.created_at = now;
    TRIPLINE_TRY(store.create_user(record));
    spdlog::info("created IAM user {} from the config", record.arn);
    return ok_status();
}

Status ensure_access_key(storage::IdentityStore& store,
                         const std::string& account_id,
                         const UserConfig& user,
                         const AccessKeyConfig& key,
                         TimePoint now) {
    TRIPLINE_ASSIGN_OR_RETURN(storage::AccessKeyStatus status,
                              storage::parse_access_key_status(key.status));
    auto existing = store.find_access_key(key.access_key_id);
    if (existing) {
        if (existing->account_id != account_id || existing->user_name != user.name) {
            return make_error(Errc::kFailedPrecondition,
                              key.where.to_string() + ": access key " + key.access_key_id +
                                  " already belongs to " + existing->account_id + "/" +
                                  existing->user_name + " in the state store");
        }
        if (existing->secret_access_key != key.secret_access_key) {
            // The config is the source of truth for keys it declares: replace the stored secret.
            TRIPLINE_TRY(store.delete_access_key(key.access_key_id));
        } else {
            if (existing->status != status) {
                TRIPLINE_TRY(store.set_access_key_status(key.access_key_id, status));
            }
            return ok_status();
        }
    } else if (existing.error().code != Errc::kNotFound) {
        return unexpected(existing.error());
    }
    storage::AccessKey record;
    record.access_key_id = key.access_key_id;
    record.secret_access_key = key.secret_access_key;
    record.account_id = account_id;
    record.user_name = user.name;
    record.status = status;
    record.created_at = now;
    return store.create_access_key(record);
}

}  // namespace

Status apply_config_identities(EngineState& state) {
    storage::IdentityStore& store = *state.identities;
    TimePoint now = state.clock->now();
    for (const AccountConfig& account : state.config.accounts) {
        TRIPLINE_TRY(store.put_account(account.id, account.alias, now));
        for (const UserConfig& user : account.users) {
            TRIPLINE_TRY(ensure_user(store, account.id, user, now));
            for (const AccessKeyConfig& key : user.access_keys) {
                TRIPLINE_TRY(ensure_access_key(store, account.id, user, key, now));
            }
        }
    }
    return apply_config_iam(state);
}

}  // namespace tripline::app::steps
