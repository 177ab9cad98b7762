// IamService: groups and their members.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"

namespace tripline::iam {

namespace {

IamGroup group_from(const std::string& name, const nlohmann::json& d) {
    IamGroup g;
    g.name = name;
    g.id = d.value("id", "");
    g.path = d.value("path", "/");
    g.arn = d.value("_arn", "");
    g.created = from_epoch(d.value("created", std::int64_t{0}));
    return g;
}

}  // namespace

CodedResult<IamGroup> IamService::create_group(const std::string& account,
                                               const std::string& name,
                                               const std::string& path) {
    std::lock_guard lock(mutex_);
    if (auto ok = validate_iam_name("groupName", name, 128); !ok) {
        return ok.error();
    }
    const std::string p = path.empty() ? "/" : path;
    if (auto ok = validate_iam_path(p); !ok) {
        return ok.error();
    }
    auto all = load_all(account, "iam:group");
    if (!all) {
        return all.error();
    }
    for (const auto& [existing, d] : *all) {
        if (std::equal(
                existing.begin(), existing.end(), name.begin(), name.end(), [](char a, char b) {
                    return std::tolower(a) == std::tolower(b);
                })) {
            return already_exists("Group with name " + name + " already exists.");
        }
    }
    nlohmann::json d = {{"id", new_group_id()},
                        {"path", p},
                        {"created", to_epoch(clock_.now())},
                        {"members", nlohmann::json::array()},
                        {"inline", nlohmann::json::object()},
                        {"attached", nlohmann::json::array()}};
    std::string arn = iam_arn(account, "group", p, name);
    if (auto ok = save(account, "iam:group", name, arn, d); !ok) {
        return ok.error();
    }
    d["_arn"] = arn;
    return group_from(name, d);
}

CodedResult<IamGroup> IamService::get_group(const std::string& account,
                                            const std::string& name,
                                            std::vector<IamUser>* members) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:group", name);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("group", name);
    }
    if (members != nullptr) {
        for (const auto& m : string_array(*d, "members")) {
            auto user = get_user(account, m.get<std::string>());
            if (user) {
                members->push_back(*user);
            }
        }
    }
    return group_from(name, *d);
}

CodedResult<std::vector<IamGroup>> IamService::list_groups(const std::string& account,
                                                           const std::string& path_prefix) {
    std::lock_guard lock(mutex_);
    auto all = load_all(account, "iam:group");
    if (!all) {
        return all.error();
    }
    std::vector<IamGroup> out;
    for (const auto& [name, d] : *all) {
        IamGroup g = group_from(name, d);
        if (path_prefix.empty() || g.path.starts_with(path_prefix)) {
            out.push_back(g);
        }
    }
    return out;
}

CodedResult<bool> IamService::delete_group(const std::string& account, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:group", name);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("group", name);
    }
    if (!string_array(*d, "members").empty()) {
        return delete_conflict("Cannot delete entity, must remove users from group first.");
    }
    if (!string_array(*d, "attached").empty()) {
        return delete_conflict("Cannot delete entity, must detach all policies first.");
    }
    if (d->contains("inline") && !(*d)["inline"].empty()) {
        return delete_conflict("Cannot delete entity, must delete policies first.");
    }
    return erase(account, "iam:group", name);
}

CodedResult<bool> IamService::add_user_to_group(const std::string& account,
                                                const std::string& group,
                                                const std::string& user) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:group", group);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("group", group);
    }
    if (auto u = get_user(account, user); !u) {
        return u.error();
    }
    nlohmann::json members = string_array(*d, "members");
    if (std::find(members.begin(), members.end(), user) != members.end()) {
        return true;  // IAM: adding a member twice succeeds
    }
    auto groups = list_groups_for_user(account, user);
    if (groups && groups->size() >= 10) {
        return limit_exceeded("GroupsPerUser", 10);
    }
    members.push_back(user);
    (*d)["members"] = members;
    return save(account, "iam:group", group, (*d)["_arn"], *d);
}

CodedResult<bool> IamService::remove_user_from_group(const std::string& account,
                                                     const std::string& group,
                                                     const std::string& user) {
    std::lock_guard lock(mutex_);
    auto d = load(account, "iam:group", group);
    if (!d) {
        return d.error();
    }
    if (d->is_null()) {
        return no_such_entity("group", group);
    }
    nlohmann::json members = string_array(*d, "members");
    auto it = std::find(members.begin(), members.end(), user);
    if (it == members.end()) {
        return no_such_entity("user", user);
    }
    members.erase(it);
    (*d)["members"] = members;
    return save(account, "iam:group", group, (*d)["_arn"], *d);
}

CodedResult<std::vector<IamGroup>> IamService::list_groups_for_user(const std::string& account,
                                                                    const std::string& user) {
    std::lock_guard lock(mutex_);
    auto all = load_all(account, "iam:group");
    if (!all) {
        return all.error();
    }
    std::vector<IamGroup> out;
    for (const auto& [name, d] : *all) {
        for (const auto& m : string_array(d, "members")) {
            if (m == user) {
                out.push_back(group_from(name, d));
            }
        }
    }
    return out;
}

}  // namespace tripline::iam
