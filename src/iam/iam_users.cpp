// IamService: users and their tags.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"
#include "storage/identity_store.h"

namespace tripline::iam {

namespace {

constexpr std::size_t kMaxTags = 50;

IamUser from_store(const storage::User& u, const nlohmann::json& doc) {
    IamUser out;
    out.name = u.user_name;
    out.id = u.user_id;
    out.path = u.path;
    out.arn = u.arn;
    out.created = u.created_at;
    out.tags = tags_from(doc);
    if (doc.is_object() && doc.contains("passwordLastUsed")) {
        out.password_last_used = from_epoch(doc["passwordLastUsed"].get<std::int64_t>());
    }
    return out;
}

CodedResult<bool> check_tags(const Tags& tags) {
    if (tags.size() > kMaxTags) {
        return limit_exceeded("TagsPerUser", static_cast<int>(kMaxTags));
    }
    for (const auto& [k, v] : tags) {
        if (k.empty() || k.size() > 128 || v.size() > 256) {
            return validation_error("1 validation error detected: Value '" + k +
                                    "' at 'tags.member.key' failed to satisfy constraint: Member "
                                    "must have length between 1 and 128");
        }
    }
    return true;
}

}  // namespace

CodedResult<IamUser> IamService::create_user(const std::string& account,
                                             const std::string& name,
                                             const std::string& path,
                                             const Tags& tags) {
    std::lock_guard lock(mutex_);
    if (auto ok = validate_iam_name("userName", name, 64); !ok) {
        return ok.error();
    }
    const std::string p = path.empty() ? "/" : path;
    if (auto ok = validate_iam_path(p); !ok) {
        return ok.error();
    }
    if (auto ok = check_tags(tags); !ok) {
        return ok.error();
    }
    storage::IdentityStore store(db_);
    // IAM names are unique case-insensitively.
    CODED_STORAGE(auto users, store.list_users(account));
    for (const auto& u : users) {
        if (std::equal(u.user_name.begin(),
                       u.user_name.end(),
                       name.begin(),
                       name.end(),
                       [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return already_exists("User with name " + name + " already exists.");
        }
    }
    storage::User user;
    user.account_id = account;
    user.user_name = name;
    user.user_id = new_user_id();
    user.path = p;
    user.arn = user_arn(account, p, name);
    user.created_at = clock_.now();
    CODED_STORAGE_TRY(store.create_user(user));
    nlohmann::json doc = {{"tags", tags_json(tags)}};
    if (auto ok = save(account, "iam:user", name, user.arn, doc); !ok) {
        return ok.error();
    }
    return from_store(user, doc);
}

CodedResult<IamUser> IamService::get_user(const std::string& account, const std::string& name) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    auto user = store.get_user(account, name);
    if (!user) {
        if (user.error().code == Errc::kNotFound) {
            return no_such_entity("user", name);
        }
        return coded_internal(user.error());
    }
    auto doc = load(account, "iam:user", name);
    if (!doc) {
        return doc.error();
    }
    return from_store(*user, *doc);
}

CodedResult<std::vector<IamUser>> IamService::list_users(const std::string& account,
                                                         const std::string& path_prefix) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    CODED_STORAGE(auto users, store.list_users(account));
    auto docs = load_all(account, "iam:user");
    if (!docs) {
        return docs.error();
    }
    std::vector<IamUser> out;
    for (const auto& u : users) {
        if (!path_prefix.empty() && !u.path.starts_with(path_prefix)) {
            continue;
        }
        nlohmann::json doc;
        for (const auto& [name, d] : *docs) {
            if (name == u.user_name) {
                doc = d;
            }
        }
        out.push_back(from_store(u, doc));
    }
    return out;
}

CodedResult<bool> IamService::update_user(const std::string& account,
                                          const std::string& name,
                                          const std::string& new_name,
                                          const std::string& new_path) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    auto user = store.get_user(account, name);
    if (!user) {
        return user.error().code == Errc::kNotFound ? no_such_entity("user", name)
                                                    : coded_internal(user.error());
    }
    if (!new_path.empty()) {
        if (auto ok = validate_iam_path(new_path); !ok) {
            return ok.error();
        }
    }
    const std::string target = new_name.empty() ? name : new_name;
    if (auto ok = validate_iam_name("newUserName", target, 64); !ok) {
        return ok.error();
    }
    if (target != name) {
        auto clash = store.get_user(account, target);
        if (clash) {
            return already_exists("User with name " + target + " already exists.");
        }
    }
    const std::string path = new_path.empty() ? user->path : new_path;
    const std::string arn = user_arn(account, path, target);
    CODED_STORAGE_TRY(store.rename_user(account, name, target, path, arn));
    auto doc = load(account, "iam:user", name);
    if (!doc) {
        return doc.error();
    }
    nlohmann::json moved = doc->is_null() ? nlohmann::json::object() : *doc;
    if (auto ok = erase(account, "iam:user", name); !ok) {
        return ok;
    }
    if (auto ok = save(account, "iam:user", target, arn, moved); !ok) {
        return ok;
    }
    if (target != name) {
        // Group membership is by name.
        auto groups = load_all(account, "iam:group");
        if (!groups) {
            return groups.error();
        }
        for (auto& [group, gdoc] : *groups) {
            nlohmann::json members = string_array(gdoc, "members");
            bool touched = false;
            for (auto& m : members) {
                if (m == name) {
                    m = target;
                    touched = true;
                }
            }
            if (touched) {
                gdoc["members"] = members;
                if (auto ok = save(account, "iam:group", group, gdoc["_arn"], gdoc); !ok) {
                    return ok;
                }
            }
        }
    }
    return true;
}

