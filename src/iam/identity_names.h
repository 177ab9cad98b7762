// How Tripline names the IAM identities it creates, as AWS does: unique ids with IAM's prefixes
// (users "AIDA…", groups "AGPA…", roles "AROA…", managed policies "ANPA…", MFA-less temporary keys
// "ASIA…"), access key ids "AKIA…" (20 characters), 40-character secrets, and ARNs
// "arn:aws:iam::<account>:<kind><path><name>".
#pragma once

#include <string>

namespace tripline::iam {

std::string new_user_id();
std::string new_group_id();
std::string new_role_id();
std::string new_policy_id();
std::string new_access_key_id();
std::string new_temporary_access_key_id();
std::string new_secret_access_key();
std::string new_session_token();
std::string user_arn(const std::string& account_id,
                     const std::string& path,
                     const std::string& name);
// kind: "user", "group", "role", "policy", "mfa".
std::string iam_arn(const std::string& account_id,
                    const std::string& kind,
                    const std::string& path,
                    const std::string& name);

}  // namespace tripline::iam
