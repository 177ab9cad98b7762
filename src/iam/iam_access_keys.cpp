// IamService: access keys. They are the identity store's rows, which the SigV4 verifier reads on
// every request: a key created here signs at once, a deactivated or deleted one fails at once.
#include "iam/iam_errors.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"
#include "storage/identity_store.h"

namespace tripline::iam {

namespace {

constexpr std::size_t kKeysPerUser = 2;

IamAccessKey from_store(const storage::AccessKey& k) {
    IamAccessKey out;
    out.user_name = k.user_name;
    out.access_key_id = k.access_key_id;
    out.status = std::string(storage::access_key_status_name(k.status));
    out.created = k.created_at;
    return out;
}

CodedError no_such_key(const std::string& key_id) {
    return iam_error("NoSuchEntity", "The Access Key with id " + key_id + " cannot be found.", 404);
}

}  // namespace

CodedResult<IamAccessKey> IamService::create_access_key(const std::string& account,
                                                        const std::string& user) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    if (!user.empty()) {
        auto u = store.get_user(account, user);
        if (!u) {
            return u.error().code == Errc::kNotFound ? no_such_entity("user", user)
                                                     : coded_internal(u.error());
        }
    }
    CODED_STORAGE(auto keys, store.list_access_keys(account, user));
    if (keys.size() >= kKeysPerUser) {
        return limit_exceeded("AccessKeysPerUser", static_cast<int>(kKeysPerUser));
    }
    storage::AccessKey key;
    key.access_key_id = new_access_key_id();
    key.secret_access_key = new_secret_access_key();
    key.account_id = account;
    key.user_name = user;
    key.status = storage::AccessKeyStatus::kActive;
    key.created_at = clock_.now();
    CODED_STORAGE_TRY(store.create_access_key(key));
    IamAccessKey out = from_store(key);
    out.secret_access_key = key.secret_access_key;
    return out;
}

CodedResult<std::vector<IamAccessKey>> IamService::list_access_keys(const std::string& account,
                                                                    const std::string& user) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    if (!user.empty()) {
        auto u = store.get_user(account, user);
        if (!u) {
            return u.error().code == Errc::kNotFound ? no_such_entity("user", user)
                                                     : coded_internal(u.error());
        }
    }
    CODED_STORAGE(auto keys, store.list_access_keys(account, user));
    std::vector<IamAccessKey> out;
    for (const auto& k : keys) {
        out.push_back(from_store(k));
    }
    return out;
}

CodedResult<bool> IamService::update_access_key(const std::string& account,
                                                const std::string& user,
                                                const std::string& key_id,
                                                const std::string& status) {
    std::lock_guard lock(mutex_);
    auto parsed = storage::parse_access_key_status(status);
    if (!parsed) {
        return validation_error("1 validation error detected: Value '" + status +
                                "' at 'status' failed to satisfy constraint: Member must satisfy "
                                "enum value set: [Active, Inactive]");
    }
    storage::IdentityStore store(db_);
    auto key = store.find_access_key(key_id);
    if (!key || key->account_id != account || key->user_name != user) {
        return no_such_key(key_id);
    }
    CODED_STORAGE_TRY(store.set_access_key_status(key_id, *parsed));
    changed();
    return true;
}

CodedResult<bool> IamService::delete_access_key(const std::string& account,
                                                const std::string& user,
                                                const std::string& key_id) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    auto key = store.find_access_key(key_id);
    if (!key || key->account_id != account || key->user_name != user) {
        return no_such_key(key_id);
    }
    CODED_STORAGE_TRY(store.delete_access_key(key_id));
    changed();
    return true;
}

CodedResult<AccessKeyLastUsed> IamService::access_key_last_used(const std::string& account,
                                                                const std::string& key_id) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    auto key = store.find_access_key(key_id);
    if (!key || key->account_id != account) {
        return iam_error(
            "AccessDenied", "The access key " + key_id + " does not belong to this account.", 403);
    }
    AccessKeyLastUsed out;
    out.user_name = key->user_name.empty() ? "root" : key->user_name;
    if (key->last_used) {
        out.at = key->last_used->at;
        out.service = key->last_used->service;
        out.region = key->last_used->region;
    }
    return out;
}

}  // namespace tripline::iam
