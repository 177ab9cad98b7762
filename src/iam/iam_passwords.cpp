// IamService: console passwords (login profiles) and the account password policy.
#include <algorithm>
#include <cctype>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/password_hash.h"
#include "storage/identity_store.h"

namespace tripline::iam {

namespace {

constexpr const char* kPolicyType = "iam:password-policy";
constexpr const char* kSymbols = "!@#$%^&*()_+-=[]{}|'";

CodedError violation(const std::string& message) {
    return iam_error("PasswordPolicyViolation", message, 400);
}

nlohmann::json policy_json(const PasswordPolicy& p) {
    return {{"minimumLength", p.minimum_length},
            {"requireSymbols", p.require_symbols},
            {"requireNumbers", p.require_numbers},
            {"requireUppercase", p.require_uppercase},
            {"requireLowercase", p.require_lowercase},
            {"allowUsersToChange", p.allow_users_to_change},
            {"maxAgeDays", p.max_age_days},
            {"reusePrevention", p.reuse_prevention},
            {"hardExpiry", p.hard_expiry}};
}

PasswordPolicy policy_from(const nlohmann::json& d) {
    PasswordPolicy p;
    p.minimum_length = d.value("minimumLength", 8);
    p.require_symbols = d.value("requireSymbols", false);
    p.require_numbers = d.value("requireNumbers", false);
    p.require_uppercase = d.value("requireUppercase", false);
    p.require_lowercase = d.value("requireLowercase", false);
    p.allow_users_to_change = d.value("allowUsersToChange", false);
    p.max_age_days = d.value("maxAgeDays", 0);
    p.reuse_prevention = d.value("reusePrevention", 0);
    p.hard_expiry = d.value("hardExpiry", false);
    return p;
}

bool any_of_kind(const std::string& s, int (*pred)(int)) {
    return std::any_of(
        s.begin(), s.end(), [&](char c) { return pred(static_cast<unsigned char>(c)) != 0; });
}

bool has_symbol(const std::string& s) { return s.find_first_of(kSymbols) != std::string::npos; }

CodedResult<bool> check_against(const PasswordPolicy& p, const std::string& password) {
    if (static_cast<int>(password.size()) < p.minimum_length) {
        return violation("Password should have a minimum length of " +
                         std::to_string(p.minimum_length));
    }
    if (p.require_lowercase && !any_of_kind(password, ::islower)) {
        return violation("Password should have at least one lowercase letter");
    }
    if (p.require_uppercase && !any_of_kind(password, ::isupper)) {
        return violation("Password should have at least one uppercase letter");
    }
    if (p.require_numbers && !any_of_kind(password, ::isdigit)) {
        return violation("Password should have at least one number");
    }
    if (p.require_symbols && !has_symbol(password)) {
        return violation("Password should have at least one symbol");
    }
    return true;
}

}  // namespace

CodedResult<bool> IamService::check_password(const std::string& account,
                                             const std::string& password) {
    if (password.size() > 128) {
        return violation("Password should have a maximum length of 128");
    }
    auto doc = load(account, kPolicyType, "account");
    if (!doc) {
        return doc.error();
    }
    if (!doc->is_null()) {
        return check_against(policy_from(*doc), password);
    }
    // No policy set: AWS's default - 8 characters and three of the four character kinds.
    int kinds = static_cast<int>(any_of_kind(password, ::islower)) +
                static_cast<int>(any_of_kind(password, ::isupper)) +
                static_cast<int>(any_of_kind(password, ::isdigit)) +
                static_cast<int>(has_symbol(password));
    if (password.size() < 8 || kinds < 3) {
        return violation(
            "Password does not conform to the account password policy: at least 8 characters and "
            "three of uppercase letters, lowercase letters, numbers and symbols.");
    }
    return true;
}

CodedResult<LoginProfile> IamService::create_login_profile(const std::string& account,
                                                           const std::string& user,
                                                           const std::string& password,
                                                           bool reset_required) {
    std::lock_guard lock(mutex_);
    auto u = get_user(account, user);
    if (!u) {
        return u.error();
    }
    auto doc = load(account, "iam:user", user);
    if (!doc) {
        return doc.error();
    }
    nlohmann::json d = doc->is_null() ? nlohmann::json::object() : *doc;
    if (d.contains("loginProfile")) {
        return already_exists("Login Profile for user " + user + " already exists.");
    }
    if (auto ok = check_password(account, password); !ok) {
        return ok.error();
    }
    LoginProfile profile{user, clock_.now(), reset_required};
    d["loginProfile"] = {{"hash", hash_password(password)},
                         {"created", to_epoch(profile.created)},
                         {"resetRequired", reset_required},
                         {"previous", nlohmann::json::array()}};
    if (auto ok = save(account, "iam:user", user, u->arn, d); !ok) {
        return ok.error();
    }
    return profile;
}

CodedResult<LoginProfile> IamService::get_login_profile(const std::string& account,
                                                        const std::string& user) {
    std::lock_guard lock(mutex_);
    auto u = get_user(account, user);
    if (!u) {
        return u.error();
    }
    auto doc = load(account, "iam:user", user);
    if (!doc) {
        return doc.error();
    }
    if (!doc->is_object() || !doc->contains("loginProfile")) {
        return iam_error(
            "NoSuchEntity", "Login Profile for User " + user + " cannot be found.", 404);
    }
    const auto& lp = (*doc)["loginProfile"];
    return LoginProfile{
        user, from_epoch(lp.value("created", std::int64_t{0})), lp.value("resetRequired", false)};
}

CodedResult<bool> IamService::update_login_profile(const std::string& account,
                                                   const std::string& user,
                                                   const std::optional<std::string>& password,
                                                   std::optional<bool> reset_required) {
    std::lock_guard lock(mutex_);
    auto profile = get_login_profile(account, user);
    if (!profile) {
        return profile.error();
    }
    auto doc = load(account, "iam:user", user);
    if (!doc) {
        return doc.error();
    }
    nlohmann::json d = *doc;
    if (password) {
        if (auto ok = check_password(account, *password); !ok) {
            return ok;
        }
        d["loginProfile"]["hash"] = hash_password(*password);
    }
    if (reset_required) {
        d["loginProfile"]["resetRequired"] = *reset_required;
    }
    return save(account, "iam:user", user, d["_arn"], d);
}

CodedResult<bool> IamService::delete_login_profile(const std::string& account,
                                                   const std::string& user) {
    std::lock_guard lock(mutex_);
    auto profile = get_login_profile(account, user);
    if (!profile) {
        return profile.error();
    }
    auto doc = load(account, "iam:user", user);
    if (!doc) {
        return doc.error();
    }
    nlohmann::json d = *doc;
    d.erase("loginProfile");
    return save(account, "iam:user", user, d["_arn"], d);
}

CodedResult<bool> IamService::change_password(const std::string& account,
                                              const std::string& user,
                                              const std::string& old_password,
                                              const std::string& new_password) {
    std::lock_guard lock(mutex_);
    if (user.empty()) {
        return iam_error("InvalidUserType",
                         "Only IAM users can change their password with ChangePassword.",
                         400);
    }
    auto matches = verify_console_password(account, user, old_password);
    if (!matches) {
        return matches;
    }
    if (!*matches) {
        return iam_error("InvalidInput", "The old password is incorrect.", 400);
    }
    if (auto ok = check_password(account, new_password); !ok) {
        return ok;
    }
    auto doc = load(account, "iam:user", user);
    if (!doc) {
        return doc.error();
    }
    nlohmann::json d = *doc;
    auto policy = load(account, kPolicyType, "account");
    int reuse = policy && policy->is_object() ? policy->value("reusePrevention", 0) : 0;
    nlohmann::json previous = string_array(d["loginProfile"], "previous");
    previous.insert(previous.begin(), d["loginProfile"]["hash"]);
    if (reuse > 0) {
        for (int i = 0; i < reuse && i < static_cast<int>(previous.size()); ++i) {
            if (password_matches(new_password, previous[i].get<std::string>())) {
                return violation("Password should not be one of your last " +
                                 std::to_string(reuse) + " passwords");
            }
        }
    }
    while (previous.size() > 24) {
        previous.erase(previous.size() - 1);
    }
    d["loginProfile"]["previous"] = previous;
    d["loginProfile"]["hash"] = hash_password(new_password);
    d["loginProfile"]["resetRequired"] = false;
    return save(account, "iam:user", user, d["_arn"], d);
}

CodedResult<bool> IamService::verify_console_password(const std::string& account,
                                                      const std::string& user,
                                                      const std::string& password) {
    std::lock_guard lock(mutex_);
    auto profile = get_login_profile(account, user);
    if (!profile) {
        return profile.error();
    }
    auto doc = load(account, "iam:user", user);
    if (!doc) {
        return doc.error();
    }
    bool ok = password_matches(password, (*doc)["loginProfile"].value("hash", ""));
    if (ok) {
        nlohmann::json d = *doc;
        d["passwordLastUsed"] = to_epoch(clock_.now());
        if (auto saved = save(account, "iam:user", user, d["_arn"], d); !saved) {
            return saved;
        }
    }
    return ok;
}

CodedResult<bool> IamService::update_password_policy(const std::string& account,
                                                     const PasswordPolicy& p) {
    std::lock_guard lock(mutex_);
    if (p.minimum_length < 6 || p.minimum_length > 128) {
        return validation_error("1 validation error detected: Value '" +
                                std::to_string(p.minimum_length) +
                                "' at 'minimumPasswordLength' failed to satisfy constraint: Member "
                                "must have value between 6 and 128");
    }
    if (p.max_age_days < 0 || p.max_age_days > 1095) {
        return validation_error("1 validation error detected: Value '" +
                                std::to_string(p.max_age_days) +
                                "' at 'maxPasswordAge' failed to satisfy constraint: Member must "
                                "have value between 1 and 1095");
    }
    if (p.reuse_prevention < 0 || p.reuse_prevention > 24) {
        return validation_error("1 validation error detected: Value '" +
                                std::to_string(p.reuse_prevention) +
                                "' at 'passwordReusePrevention' failed to satisfy constraint: "
                                "Member must have value between 1 and 24");
    }
    return save(account,
                kPolicyType,
                "account",
                "arn:aws:iam::" + account + ":password-policy",
                policy_json(p));
}

CodedResult<PasswordPolicy> IamService::get_password_policy(const std::string& account) {
    std::lock_guard lock(mutex_);
    auto doc = load(account, kPolicyType, "account");
    if (!doc) {
        return doc.error();
    }
    if (doc->is_null()) {
        return iam_error("NoSuchEntity",
                         "The Password Policy with domain name " + account + " cannot be found.",
                         404);
    }
    return policy_from(*doc);
}

CodedResult<bool> IamService::delete_password_policy(const std::string& account) {
    std::lock_guard lock(mutex_);
    auto existing = get_password_policy(account);
    if (!existing) {
        return existing.error();
    }
    return erase(account, kPolicyType, "account");
}

}  // namespace tripline::iam
