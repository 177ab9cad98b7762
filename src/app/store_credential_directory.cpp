#include "app/store_credential_directory.h"

#include <spdlog/spdlog.h>

namespace tripline::app {

std::optional<api::Credential> StoreCredentialDirectory::find(std::string_view access_key_id) {
    if (access_key_id.starts_with("ASIA")) {
        // Temporary credentials: a role session (AssumeRole) or a user's (GetSessionToken).
        auto session = iam_.find_session(std::string(access_key_id));
        if (!session) {
            return std::nullopt;
        }
        api::Credential credential;
        credential.secret_access_key = session->secret_access_key;
        credential.session_token = session->session_token;
        credential.expires = session->expiration;
        api::Principal& p = credential.principal;
        if (!session->user_name.empty() || session->role_arn.empty()) {
            // GetSessionToken: the user (or root) itself, with the session's MFA state.
            p.type = session->user_name.empty() ? "Root" : "IAMUser";
            p.account_id = session->account_id;
            p.arn = session->user_arn;
            p.principal_id = session->user_name.empty() ? session->account_id : session->user_id;
            p.user_name = session->user_name;
            p.access_key_id = session->access_key_id;
            p.mfa_authenticated = session->mfa_authenticated;
            p.session_created = session->created;
            return credential;
        }
        p.type = "AssumedRole";
        p.account_id = session->account_id;
        p.arn = session->assumed_role_arn;
        p.principal_id = session->role_id + ":" + session->session_name;
        p.access_key_id = session->access_key_id;
        p.mfa_authenticated = session->mfa_authenticated;
        p.session_issuer_arn = session->role_arn;
        p.session_issuer_id = session->role_id;
        p.session_issuer_name = session->role_name;
        p.session_created = session->created;
        return credential;
    }
    auto key = store_.find_access_key(access_key_id);
    if (!key) {
        if (key.error().code != Errc::kNotFound) {
            spdlog::error("access key lookup failed: {}", key.error().message);
        }
        return std::nullopt;
    }
    api::Credential credential;
    credential.secret_access_key = key->secret_access_key;
    credential.active = key->status == storage::AccessKeyStatus::kActive;
    credential.principal.account_id = key->account_id;
    credential.principal.access_key_id = key->access_key_id;
    if (key->user_name.empty()) {
        credential.principal.type = "Root";
        credential.principal.arn = "arn:aws:iam::" + key->account_id + ":root";
        credential.principal.principal_id = key->account_id;
        return credential;
    }
    auto user = store_.get_user(key->account_id, key->user_name);
    if (!user) {
        return std::nullopt;
    }
    credential.principal.type = "IAMUser";
    credential.principal.arn = user->arn;
    credential.principal.principal_id = user->user_id;
    credential.principal.user_name = user->user_name;
    return credential;
}

void StoreCredentialDirectory::record_use(std::string_view access_key_id,
                                          TimePoint at,
                                          std::string_view service,
                                          std::string_view region) {
    if (access_key_id.starts_with("ASIA")) {
        return;  // sessions are not access keys: GetAccessKeyLastUsed does not know them
    }
    {
        std::lock_guard lock(mutex_);
        auto it = last_written_.find(access_key_id);
        if (it != last_written_.end() && at - it->second < std::chrono::minutes(1)) {
            return;
        }
        last_written_[std::string(access_key_id)] = at;
    }
    if (auto st = store_.record_access_key_use(access_key_id, at, service, region); !st) {
        spdlog::warn(
            "cannot record last use of access key {}: {}", access_key_id, st.error().message);
    }
}

}  // namespace tripline::app
