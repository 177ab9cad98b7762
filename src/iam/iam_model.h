// The IAM entities IamService hands to its API: plain values in IAM's own terms. Users and their
// access keys live in the identity store (storage/identity_store.h, the SigV4 verifier reads them);
// everything else an account's IAM holds is a JSON document in the resource store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"

namespace tripline::iam {

using Tags = std::vector<std::pair<std::string, std::string>>;  // Key, Value in order

struct IamUser {
    std::string name;
    std::string id;
    std::string path = "/";
    std::string arn;
    TimePoint created;
    std::optional<TimePoint> password_last_used;
    Tags tags;
};

struct IamAccessKey {
    std::string user_name;
    std::string access_key_id;
    std::string secret_access_key;  // only set by create_access_key
    std::string status;             // Active | Inactive
    TimePoint created;
};

struct AccessKeyLastUsed {
    std::string user_name;
    std::optional<TimePoint> at;
    std::string service = "N/A";
    std::string region = "N/A";
};

struct LoginProfile {
    std::string user_name;
    TimePoint created;
    bool password_reset_required = false;
};

struct IamGroup {
    std::string name;
    std::string id;
    std::string path = "/";
    std::string arn;
    TimePoint created;
};

struct IamRole {
    std::string name;
    std::string id;
    std::string path = "/";
    std::string arn;
    TimePoint created;
    std::string trust_policy;  // JSON text as given
    std::string description;
    int max_session_duration = 3600;
    Tags tags;
    std::optional<TimePoint> last_used;
    std::string last_used_region;
};

struct IamPolicy {
    std::string name;
    std::string id;
    std::string path = "/";
    std::string arn;
    std::string description;
    std::string default_version = "v1";
    int attachment_count = 0;
    bool aws_managed = false;
    TimePoint created;
    TimePoint updated;
    Tags tags;
};

struct IamPolicyVersion {
    std::string version_id;  // "v1"
    std::string document;    // JSON text
    bool is_default = false;
    TimePoint created;
};

struct AttachedPolicy {
    std::string name;
    std::string arn;
};

struct PasswordPolicy {
    int minimum_length = 8;
    bool require_symbols = false;
    bool require_numbers = false;
    bool require_uppercase = false;
    bool require_lowercase = false;
    bool allow_users_to_change = false;
    int max_age_days = 0;      // 0: passwords do not expire
    int reuse_prevention = 0;  // 0: not set
    bool hard_expiry = false;
};

struct MfaDevice {
    std::string serial;     // arn:aws:iam::<acct>:mfa/<path><name>
    std::string user_name;  // empty until enabled
    std::optional<TimePoint> enabled;
    std::string seed_base32;  // only set by create_virtual_mfa_device
    Tags tags;
};

// The temporary credentials AssumeRole and GetSessionToken hand out, and what the API server needs
// to authenticate and authorize them later.
struct RoleSession {
    std::string access_key_id;  // "ASIA…"
    std::string secret_access_key;
    std::string session_token;
    TimePoint expiration;
    TimePoint created;
    std::string account_id;
    std::string role_name;
    std::string role_id;
    std::string role_arn;
    std::string session_name;
    std::string assumed_role_arn;  // arn:aws:sts::<acct>:assumed-role/<role>/<session>
    bool mfa_authenticated = false;
    std::string source_identity;
    // GetSessionToken: the IAM user the session acts as (no role fields then).
    std::string user_name;
    std::string user_id;
    std::string user_arn;
};

}  // namespace tripline::iam
