#include "discover/bucket_exposure.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

constexpr std::string_view kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr std::string_view kAuthenticatedUsers =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

std::vector<std::string> strings(const json& value) {
    std::vector<std::string> out;
    if (value.is_string()) {
        out.push_back(value.get<std::string>());
    } else if (value.is_array()) {
        for (const json& v : value) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

bool reads(const std::vector<std::string>& actions) {
    for (const std::string& a : actions) {
        if (a == "*" || a == "s3:*" || a.starts_with("s3:Get") || a.starts_with("s3:List")) {
            return true;
        }
    }
    return false;
}

bool writes(const std::vector<std::string>& actions) {
    for (const std::string& a : actions) {
        if (a == "*" || a == "s3:*" || a.starts_with("s3:Put") || a.starts_with("s3:Delete")) {
            return true;
        }
    }
    return false;
}

// The 12-digit account of a principal ("123456789012" or "arn:aws:iam::123456789012:...").
std::string account_of(const std::string& principal) {
    if (principal.size() == 12 && principal.find_first_not_of("0123456789") == std::string::npos) {
        return principal;
    }
    if (principal.starts_with("arn:")) {
        std::size_t at = 0;
        for (int i = 0; i < 4 && at != std::string::npos; ++i) {
            at = principal.find(':', at + 1);
        }
        if (at != std::string::npos) {
            const std::size_t end = principal.find(':', at + 1);
            return principal.substr(at + 1,
                                    end == std::string::npos ? std::string::npos : end - at - 1);
        }
    }
    return {};
}

}  // namespace

BucketExposure evaluate_bucket(const json& doc, const std::string& account_id) {
    BucketExposure out;
    const json pab = doc.value("publicAccessBlock", json());
    auto setting = [&](const char* name) { return pab.is_object() && pab.value(name, false); };
    out.block_public_access = json{{"blockPublicAcls", setting("BlockPublicAcls")},
                                   {"blockPublicPolicy", setting("BlockPublicPolicy")},
                                   {"ignorePublicAcls", setting("IgnorePublicAcls")},
                                   {"restrictPublicBuckets", setting("RestrictPublicBuckets")}};
    out.block_public_access_disabled =
        !setting("BlockPublicAcls") && !setting("BlockPublicPolicy") &&
        !setting("IgnorePublicAcls") && !setting("RestrictPublicBuckets");
    const json encryption = doc.value("encryption", json());
    out.encryption_disabled =
        encryption.is_null() ||
        (encryption.is_object() && encryption.value("rules", json::array()).empty());

    const json acl = doc.value("acl", json());
    if (acl.is_object()) {
        for (const json& grant : acl.value("grants", json::array())) {
            const std::string uri = grant.value("uri", "");
            if (uri != kAllUsers && uri != kAuthenticatedUsers) {
                continue;
            }
            const std::string permission = grant.value("permission", "");
            out.acl_public_read =
                out.acl_public_read || permission == "READ" || permission == "FULL_CONTROL";
            out.acl_public_write =
                out.acl_public_write || permission == "WRITE" || permission == "FULL_CONTROL";
        }
    }
    const json policy_text = doc.value("policy", json());
    if (policy_text.is_string()) {
        const json policy = json::parse(policy_text.get<std::string>(), nullptr, false);
        const json statements = policy.is_object() ? policy.value("Statement", json()) : json();
        const json list = statements.is_array() ? statements : json::array({statements});
        for (const json& statement : list) {
            if (!statement.is_object() || statement.value("Effect", "") != "Allow") {
                continue;
            }
            const json principal = statement.value("Principal", json());
            std::vector<std::string> principals = principal.is_object()
                                                      ? strings(principal.value("AWS", json()))
                                                      : strings(principal);
            const std::vector<std::string> actions = strings(statement.value("Action", json()));
            for (const std::string& p : principals) {
                if (p == "*") {
                    if (statement.contains("Condition")) {
                        continue;  // conditioned grants are not anonymous access
                    }
                    out.policy_public_read = out.policy_public_read || reads(actions);
                    out.policy_public_write = out.policy_public_write || writes(actions);
                } else if (const std::string other = account_of(p);
                           !other.empty() && other != account_id) {
                    out.shared_externally = true;
                }
            }
        }
    }
    const bool policy_counts = !setting("RestrictPublicBuckets");
    const bool acl_counts = !setting("IgnorePublicAcls");
    out.public_read =
        (policy_counts && out.policy_public_read) || (acl_counts && out.acl_public_read);
    out.public_write =
        (policy_counts && out.policy_public_write) || (acl_counts && out.acl_public_write);
    return out;
}

}  // namespace tripline::discover
