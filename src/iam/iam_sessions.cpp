// IamService: AssumeRole - the role's trust policy (and, where AWS requires it, the caller's own
// identity policies) decide; the session's temporary credentials are kept until they expire so the
// API server can authenticate and authorize them.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"
#include "storage/resource_store.h"

namespace tripline::iam {

namespace {

constexpr const char* kSessionType = "sts:session";
constexpr int kMinDuration = 900;
constexpr int kChainedMaxDuration = 3600;

std::string session_arn(const std::string& key_id) { return "tripline:sts-session/" + key_id; }

CodedError access_denied(const Caller& caller, const std::string& role_arn) {
    return iam_error("AccessDenied",
                     "User: " + caller.arn +
                         " is not authorized to perform: sts:AssumeRole on resource: " + role_arn,
                     403);
}

RoleSession session_from(const nlohmann::json& d) {
    RoleSession s;
    s.access_key_id = d.value("keyId", "");
    s.secret_access_key = d.value("secret", "");
    s.session_token = d.value("token", "");
    s.expiration = from_epoch(d.value("expiration", std::int64_t{0}));
    s.created = from_epoch(d.value("created", std::int64_t{0}));
    s.account_id = d.value("account", "");
    s.role_name = d.value("roleName", "");
    s.role_id = d.value("roleId", "");
    s.role_arn = d.value("roleArn", "");
    s.session_name = d.value("sessionName", "");
    s.assumed_role_arn = d.value("assumedRoleArn", "");
    s.mfa_authenticated = d.value("mfa", false);
    s.source_identity = d.value("sourceIdentity", "");
    s.user_name = d.value("userName", "");
    s.user_id = d.value("userId", "");
    s.user_arn = d.value("userArn", "");
    return s;
}

bool valid_session_name(const std::string& name) {
    if (name.size() < 2 || name.size() > 64) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               std::string_view("_+=,.@-").find(c) != std::string_view::npos;
    });
}

}  // namespace

CodedResult<RoleSession> IamService::assume_role(const Caller& caller,
                                                 const AssumeRoleRequest& request) {
    std::lock_guard lock(mutex_);
    if (!valid_session_name(request.session_name)) {
        return validation_error("1 validation error detected: Value '" + request.session_name +
                                "' at 'roleSessionName' failed to satisfy constraint: Member must "
                                "satisfy regular expression pattern: [\\w+=,.@-]* and have length "
                                "between 2 and 64");
    }
    // arn:aws:iam::<account>:role[/path]/<name>
    const std::string& arn = request.role_arn;
    const std::string prefix = "arn:aws:iam::";
    std::size_t colon = arn.find(':', prefix.size());
    if (!arn.starts_with(prefix) || colon == std::string::npos ||
        arn.compare(colon + 1, 5, "role/") != 0 || arn.size() < 20) {
        return validation_error("1 validation error detected: Value '" + arn +
                                "' at 'roleArn' failed to satisfy constraint: Member must satisfy "
                                "regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E"
                                "\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+");
    }
    const std::string role_account = arn.substr(prefix.size(), colon - prefix.size());
    const std::string role_name = arn.substr(arn.rfind('/') + 1);
    auto role = get_role(role_account, role_name);
    if (!role || role->arn != arn) {
        return access_denied(caller, arn);  // AWS does not reveal whether the role exists
    }
    const bool chained = caller.type == "AssumedRole";
    const int max_duration = chained ? kChainedMaxDuration : role->max_session_duration;
    if (request.duration_seconds < kMinDuration) {
        return validation_error("1 validation error detected: Value '" +
                                std::to_string(request.duration_seconds) +
                                "' at 'durationSeconds' failed to satisfy constraint: Member must "
                                "have value greater than or equal to 900");
    }
    if (request.duration_seconds > max_duration) {
        return validation_error(
            "The requested DurationSeconds exceeds the MaxSessionDuration set "
            "for this role.");
    }
    bool mfa = caller.mfa_authenticated;
    if (!request.serial_number.empty()) {
        auto verified = check_mfa_locked(caller, request.serial_number, request.token_code);
        if (!verified) {
            return verified.error();
        }
        mfa = true;
    }

    auto trust = parse_policy(role->trust_policy, PolicyKind::kTrust, 131072);
    if (!trust) {
        return access_denied(caller, arn);
    }
    RequestContext context;
    context.action = "sts:AssumeRole";
    context.resource = arn;
    context.keys["aws:MultiFactorAuthPresent"] = {mfa ? "true" : "false"};
    context.keys["aws:PrincipalArn"] = {caller.arn};
    context.keys["aws:PrincipalAccount"] = {caller.account_id};
    if (!request.source_identity.empty()) {
        context.keys["sts:SourceIdentity"] = {request.source_identity};
    }
    TrustCaller trust_caller{caller.arn, caller.account_id, ""};
    Decision decision = evaluate_trust(*trust, trust_caller, context);
    if (decision == Decision::kImplicitDeny && chained) {
        // A role session is also named by its role's ARN.
        auto session = find_session(caller.access_key_id);
        if (session) {
            trust_caller.arn = session->role_arn;
            decision = evaluate_trust(*trust, trust_caller, context);
        }
    }
    if (decision != Decision::kAllow) {
        return access_denied(caller, arn);
    }
    // A trust policy that names only the caller's account delegates to the account: the caller's
    // own policies must then allow sts:AssumeRole too (always so across accounts).
    if (caller.type != "Root" &&
        (!trust_names_caller_directly(*trust, trust_caller) || role_account != caller.account_id)) {
        Caller as_caller = caller;
        as_caller.mfa_authenticated = mfa;
        if (authorize(as_caller, context).decision != Decision::kAllow) {
            return access_denied(caller, arn);
        }
    }

    RoleSession s;
    s.access_key_id = new_temporary_access_key_id();
    s.secret_access_key = new_secret_access_key();
    s.session_token = new_session_token();
    s.created = clock_.now();
    s.expiration = s.created + std::chrono::seconds(request.duration_seconds);
    s.account_id = role_account;
    s.role_name = role->name;
    s.role_id = role->id;
    s.role_arn = role->arn;
    s.session_name = request.session_name;
    s.assumed_role_arn =
        "arn:aws:sts::" + role_account + ":assumed-role/" + role->name + "/" + request.session_name;
    s.mfa_authenticated = mfa;
    s.source_identity = request.source_identity;
    if (auto ok = store_session_locked(s); !ok) {
        return ok.error();
    }
    return s;
}

