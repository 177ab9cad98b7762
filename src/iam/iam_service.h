// IamService: one account's IAM as the IAM API manages it (issue 4, item 1) — users, access keys,
// login profiles, groups and membership, roles with trust policies, AWS managed and customer
// managed policies with versions, inline policies, attachments, the account password policy and
// virtual MFA devices — and the two decisions the API server asks of IAM: may this principal do
// this (authorize), and may this caller assume that role (assume_role, which issues the session's
// temporary credentials).
//
// Validation, quotas and error codes are IAM's: NoSuchEntity, EntityAlreadyExists, DeleteConflict,
// LimitExceeded, MalformedPolicyDocument, ValidationError, InvalidInput, PasswordPolicyViolation,
// InvalidAuthenticationCode, plus AccessDenied from assume_role. Storage failures are
// InternalError.
//
// Users and access keys are the identity store's rows (the SigV4 verifier reads them, so a key
// created here works at once and a deactivated key fails at once); the rest are JSON documents in
// the resource store (types "iam:*", region ""), sessions are "sts:session" documents.
//
// Ownership: borrows the Database and Clock, which must outlive it. Thread-safety: every method may
// run concurrently (one mutex; authorize() reads a cache of each principal's parsed policies that
// every IAM change clears).
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/coded_result.h"
#include "iam/iam_model.h"
#include "iam/policy.h"
#include "storage/database.h"

namespace tripline::iam {

// Who asks, as the API server authenticated them.
struct Caller {
    std::string account_id;
    std::string type;  // "IAMUser" | "AssumedRole" | "Root"
    std::string arn;
    std::string user_name;      // IAMUser
    std::string principal_id;   // AIDA… for users
    std::string access_key_id;  // AssumedRole: the session's key
    bool mfa_authenticated = false;
};

struct AuthorizationResult {
    Decision decision = Decision::kImplicitDeny;
    std::string message;  // AWS's AccessDenied wording when not allowed
};

enum class PrincipalKind { kUser, kGroup, kRole };

class IamService {
public:
    IamService(storage::Database& db, const Clock& clock);
    ~IamService();

    // --- users (iam_users.cpp)
    CodedResult<IamUser> create_user(const std::string& account,
                                     const std::string& name,
                                     const std::string& path,
                                     const Tags& tags);
    CodedResult<IamUser> get_user(const std::string& account, const std::string& name);
    CodedResult<std::vector<IamUser>> list_users(const std::string& account,
                                                 const std::string& path_prefix);
    CodedResult<bool> update_user(const std::string& account,
                                  const std::string& name,
                                  const std::string& new_name,
                                  const std::string& new_path);
    CodedResult<bool> delete_user(const std::string& account, const std::string& name);
    CodedResult<bool> tag_user(const std::string& account,
                               const std::string& name,
                               const Tags& tags);
    CodedResult<bool> untag_user(const std::string& account,
                                 const std::string& name,
                                 const std::vector<std::string>& keys);

    // --- access keys (iam_access_keys.cpp); user "" = the account's root keys
    CodedResult<IamAccessKey> create_access_key(const std::string& account,
                                                const std::string& user);
    CodedResult<std::vector<IamAccessKey>> list_access_keys(const std::string& account,
                                                            const std::string& user);
    CodedResult<bool> update_access_key(const std::string& account,
                                        const std::string& user,
                                        const std::string& key_id,
                                        const std::string& status);
    CodedResult<bool> delete_access_key(const std::string& account,
                                        const std::string& user,
                                        const std::string& key_id);
    CodedResult<AccessKeyLastUsed> access_key_last_used(const std::string& account,
                                                        const std::string& key_id);

    // --- login profiles and passwords (iam_login_profiles.cpp)
    CodedResult<LoginProfile> create_login_profile(const std::string& account,
                                                   const std::string& user,
                                                   const std::string& password,
                                                   bool reset_required);
    CodedResult<LoginProfile> get_login_profile(const std::string& account,
                                                const std::string& user);
    CodedResult<bool> update_login_profile(const std::string& account,
                                           const std::string& user,
                                           const std::optional<std::string>& password,
                                           std::optional<bool> reset_required);
    CodedResult<bool> delete_login_profile(const std::string& account, const std::string& user);
    CodedResult<bool> change_password(const std::string& account,
                                      const std::string& user,
                                      const std::string& old_password,
                                      const std::string& new_password);
    // The console's sign-in: true when `password` is the user's console password.
    CodedResult<bool> verify_console_password(const std::string& account,
                                              const std::string& user,
                                              const std::string& password);
    CodedResult<bool> update_password_policy(const std::string& account, const PasswordPolicy& p);
    CodedResult<PasswordPolicy> get_password_policy(const std::string& account);
    CodedResult<bool> delete_password_policy(const std::string& account);

