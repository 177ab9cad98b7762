// IamService: roles and their trust policies.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"

namespace tripline::iam {

namespace {

constexpr std::size_t kTrustPolicyBytes = 2048;

IamRole role_from(const std::string& name, const nlohmann::json& d) {
    IamRole r;
    r.name = name;
    r.id = d.value("id", "");
    r.path = d.value("path", "/");
    r.arn = d.value("_arn", "");
    r.created = from_epoch(d.value("created", std::int64_t{0}));
    r.trust_policy = d.value("trust", "");
    r.description = d.value("description", "");
    r.max_session_duration = d.value("maxSession", 3600);
    r.tags = tags_from(d);
    if (d.contains("lastUsed")) {
        r.last_used = from_epoch(d["lastUsed"].get<std::int64_t>());
        r.last_used_region = d.value("lastUsedRegion", "");
    }
    return r;
}

CodedResult<bool> check_session_duration(int seconds) {
    if (seconds < 3600 || seconds > 43200) {
        return validation_error("1 validation error detected: Value '" + std::to_string(seconds) +
                                "' at 'maxSessionDuration' failed to satisfy constraint: Member "
                                "must have value between 3600 and 43200");
    }
    return true;
}

}  // namespace

CodedResult<IamRole> IamService::create_role(const std::string& account, const IamRole& role) {
    std::lock_guard lock(mutex_);
    if (auto ok = validate_iam_name("roleName", role.name, 64); !ok) {
        return ok.error();
    }
    const std::string p = role.path.empty() ? "/" : role.path;
    if (auto ok = validate_iam_path(p); !ok) {
        return ok.error();
    }
    if (auto ok = check_session_duration(role.max_session_duration); !ok) {
        return ok.error();
    }
    if (role.description.size() > 1000) {
        return validation_error(
            "1 validation error detected: Value at 'description' failed to "
            "satisfy constraint: Member must have length less than or equal "
            "to 1000");
    }
    if (auto trust = parse_policy(role.trust_policy, PolicyKind::kTrust, kTrustPolicyBytes);
        !trust) {
        return trust.error();
    }
    auto all = load_all(account, "iam:role");
    if (!all) {
        return all.error();
    }
    for (const auto& [existing, d] : *all) {
        if (std::equal(existing.begin(),
                       existing.end(),
                       role.name.begin(),
                       role.name.end(),
                       [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return already_exists("Role with name " + role.name + " already exists.");
        }
    }
    nlohmann::json d = {{"id", new_role_id()},
                        {"path", p},
                        {"created", to_epoch(clock_.now())},
                        {"trust", role.trust_policy},
                        {"description", role.description},
                        {"maxSession", role.max_session_duration},
                        {"tags", tags_json(role.tags)},
                        {"inline", nlohmann::json::object()},
                        {"attached", nlohmann::json::array()}};
    std::string arn = iam_arn(account, "role", p, role.name);
    if (auto ok = save(account, "iam:role", role.name, arn, d); !ok) {
        return ok.error();
    }
    d["_arn"] = arn;
    return role_from(role.name, d);
}

CodedResult<IamRole> IamService::get_role(const std::string& account, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:role", name);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("role", name);
    }
    return role_from(name, *d);
}

CodedResult<std::vector<IamRole>> IamService::list_roles(const std::string& account,
                                                         const std::string& path_prefix) {
    std::lock_guard lock(mutex_);
    auto all = load_all(account, "iam:role");
    if (!all) {
        return all.error();
    }
    std::vector<IamRole> out;
    for (const auto& [name, d] : *all) {
        IamRole r = role_from(name, d);
        if (path_prefix.empty() || r.path.starts_with(path_prefix)) {
            out.push_back(r);
        }
    }
    return out;
}

CodedResult<bool> IamService::update_role(const std::string& account,
                                          const std::string& name,
                                          const std::optional<std::string>& description,
                                          std::optional<int> max_session_duration) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:role", name);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("role", name);
    }
    if (max_session_duration) {
        if (auto ok = check_session_duration(*max_session_duration); !ok) {
            return ok;
        }
        (*d)["maxSession"] = *max_session_duration;
    }
    if (description) {
        (*d)["description"] = *description;
    }
    return save(account, "iam:role", name, (*d)["_arn"], *d);
}

CodedResult<bool> IamService::update_assume_role_policy(const std::string& account,
                                                        const std::string& name,
                                                        const std::string& document) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:role", name);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("role", name);
    }
    if (auto trust = parse_policy(document, PolicyKind::kTrust, kTrustPolicyBytes); !trust) {
        return trust.error();
    }
    (*d)["trust"] = document;
    return save(account, "iam:role", name, (*d)["_arn"], *d);
}

CodedResult<bool> IamService::delete_role(const std::string& account, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:role", name);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("role", name);
    }
    if (!string_array(*d, "attached").empty()) {
        return delete_conflict("Cannot delete entity, must detach all policies first.");
    }
    if (d->contains("inline") && !(*d)["inline"].empty()) {
        return delete_conflict("Cannot delete entity, must delete policies first.");
    }
    return erase(account, "iam:role", name);
}

}  // namespace tripline::iam
