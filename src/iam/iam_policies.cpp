// IamService: managed policies - AWS's built-in ones (managed_policies.h, read-only) and the
// account's customer managed policies with up to five versions, one of them the default.
#include <algorithm>
#include <cctype>

#include "base/sha256.h"
#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/identity_names.h"
#include "iam/managed_policies.h"

namespace tripline::iam {

namespace {

constexpr std::size_t kManagedPolicyBytes = 6144;
constexpr std::size_t kMaxVersions = 5;

std::string aws_policy_arn(const ManagedPolicy& p) {
    return "arn:aws:iam::aws:policy" + p.path + p.name;
}

// AWS managed policies have fixed ids everywhere; derive a stable one from the name.
std::string aws_policy_id(const std::string& name) {
    std::string hex = sha256_hex(name);
    std::string id = "ANPA";
    for (std::size_t i = 0; id.size() < 21; ++i) {
        char c = hex[i % hex.size()];
        id += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return id;
}

IamPolicy aws_policy(const ManagedPolicy& p) {
    IamPolicy out;
    out.name = p.name;
    out.id = aws_policy_id(p.name);
    out.path = p.path;
    out.arn = aws_policy_arn(p);
    out.description = p.description;
    out.aws_managed = true;
    out.default_version = "v1";
    return out;
}

IamPolicy customer_policy(const std::string& name, const nlohmann::json& d) {
    IamPolicy out;
    out.name = name;
    out.id = d.value("id", "");
    out.path = d.value("path", "/");
    out.arn = d.value("_arn", "");
    out.description = d.value("description", "");
    out.default_version = d.value("defaultVersion", "v1");
    out.created = from_epoch(d.value("created", std::int64_t{0}));
    out.updated = from_epoch(d.value("updated", std::int64_t{0}));
    out.tags = tags_from(d);
    return out;
}

CodedError no_such_policy(const std::string& arn) {
    return iam_error(
        "NoSuchEntity", "Policy " + arn + " does not exist or is not attachable.", 404);
}

// The name a customer policy ARN ends with, when it belongs to `account`.
std::optional<std::string> customer_policy_name(const std::string& account,
                                                const std::string& arn) {
    const std::string prefix = "arn:aws:iam::" + account + ":policy/";
    if (!arn.starts_with(prefix)) {
        return std::nullopt;
    }
    return arn.substr(arn.rfind('/') + 1);
}

}  // namespace

CodedResult<IamPolicy> IamService::create_policy(const std::string& account,
                                                 const std::string& name,
                                                 const std::string& path,
                                                 const std::string& document,
                                                 const std::string& description,
                                                 const Tags& tags) {
    std::lock_guard lock(mutex_);
    if (auto ok = validate_iam_name("policyName", name, 128); !ok) {
        return ok.error();
    }
    const std::string p = path.empty() ? "/" : path;
    if (auto ok = validate_iam_path(p); !ok) {
        return ok.error();
    }
    if (auto parsed = parse_policy(document, PolicyKind::kIdentity, kManagedPolicyBytes); !parsed) {
        return parsed.error();
    }
    auto existing = load(account, "iam:policy", name);
    if (!existing) {
        return existing.error();
    }
    if (!existing->is_null()) {
        return already_exists("A policy called " + name +
                              " already exists. Duplicate names are not allowed.");
    }
    const auto now = to_epoch(clock_.now());
    nlohmann::json d = {
        {"id", new_policy_id()},
        {"path", p},
        {"description", description},
        {"created", now},
        {"updated", now},
        {"defaultVersion", "v1"},
        {"nextVersion", 2},
        {"tags", tags_json(tags)},
        {"versions",
         nlohmann::json::array({{{"id", "v1"}, {"document", document}, {"created", now}}})}};
    std::string arn = iam_arn(account, "policy", p, name);
    if (auto ok = save(account, "iam:policy", name, arn, d); !ok) {
        return ok.error();
    }
    d["_arn"] = arn;
    return customer_policy(name, d);
}

CodedResult<IamPolicy> IamService::get_policy(const std::string& account, const std::string& arn) {
    std::lock_guard lock(mutex_);
    IamPolicy out;
    if (const ManagedPolicy* aws = find_aws_managed_policy(arn);
        aws != nullptr && arn.starts_with("arn:")) {
        out = aws_policy(*aws);
    } else {
        auto name = customer_policy_name(account, arn);
        if (!name) {
            return no_such_policy(arn);
        }
        auto d = load(account, "iam:policy", *name);
        if (!d) {
            return d.error();
        }
        if (d->is_null() || (*d)["_arn"] != arn) {
            return no_such_policy(arn);
        }
        out = customer_policy(*name, *d);
    }
    // AttachmentCount: the account's users, groups and roles that have it attached.
    for (const char* type : {"iam:user", "iam:group", "iam:role"}) {
        auto all = load_all(account, type);
        if (!all) {
            return all.error();
        }
        for (const auto& [n, d] : *all) {
            for (const auto& a : string_array(d, "attached")) {
                out.attachment_count += a == out.arn ? 1 : 0;
            }
        }
    }
    return out;
}

CodedResult<std::vector<IamPolicy>> IamService::list_policies(const std::string& account,
                                                              const std::string& scope,
                                                              bool only_attached,
                                                              const std::string& path_prefix) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> arns;
    if (scope != "Local") {
        for (const auto& p : aws_managed_policies()) {
            arns.push_back(aws_policy_arn(p));
        }
    }
    if (scope != "AWS") {
        auto all = load_all(account, "iam:policy");
        if (!all) {
            return all.error();
        }
        for (const auto& [n, d] : *all) {
            arns.push_back(d["_arn"]);
        }
    }
    std::vector<IamPolicy> out;
    for (const auto& arn : arns) {
        auto p = get_policy(account, arn);
        if (!p) {
            return p.error();
        }
        if ((only_attached && p->attachment_count == 0) ||
            (!path_prefix.empty() && !p->path.starts_with(path_prefix))) {
            continue;
        }
        out.push_back(*p);
    }
    return out;
}

CodedResult<bool> IamService::delete_policy(const std::string& account, const std::string& arn) {
    std::lock_guard lock(mutex_);
    auto p = get_policy(account, arn);
    if (!p) {
        return p.error();
    }
    if (p->aws_managed) {
        return iam_error("AccessDenied", "AWS managed policies cannot be deleted.", 403);
    }
    if (p->attachment_count > 0) {
        return delete_conflict("Cannot delete a policy attached to entities.");
    }
    auto d = load(account, "iam:policy", p->name);
    if (!d) {
        return d.error();
    }
    if ((*d)["versions"].size() > 1) {
        return delete_conflict(
            "This policy has more than one version. Before you delete a "
            "policy, you must delete the policy's versions. The default "
            "version is deleted with the policy.");
    }
    return erase(account, "iam:policy", p->name);
}

CodedResult<IamPolicyVersion> IamService::create_policy_version(const std::string& account,
                                                                const std::string& arn,
                                                                const std::string& document,
                                                                bool set_as_default) {
    std::lock_guard lock(mutex_);
    auto name = customer_policy_name(account, arn);
    auto d =
        name ? load(account, "iam:policy", *name) : CodedResult<nlohmann::json>(nlohmann::json());
    if (!d) {
        return d.error();
    }
    if (d->is_null() || (*d)["_arn"] != arn) {
        return no_such_policy(arn);
    }
    if (auto parsed = parse_policy(document, PolicyKind::kIdentity, kManagedPolicyBytes); !parsed) {
        return parsed.error();
    }
    if ((*d)["versions"].size() >= kMaxVersions) {
        return iam_error("LimitExceeded",
                         "A managed policy can have up to 5 versions. Before you create a new "
                         "version, you must delete an existing version.",
                         409);
    }
    int next = d->value("nextVersion", 2);
    IamPolicyVersion v{"v" + std::to_string(next), document, set_as_default, clock_.now()};
    (*d)["versions"].push_back(
        {{"id", v.version_id}, {"document", document}, {"created", to_epoch(v.created)}});
    (*d)["nextVersion"] = next + 1;
    (*d)["updated"] = to_epoch(v.created);
    if (set_as_default) {
        (*d)["defaultVersion"] = v.version_id;
    }
    if (auto ok = save(account, "iam:policy", *name, arn, *d); !ok) {
        return ok.error();
    }
    return v;
}

CodedResult<std::vector<IamPolicyVersion>> IamService::list_policy_versions(
    const std::string& account, const std::string& arn) {
    std::lock_guard lock(mutex_);
    std::vector<IamPolicyVersion> out;
    if (const ManagedPolicy* aws = find_aws_managed_policy(arn);
        aws != nullptr && arn.starts_with("arn:")) {
        out.push_back(IamPolicyVersion{"v1", aws->document, true, TimePoint{}});
        return out;
    }
    auto name = customer_policy_name(account, arn);
    auto d =
        name ? load(account, "iam:policy", *name) : CodedResult<nlohmann::json>(nlohmann::json());
    if (!d) {
        return d.error();
    }
    if (d->is_null() || (*d)["_arn"] != arn) {
        return no_such_policy(arn);
    }
    const std::string def = d->value("defaultVersion", "v1");
    for (const auto& v : (*d)["versions"]) {
        out.push_back(IamPolicyVersion{v.value("id", ""),
                                       v.value("document", ""),
                                       v.value("id", "") == def,
                                       from_epoch(v.value("created", std::int64_t{0}))});
    }
    std::reverse(out.begin(), out.end());  // newest first, as IAM lists them
    return out;
}

CodedResult<IamPolicyVersion> IamService::get_policy_version(const std::string& account,
                                                             const std::string& arn,
                                                             const std::string& version) {
    std::lock_guard lock(mutex_);
    auto versions = list_policy_versions(account, arn);
    if (!versions) {
        return versions.error();
    }
    for (const auto& v : *versions) {
        if (v.version_id == version) {
            return v;
        }
    }
    return iam_error(
        "NoSuchEntity",
        "Policy " + arn + " version " + version + " does not exist or is not attachable.",
        404);
}

CodedResult<bool> IamService::delete_policy_version(const std::string& account,
                                                    const std::string& arn,
                                                    const std::string& version) {
    std::lock_guard lock(mutex_);
    auto v = get_policy_version(account, arn, version);
    if (!v) {
        return v.error();
    }
    auto name = customer_policy_name(account, arn);
    if (!name) {
        return iam_error("AccessDenied", "AWS managed policies cannot be changed.", 403);
    }
    if (v->is_default) {
        return delete_conflict("Cannot delete the default version of a policy.");
    }
    auto d = load(account, "iam:policy", *name);
    if (!d) {
        return d.error();
    }
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& entry : (*d)["versions"]) {
        if (entry.value("id", "") != version) {
            kept.push_back(entry);
        }
    }
    (*d)["versions"] = kept;
    return save(account, "iam:policy", *name, arn, *d);
}

CodedResult<bool> IamService::set_default_policy_version(const std::string& account,
                                                         const std::string& arn,
                                                         const std::string& version) {
    std::lock_guard lock(mutex_);
    auto v = get_policy_version(account, arn, version);
    if (!v) {
        return v.error();
    }
    auto name = customer_policy_name(account, arn);
    if (!name) {
        return iam_error("AccessDenied", "AWS managed policies cannot be changed.", 403);
    }
    auto d = load(account, "iam:policy", *name);
    if (!d) {
        return d.error();
    }
    (*d)["defaultVersion"] = version;
    (*d)["updated"] = to_epoch(clock_.now());
    return save(account, "iam:policy", *name, arn, *d);
}

CodedResult<std::string> IamService::policy_document_text(const std::string& account,
                                                          const std::string& arn) {
    auto p = get_policy(account, arn);
    if (!p) {
        return p.error();
    }
    auto v = get_policy_version(account, arn, p->default_version);
    if (!v) {
        return v.error();
    }
    return v->document;
}

}  // namespace tripline::iam
