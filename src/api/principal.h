// Principal: who made an API call, as CloudTrail's userIdentity describes it; and the directory the
// API asks for the secret behind an access key. The app wires the directory to the identity store.
// Thread-safety: CredentialDirectory implementations are called concurrently from API workers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace tripline::api {

struct Principal {
    std::string type;        // "IAMUser", "AssumedRole", "Root"
    std::string account_id;  // 12 digits
    std::string arn;         // arn:aws:iam::<acct>:user/<name> …
    std::string
        principal_id;  // AIDA… for users, AROA…:<session> for roles, the account id for root
    std::string user_name;  // IAMUser: the user name; empty otherwise
    std::string access_key_id;
    bool mfa_authenticated = false;
    // AssumedRole: the role behind the session, as CloudTrail's sessionContext.sessionIssuer.
    std::string session_issuer_arn;
    std::string session_issuer_id;  // AROA…
    std::string session_issuer_name;
    std::optional<TimePoint> session_created;
};

struct Credential {
    std::string secret_access_key;
    std::string session_token;  // non-empty for temporary credentials; must match the request's
    bool active = true;
    std::optional<TimePoint> expires;  // temporary credentials: ExpiredToken after this
    Principal principal;
};

class CredentialDirectory {
public:
    virtual ~CredentialDirectory() = default;
    virtual std::optional<Credential> find(std::string_view access_key_id) = 0;
    // Called after a verified request (GetAccessKeyLastUsed reads it back). Best effort.
    virtual void record_use(std::string_view access_key_id,
                            TimePoint at,
                            std::string_view service,
                            std::string_view region) = 0;
};

}  // namespace tripline::api