CodedResult<bool> IamService::check_mfa_locked(const Caller& caller,
                                               const std::string& serial_number,
                                               const std::string& token_code) {
    auto verified = verify_mfa_code(caller.account_id, caller.user_name, serial_number, token_code);
    if (!verified) {
        return verified.error();
    }
    if (!*verified) {
        return iam_error("AccessDenied",
                         "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
                         403);
    }
    return true;
}

CodedResult<bool> IamService::store_session_locked(const RoleSession& s) {
    nlohmann::json d = {{"keyId", s.access_key_id},
                        {"secret", s.secret_access_key},
                        {"token", s.session_token},
                        {"expiration", to_epoch(s.expiration)},
                        {"created", to_epoch(s.created)},
                        {"account", s.account_id},
                        {"roleName", s.role_name},
                        {"roleId", s.role_id},
                        {"roleArn", s.role_arn},
                        {"sessionName", s.session_name},
                        {"assumedRoleArn", s.assumed_role_arn},
                        {"mfa", s.mfa_authenticated},
                        {"sourceIdentity", s.source_identity},
                        {"userName", s.user_name},
                        {"userId", s.user_id},
                        {"userArn", s.user_arn}};
    // Sessions that expired more than a day ago are of no use to anyone: drop them.
    if (auto all = load_all(s.account_id, kSessionType); all) {
        for (const auto& [key, old] : *all) {
            if (from_epoch(old.value("expiration", std::int64_t{0})) + std::chrono::hours(24) <
                s.created) {
                (void)erase(s.account_id, kSessionType, key);
            }
        }
    }
    return save(s.account_id, kSessionType, s.access_key_id, session_arn(s.access_key_id), d);
}

CodedResult<RoleSession> IamService::get_session_token(const Caller& caller,
                                                       int duration_seconds,
                                                       const std::string& serial_number,
                                                       const std::string& token_code) {
    std::lock_guard lock(mutex_);
    if ((caller.type != "IAMUser" && caller.type != "Root") ||
        caller.access_key_id.starts_with("ASIA")) {
        return iam_error(
            "AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
    }
    // IAM users: 900 s to 36 hours (default 12 h); the root user at most one hour.
    const int max_duration = caller.type == "Root" ? 3600 : 129600;
    if (duration_seconds < kMinDuration || duration_seconds > max_duration) {
        return validation_error("1 validation error detected: Value '" +
                                std::to_string(duration_seconds) +
                                "' at 'durationSeconds' failed to satisfy constraint: Member must "
                                "have value " +
                                (duration_seconds < kMinDuration
                                     ? "greater than or equal to 900"
                                     : "less than or equal to " + std::to_string(max_duration)));
    }
    bool mfa = false;
    if (!serial_number.empty()) {
        auto verified = check_mfa_locked(caller, serial_number, token_code);
        if (!verified) {
            return verified.error();
        }
        mfa = true;
    }
    RoleSession s;
    s.access_key_id = new_temporary_access_key_id();
    s.secret_access_key = new_secret_access_key();
    s.session_token = new_session_token();
    s.created = clock_.now();
    s.expiration = s.created + std::chrono::seconds(duration_seconds);
    s.account_id = caller.account_id;
    s.mfa_authenticated = mfa;
    s.user_name = caller.user_name;
    s.user_arn = caller.arn;
    s.user_id = caller.principal_id;
    if (auto ok = store_session_locked(s); !ok) {
        return ok.error();
    }
    return s;
}

CodedResult<RoleSession> IamService::find_session(const std::string& access_key_id) {
    std::lock_guard lock(mutex_);
    storage::ResourceStore store(db_);
    auto row = store.get_by_arn(session_arn(access_key_id));
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return iam_error("NoSuchEntity", "no session for " + access_key_id, 404);
        }
        return coded_internal(row.error());
    }
    nlohmann::json d = nlohmann::json::parse(row->document, nullptr, false);
    if (!d.is_object()) {
        return CodedError{"InternalError", "stored session is not JSON", 500};
    }
    return session_from(d);
}

}  // namespace tripline::iam