    // --- groups (iam_groups.cpp)
    CodedResult<IamGroup> create_group(const std::string& account,
                                       const std::string& name,
                                       const std::string& path);
    CodedResult<IamGroup> get_group(const std::string& account,
                                    const std::string& name,
                                    std::vector<IamUser>* members);
    CodedResult<std::vector<IamGroup>> list_groups(const std::string& account,
                                                   const std::string& path_prefix);
    CodedResult<bool> delete_group(const std::string& account, const std::string& name);
    CodedResult<bool> add_user_to_group(const std::string& account,
                                        const std::string& group,
                                        const std::string& user);
    CodedResult<bool> remove_user_from_group(const std::string& account,
                                             const std::string& group,
                                             const std::string& user);
    CodedResult<std::vector<IamGroup>> list_groups_for_user(const std::string& account,
                                                            const std::string& user);

    // --- roles (iam_roles.cpp)
    CodedResult<IamRole> create_role(const std::string& account, const IamRole& role);
    CodedResult<IamRole> get_role(const std::string& account, const std::string& name);
    CodedResult<std::vector<IamRole>> list_roles(const std::string& account,
                                                 const std::string& path_prefix);
    CodedResult<bool> update_role(const std::string& account,
                                  const std::string& name,
                                  const std::optional<std::string>& description,
                                  std::optional<int> max_session_duration);
    CodedResult<bool> update_assume_role_policy(const std::string& account,
                                                const std::string& name,
                                                const std::string& document);
    CodedResult<bool> delete_role(const std::string& account, const std::string& name);

    // --- managed policies (iam_policies.cpp)
    CodedResult<IamPolicy> create_policy(const std::string& account,
                                         const std::string& name,
                                         const std::string& path,
                                         const std::string& document,
                                         const std::string& description,
                                         const Tags& tags);
    CodedResult<IamPolicy> get_policy(const std::string& account, const std::string& arn);
    // scope: "All" | "AWS" | "Local"
    CodedResult<std::vector<IamPolicy>> list_policies(const std::string& account,
                                                      const std::string& scope,
                                                      bool only_attached,
                                                      const std::string& path_prefix);
    CodedResult<bool> delete_policy(const std::string& account, const std::string& arn);
    CodedResult<IamPolicyVersion> create_policy_version(const std::string& account,
                                                        const std::string& arn,
                                                        const std::string& document,
                                                        bool set_as_default);
    CodedResult<IamPolicyVersion> get_policy_version(const std::string& account,
                                                     const std::string& arn,
                                                     const std::string& version);
    CodedResult<std::vector<IamPolicyVersion>> list_policy_versions(const std::string& account,
                                                                    const std::string& arn);
    CodedResult<bool> delete_policy_version(const std::string& account,
                                            const std::string& arn,
                                            const std::string& version);
    CodedResult<bool> set_default_policy_version(const std::string& account,
                                                 const std::string& arn,
                                                 const std::string& version);

    // --- attachments and inline policies (iam_attachments.cpp)
    CodedResult<bool> attach_policy(const std::string& account,
                                    PrincipalKind kind,
                                    const std::string& name,
                                    const std::string& policy_arn);
    CodedResult<bool> detach_policy(const std::string& account,
                                    PrincipalKind kind,
                                    const std::string& name,
                                    const std::string& policy_arn);
    CodedResult<std::vector<AttachedPolicy>> list_attached_policies(const std::string& account,
                                                                    PrincipalKind kind,
                                                                    const std::string& name);
    CodedResult<bool> put_inline_policy(const std::string& account,
                                        PrincipalKind kind,
                                        const std::string& name,
                                        const std::string& policy_name,
                                        const std::string& document);
    CodedResult<std::string> get_inline_policy(const std::string& account,
                                               PrincipalKind kind,
                                               const std::string& name,
                                               const std::string& policy_name);
    CodedResult<bool> delete_inline_policy(const std::string& account,
                                           PrincipalKind kind,
                                           const std::string& name,
                                           const std::string& policy_name);
    CodedResult<std::vector<std::string>> list_inline_policies(const std::string& account,
                                                               PrincipalKind kind,
                                                               const std::string& name);