CodedResult<bool> IamService::delete_user(const std::string& account, const std::string& name) {
    std::lock_guard lock(mutex_);
    storage::IdentityStore store(db_);
    auto user = store.get_user(account, name);
    if (!user) {
        return user.error().code == Errc::kNotFound ? no_such_entity("user", name)
                                                    : coded_internal(user.error());
    }
    auto doc = load(account, "iam:user", name);
    if (!doc) {
        return doc.error();
    }
    // IAM refuses to delete a user that still has subordinate entities, and says which.
    if (doc->is_object() && doc->contains("loginProfile")) {
        return delete_conflict("Cannot delete entity, must delete login profile first.");
    }
    CODED_STORAGE(auto keys, store.list_access_keys(account, name));
    if (!keys.empty()) {
        return delete_conflict("Cannot delete entity, must delete access keys first.");
    }
    if (!string_array(*doc, "mfa").empty()) {
        return delete_conflict("Cannot delete entity, must delete MFA device first.");
    }
    if (!string_array(*doc, "attached").empty()) {
        return delete_conflict("Cannot delete entity, must detach all policies first.");
    }
    if (doc->is_object() && doc->contains("inline") && !(*doc)["inline"].empty()) {
        return delete_conflict("Cannot delete entity, must delete policies first.");
    }
    auto groups = load_all(account, "iam:group");
    if (!groups) {
        return groups.error();
    }
    for (const auto& [group, gdoc] : *groups) {
        for (const auto& m : string_array(gdoc, "members")) {
            if (m == name) {
                return delete_conflict("Cannot delete entity, must remove users from group first.");
            }
        }
    }
    CODED_STORAGE_TRY(store.delete_user(account, name));
    return erase(account, "iam:user", name);
}

CodedResult<bool> IamService::tag_user(const std::string& account,
                                       const std::string& name,
                                       const Tags& tags) {
    std::lock_guard lock(mutex_);
    auto user = get_user(account, name);
    if (!user) {
        return user.error();
    }
    Tags merged = user->tags;
    merge_tags(merged, tags);
    if (auto ok = check_tags(merged); !ok) {
        return ok;
    }
    auto doc = load(account, "iam:user", name);
    if (!doc) {
        return doc.error();
    }
    nlohmann::json d = doc->is_null() ? nlohmann::json::object() : *doc;
    d["tags"] = tags_json(merged);
    return save(account, "iam:user", name, user->arn, d);
}

CodedResult<bool> IamService::untag_user(const std::string& account,
                                         const std::string& name,
                                         const std::vector<std::string>& keys) {
    std::lock_guard lock(mutex_);
    auto user = get_user(account, name);
    if (!user) {
        return user.error();
    }
    Tags kept;
    for (const auto& t : user->tags) {
        if (std::find(keys.begin(), keys.end(), t.first) == keys.end()) {
            kept.push_back(t);
        }
    }
    auto doc = load(account, "iam:user", name);
    if (!doc) {
        return doc.error();
    }
    nlohmann::json d = doc->is_null() ? nlohmann::json::object() : *doc;
    d["tags"] = tags_json(kept);
    return save(account, "iam:user", name, user->arn, d);
}

}  // namespace tripline::iam
