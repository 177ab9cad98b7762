#include "app/identity_names.h"

#include "base/uuid.h"

namespace tripline::app {

std::string new_user_id() { return "AIDA" + random_upper_alnum(17); }

std::string new_access_key_id() { return "AKIA" + random_upper_alnum(16); }

std::string new_secret_access_key() { return random_base64_chars(40); }

std::string user_arn(const std::string& account_id,
                     const std::string& path,
                     const std::string& name) {
    return "arn:aws:iam::" + account_id + ":user" + path + name;
}

}  // namespace tripline::app
