// How Tripline names IAM identities it creates, as AWS does: user ids "AIDA…", access key ids
// "AKIA…" (20 characters), 40-character secrets, ARNs "arn:aws:iam::<account>:user<path><name>".
#pragma once

#include <string>

namespace tripline::app {

std::string new_user_id();
std::string new_access_key_id();
std::string new_secret_access_key();
std::string user_arn(const std::string& account_id,
                     const std::string& path,
                     const std::string& name);

}  // namespace tripline::app
