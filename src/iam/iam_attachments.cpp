// IamService: managed policies attached to users, groups and roles, and their inline policies.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/managed_policies.h"

namespace tripline::iam {

namespace {

constexpr std::size_t kAttachedPerPrincipal = 10;

const char* type_of(PrincipalKind kind) {
    switch (kind) {
        case PrincipalKind::kUser:
            return "iam:user";
        case PrincipalKind::kGroup:
            return "iam:group";
        case PrincipalKind::kRole:
            return "iam:role";
    }
    return "iam:user";
}

const char* noun(PrincipalKind kind) {
    switch (kind) {
        case PrincipalKind::kUser:
            return "user";
        case PrincipalKind::kGroup:
            return "group";
        case PrincipalKind::kRole:
            return "role";
    }
    return "user";
}

// IAM's quotas for inline policy size (characters without whitespace).
std::size_t inline_quota(PrincipalKind kind) {
    switch (kind) {
        case PrincipalKind::kUser:
            return 2048;
        case PrincipalKind::kGroup:
            return 5120;
        case PrincipalKind::kRole:
            return 10240;
    }
    return 2048;
}

}  // namespace

CodedResult<nlohmann::json> IamService::principal_doc(const std::string& account,
                                                      PrincipalKind kind,
                                                      const std::string& name,
                                                      std::string* arn) {
    if (kind == PrincipalKind::kUser) {
        auto user = get_user(account, name);
        if (!user) {
            return user.error();
        }
        *arn = user->arn;
    }
    auto d = load(account, type_of(kind), name);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        if (kind != PrincipalKind::kUser) {
            return no_such_entity(noun(kind), name);
        }
        return nlohmann::json::object();
    }
    if (kind != PrincipalKind::kUser) {
        *arn = (*d)["_arn"];
    }
    return *d;
}

CodedResult<bool> IamService::attach_policy(const std::string& account,
                                            PrincipalKind kind,
                                            const std::string& name,
                                            const std::string& policy_arn) {
    std::lock_guard lock(mutex_);
    std::string arn;
    auto d = principal_doc(account, kind, name, &arn);
    if (!d) {
        return d.error();
    }
    if (auto p = get_policy(account, policy_arn); !p) {
        return p.error();
    }
    nlohmann::json attached = string_array(*d, "attached");
    if (std::find(attached.begin(), attached.end(), policy_arn) != attached.end()) {
        return true;
    }
    if (attached.size() >= kAttachedPerPrincipal) {
        return limit_exceeded(std::string("Policies per ") + noun(kind),
                              static_cast<int>(kAttachedPerPrincipal));
    }
    attached.push_back(policy_arn);
    (*d)["attached"] = attached;
    return save(account, type_of(kind), name, arn, *d);
}

CodedResult<bool> IamService::detach_policy(const std::string& account,
                                            PrincipalKind kind,
                                            const std::string& name,
                                            const std::string& policy_arn) {
    std::lock_guard lock(mutex_);
    std::string arn;
    auto d = principal_doc(account, kind, name, &arn);
    if (!d) {
        return d.error();
    }
    nlohmann::json attached = string_array(*d, "attached");
    auto it = std::find(attached.begin(), attached.end(), policy_arn);
    if (it == attached.end()) {
        return iam_error("NoSuchEntity", "Policy " + policy_arn + " was not found.", 404);
    }
    attached.erase(it);
    (*d)["attached"] = attached;
    return save(account, type_of(kind), name, arn, *d);
}

CodedResult<std::vector<AttachedPolicy>> IamService::list_attached_policies(
    const std::string& account, PrincipalKind kind, const std::string& name) {
    std::lock_guard lock(mutex_);
    std::string arn;
    auto d = principal_doc(account, kind, name, &arn);
    if (!d) {
        return d.error();
    }
    std::vector<AttachedPolicy> out;
    for (const auto& a : string_array(*d, "attached")) {
        std::string policy_arn = a.get<std::string>();
        out.push_back(AttachedPolicy{policy_arn.substr(policy_arn.rfind('/') + 1), policy_arn});
    }
    return out;
}

CodedResult<bool> IamService::put_inline_policy(const std::string& account,
                                                PrincipalKind kind,
                                                const std::string& name,
                                                const std::string& policy_name,
                                                const std::string& document) {
    std::lock_guard lock(mutex_);
    if (auto ok = validate_iam_name("policyName", policy_name, 128); !ok) {
        return ok;
    }
    std::string arn;
    auto d = principal_doc(account, kind, name, &arn);
    if (!d) {
        return d.error();
    }
    if (auto parsed = parse_policy(document, PolicyKind::kIdentity, inline_quota(kind)); !parsed) {
        return parsed.error();
    }
    if (!d->contains("inline") || !(*d)["inline"].is_object()) {
        (*d)["inline"] = nlohmann::json::object();
    }
    (*d)["inline"][policy_name] = document;
    return save(account, type_of(kind), name, arn, *d);
}

CodedResult<std::string> IamService::get_inline_policy(const std::string& account,
                                                       PrincipalKind kind,
                                                       const std::string& name,
                                                       const std::string& policy_name) {
    std::lock_guard lock(mutex_);
    std::string arn;
    auto d = principal_doc(account, kind, name, &arn);
    if (!d) {
        return d.error();
    }
    if (!d->contains("inline") || !(*d)["inline"].contains(policy_name)) {
        return iam_error("NoSuchEntity",
                         std::string("The ") + noun(kind) + " policy with name " + policy_name +
                             " cannot be found.",
                         404);
    }
    return (*d)["inline"][policy_name].get<std::string>();
}

CodedResult<bool> IamService::delete_inline_policy(const std::string& account,
                                                   PrincipalKind kind,
                                                   const std::string& name,
                                                   const std::string& policy_name) {
    std::lock_guard lock(mutex_);
    if (auto existing = get_inline_policy(account, kind, name, policy_name); !existing) {
        return existing.error();
    }
    std::string arn;
    auto d = principal_doc(account, kind, name, &arn);
    if (!d) {
        return d.error();
    }
    (*d)["inline"].erase(policy_name);
    return save(account, type_of(kind), name, arn, *d);
}

CodedResult<std::vector<std::string>> IamService::list_inline_policies(const std::string& account,
                                                                       PrincipalKind kind,
                                                                       const std::string& name) {
    std::lock_guard lock(mutex_);
    std::string arn;
    auto d = principal_doc(account, kind, name, &arn);
    if (!d) {
        return d.error();
    }
    std::vector<std::string> out;
    if (d->contains("inline") && (*d)["inline"].is_object()) {
        for (const auto& [policy_name, doc] : (*d)["inline"].items()) {
            out.push_back(policy_name);
        }
    }
    return out;
}

}  // namespace tripline::iam
