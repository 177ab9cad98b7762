#include "iam/identity_names.h"

#include "base/uuid.h"

namespace tripline::iam {

std::string new_user_id() { return "AIDA" + random_upper_alnum(17); }
std::string new_group_id() { return "AGPA" + random_upper_alnum(17); }
std::string new_role_id() { return "AROA" + random_upper_alnum(17); }
std::string new_policy_id() { return "ANPA" + random_upper_alnum(17); }

std::string new_access_key_id() { return "AKIA" + random_upper_alnum(16); }
std::string new_temporary_access_key_id() { return "ASIA" + random_upper_alnum(16); }

std::string new_secret_access_key() { return random_base64_chars(40); }

// STS session tokens are long opaque base64 strings; the SDKs only echo them back.
std::string new_session_token() { return "IQoJb3JpZ2luX2VjE" + random_base64_chars(300); }

std::string user_arn(const std::string& account_id,
                     const std::string& path,
                     const std::string& name) {
    return iam_arn(account_id, "user", path, name);
}

std::string iam_arn(const std::string& account_id,
                    const std::string& kind,
                    const std::string& path,
                    const std::string& name) {
    return "arn:aws:iam::" + account_id + ":" + kind + path + name;
}

}  // namespace tripline::iam