    // --- virtual MFA devices (iam_mfa.cpp)
    CodedResult<MfaDevice> create_virtual_mfa_device(const std::string& account,
                                                     const std::string& name,
                                                     const std::string& path,
                                                     const Tags& tags);
    // IAM requires two consecutive TOTP codes of the device.
    CodedResult<bool> enable_mfa_device(const std::string& account,
                                        const std::string& user,
                                        const std::string& serial,
                                        const std::string& code1,
                                        const std::string& code2);
    CodedResult<bool> deactivate_mfa_device(const std::string& account,
                                            const std::string& user,
                                            const std::string& serial);
    CodedResult<bool> delete_virtual_mfa_device(const std::string& account,
                                                const std::string& serial);
    CodedResult<std::vector<MfaDevice>> list_mfa_devices(const std::string& account,
                                                         const std::string& user);
    // status: "Assigned" | "Unassigned" | "Any"
    CodedResult<std::vector<MfaDevice>> list_virtual_mfa_devices(const std::string& account,
                                                                 const std::string& status);
    // True when `code` is the current TOTP code of `serial`, enabled for `user`.
    CodedResult<bool> verify_mfa_code(const std::string& account,
                                      const std::string& user,
                                      const std::string& serial,
                                      const std::string& code);

    // --- decisions (iam_authorize.cpp, iam_sessions.cpp)
    AuthorizationResult authorize(const Caller& caller, const RequestContext& request);
    struct AssumeRoleRequest {
        std::string role_arn;
        std::string session_name;
        int duration_seconds = 3600;
        std::string serial_number;  // MFA
        std::string token_code;
        std::string source_identity;
    };
    CodedResult<RoleSession> assume_role(const Caller& caller, const AssumeRoleRequest& request);
    // GetSessionToken: temporary credentials of an IAM user (or the root), MFA-authenticated when
    // `serial_number` and `token_code` verify. Session credentials cannot call it (AccessDenied).
    CodedResult<RoleSession> get_session_token(const Caller& caller,
                                               int duration_seconds,
                                               const std::string& serial_number,
                                               const std::string& token_code);
    // The live session behind a temporary access key id; NoSuchEntity when unknown.
    CodedResult<RoleSession> find_session(const std::string& access_key_id);

private:
    CodedResult<bool> store_session_locked(const RoleSession& s);
    CodedResult<bool> check_mfa_locked(const Caller& caller,
                                       const std::string& serial_number,
                                       const std::string& token_code);

public:
private:
    CodedResult<nlohmann::json> load(const std::string& account,
                                     const std::string& type,
                                     const std::string& name);
    CodedResult<bool> save(const std::string& account,
                           const std::string& type,
                           const std::string& name,
                           const std::string& arn,
                           const nlohmann::json& doc);
    CodedResult<bool> erase(const std::string& account,
                            const std::string& type,
                            const std::string& name);
    CodedResult<std::vector<std::pair<std::string, nlohmann::json>>> load_all(
        const std::string& account, const std::string& type);
    CodedResult<nlohmann::json> principal_doc(const std::string& account,
                                              PrincipalKind kind,
                                              const std::string& name,
                                              std::string* arn);
    CodedResult<std::string> policy_document_text(const std::string& account,
                                                  const std::string& arn);
    CodedResult<bool> check_password(const std::string& account, const std::string& password);
    void changed();  // clears the authorization cache

    using PolicySet = std::vector<std::shared_ptr<const PolicyDocument>>;
    CodedResult<PolicySet> policies_of_user(const std::string& account, const std::string& user);
    CodedResult<PolicySet> policies_of_role(const std::string& account, const std::string& role);
    CodedResult<bool> collect_policies(const std::string& account,
                                       const nlohmann::json& doc,
                                       PolicySet& out);

    storage::Database& db_;
    const Clock& clock_;
    std::recursive_mutex mutex_;
    std::unordered_map<std::string, PolicySet> policy_cache_;  // principal ARN → policies
};

// IAM's name and path rules, shared with the config loader.
CodedResult<bool> validate_iam_name(const std::string& field,
                                    const std::string& value,
                                    std::size_t max_length);
CodedResult<bool> validate_iam_path(const std::string& path);

}  // namespace tripline::iam
