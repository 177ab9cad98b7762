// IAM API: groups, roles, managed policies and versions, attachments and inline policies.
#include "api/services/iam/iam_api.h"
#include "api/services/iam/iam_wire.h"
#include "base/uri_encoding.h"

namespace tripline::api::services {

using namespace iam_wire;

namespace {

// IAM returns policy documents URL-encoded; the SDKs decode them.
std::string wire_document(const std::string& document) { return uri_encode(document, false); }

Tree group_tree(const iam::IamGroup& g) {
    return Tree{{"Path", g.path},
                {"GroupName", g.name},
                {"GroupId", g.id},
                {"Arn", g.arn},
                {"CreateDate", iam_date(g.created)}};
}

Tree role_tree(const iam::IamRole& r, bool full) {
    Tree t{{"Path", r.path},
           {"RoleName", r.name},
           {"RoleId", r.id},
           {"Arn", r.arn},
           {"CreateDate", iam_date(r.created)},
           {"AssumeRolePolicyDocument", wire_document(r.trust_policy)}};
    if (!r.description.empty()) {
        t["Description"] = r.description;
    }
    t["MaxSessionDuration"] = r.max_session_duration;
    if (full) {
        if (!r.tags.empty()) {
            t["Tags"] = tags_tree(r.tags);
        }
        Tree last = Tree::object();
        if (r.last_used) {
            last = Tree{{"LastUsedDate", iam_date(*r.last_used)}, {"Region", r.last_used_region}};
        }
        t["RoleLastUsed"] = last;
    }
    return t;
}

Tree policy_tree(const iam::IamPolicy& p) {
    Tree t{{"PolicyName", p.name},
           {"PolicyId", p.id},
           {"Arn", p.arn},
           {"Path", p.path},
           {"DefaultVersionId", p.default_version},
           {"AttachmentCount", p.attachment_count},
           {"PermissionsBoundaryUsageCount", 0},
           {"IsAttachable", true}};
    if (!p.description.empty()) {
        t["Description"] = p.description;
    }
    t["CreateDate"] = iam_date(p.created);
    t["UpdateDate"] = iam_date(p.updated);
    if (!p.tags.empty()) {
        t["Tags"] = tags_tree(p.tags);
    }
    return t;
}

Tree version_tree(const iam::IamPolicyVersion& v, bool with_document) {
    Tree t;
    if (with_document) {
        t["Document"] = wire_document(v.document);
    }
    t["VersionId"] = v.version_id;
    t["IsDefaultVersion"] = v.is_default;
    t["CreateDate"] = iam_date(v.created);
    return t;
}

template <typename T>
ServiceReply fail(const CodedResult<T>& r) {
    return to_api(r.error());
}

struct PrincipalOps {
    iam::PrincipalKind kind;
    const char* noun;        // "User"
    const char* name_field;  // "UserName"
};

constexpr PrincipalOps kPrincipals[] = {{iam::PrincipalKind::kUser, "User", "UserName"},
                                        {iam::PrincipalKind::kGroup, "Group", "GroupName"},
                                        {iam::PrincipalKind::kRole, "Role", "RoleName"}};

}  // namespace

void IamApi::add_policy_operations() {
    auto reply = [this](ApiCall& call, const Tree& result, bool record = true) -> ServiceReply {
        if (record) {
            call.response_elements = recorded(result);
        }
        return query_reply(call, xml_namespace(), to_xml(result), !result.empty());
    };
    auto required = [](const ApiCall& call, const char* name, ApiError& error) {
        auto v = get(call, name);
        if (!v) {
            error = missing(name);
        }
        return v;
    };

    // --- groups
    operations_["CreateGroup"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "GroupName", e);
        if (!name) {
            return e;
        }
        auto g = iam_.create_group(call.principal.account_id, *name, get_or(call, "Path", "/"));
        return g ? reply(call, Tree{{"Group", group_tree(*g)}}) : fail(g);
    };
    operations_["GetGroup"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "GroupName", e);
        if (!name) {
            return e;
        }
        std::vector<iam::IamUser> users;
        auto g = iam_.get_group(call.principal.account_id, *name, &users);
        if (!g) {
            return fail(g);
        }
        Tree list = Tree::array();
        for (const auto& u : users) {
            list.push_back(Tree{{"Path", u.path},
                                {"UserName", u.name},
                                {"UserId", u.id},
                                {"Arn", u.arn},
                                {"CreateDate", iam_date(u.created)}});
        }
        return reply(
            call, Tree{{"Group", group_tree(*g)}, {"Users", list}, {"IsTruncated", false}}, false);
    };
    operations_["ListGroups"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto groups = iam_.list_groups(call.principal.account_id, get_or(call, "PathPrefix", ""));
        if (!groups) {
            return fail(groups);
        }
        Page page = page_of(call, groups->size());
        Tree list = Tree::array();
        for (std::size_t i = page.begin; i < page.end; ++i) {
            list.push_back(group_tree((*groups)[i]));
        }
        Tree result{{"Groups", list}};
        add_paging(result, page);
        return reply(call, result, false);
    };
    operations_["ListGroupsForUser"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto user = required(call, "UserName", e);
        if (!user) {
            return e;
        }
        if (auto u = iam_.get_user(call.principal.account_id, *user); !u) {
            return fail(u);
        }
        auto groups = iam_.list_groups_for_user(call.principal.account_id, *user);
        if (!groups) {
            return fail(groups);
        }
        Tree list = Tree::array();
        for (const auto& g : *groups) {
            list.push_back(group_tree(g));
        }
        return reply(call, Tree{{"Groups", list}, {"IsTruncated", false}}, false);
    };
    operations_["DeleteGroup"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "GroupName", e);
        if (!name) {
            return e;
        }
        auto ok = iam_.delete_group(call.principal.account_id, *name);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["AddUserToGroup"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto group = required(call, "GroupName", e);
        auto user = required(call, "UserName", e);
        if (!group || !user) {
            return e;
        }
        auto ok = iam_.add_user_to_group(call.principal.account_id, *group, *user);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["RemoveUserFromGroup"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto group = required(call, "GroupName", e);
        auto user = required(call, "UserName", e);
        if (!group || !user) {
            return e;
        }
        auto ok = iam_.remove_user_from_group(call.principal.account_id, *group, *user);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };

    // --- roles
    operations_["CreateRole"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "RoleName", e);
        auto trust = required(call, "AssumeRolePolicyDocument", e);
        if (!name || !trust) {
            return e;
        }
        iam::IamRole role;
        role.name = *name;
        role.path = get_or(call, "Path", "/");
        role.trust_policy = *trust;
        role.description = get_or(call, "Description", "");
        role.max_session_duration = integer(call, "MaxSessionDuration").value_or(3600);
        role.tags = tags(call);
        auto r = iam_.create_role(call.principal.account_id, role);
        return r ? reply(call, Tree{{"Role", role_tree(*r, false)}}) : fail(r);
    };
    operations_["GetRole"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "RoleName", e);
        if (!name) {
            return e;
        }
        auto r = iam_.get_role(call.principal.account_id, *name);
        return r ? reply(call, Tree{{"Role", role_tree(*r, true)}}, false) : fail(r);
    };
    operations_["ListRoles"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto roles = iam_.list_roles(call.principal.account_id, get_or(call, "PathPrefix", ""));
        if (!roles) {
            return fail(roles);
        }
        Page page = page_of(call, roles->size());
        Tree list = Tree::array();
        for (std::size_t i = page.begin; i < page.end; ++i) {
            list.push_back(role_tree((*roles)[i], false));
        }
        Tree result{{"Roles", list}};
        add_paging(result, page);
        return reply(call, result, false);
    };
    operations_["UpdateRole"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "RoleName", e);
        if (!name) {
            return e;
        }
        auto ok = iam_.update_role(call.principal.account_id,
                                   *name,
                                   get(call, "Description"),
                                   integer(call, "MaxSessionDuration"));
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["UpdateAssumeRolePolicy"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "RoleName", e);
        auto doc = required(call, "PolicyDocument", e);
        if (!name || !doc) {
            return e;
        }
        auto ok = iam_.update_assume_role_policy(call.principal.account_id, *name, *doc);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["DeleteRole"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "RoleName", e);
        if (!name) {
            return e;
        }
        auto ok = iam_.delete_role(call.principal.account_id, *name);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };

    // --- managed policies
    operations_["CreatePolicy"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto name = required(call, "PolicyName", e);
        auto doc = required(call, "PolicyDocument", e);
        if (!name || !doc) {
            return e;
        }
        auto p = iam_.create_policy(call.principal.account_id,
                                    *name,
                                    get_or(call, "Path", "/"),
                                    *doc,
                                    get_or(call, "Description", ""),
                                    tags(call));
        return p ? reply(call, Tree{{"Policy", policy_tree(*p)}}) : fail(p);
    };
    operations_["GetPolicy"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto arn = required(call, "PolicyArn", e);
        if (!arn) {
            return e;
        }
        auto p = iam_.get_policy(call.principal.account_id, *arn);
        return p ? reply(call, Tree{{"Policy", policy_tree(*p)}}, false) : fail(p);
    };
    operations_["ListPolicies"] = [this, reply](ApiCall& call) -> ServiceReply {
        auto policies = iam_.list_policies(call.principal.account_id,
                                           get_or(call, "Scope", "All"),
                                           flag(call, "OnlyAttached").value_or(false),
                                           get_or(call, "PathPrefix", ""));
        if (!policies) {
            return fail(policies);
        }
        Page page = page_of(call, policies->size());
        Tree list = Tree::array();
        for (std::size_t i = page.begin; i < page.end; ++i) {
            list.push_back(policy_tree((*policies)[i]));
        }
        Tree result{{"Policies", list}};
        add_paging(result, page);
        return reply(call, result, false);
    };
    operations_["DeletePolicy"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto arn = required(call, "PolicyArn", e);
        if (!arn) {
            return e;
        }
        auto ok = iam_.delete_policy(call.principal.account_id, *arn);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["CreatePolicyVersion"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto arn = required(call, "PolicyArn", e);
        auto doc = required(call, "PolicyDocument", e);
        if (!arn || !doc) {
            return e;
        }
        auto v = iam_.create_policy_version(
            call.principal.account_id, *arn, *doc, flag(call, "SetAsDefault").value_or(false));
        return v ? reply(call, Tree{{"PolicyVersion", version_tree(*v, false)}}) : fail(v);
    };
    operations_["GetPolicyVersion"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto arn = required(call, "PolicyArn", e);
        auto version = required(call, "VersionId", e);
        if (!arn || !version) {
            return e;
        }
        auto v = iam_.get_policy_version(call.principal.account_id, *arn, *version);
        return v ? reply(call, Tree{{"PolicyVersion", version_tree(*v, true)}}, false) : fail(v);
    };
    operations_["ListPolicyVersions"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto arn = required(call, "PolicyArn", e);
        if (!arn) {
            return e;
        }
        auto versions = iam_.list_policy_versions(call.principal.account_id, *arn);
        if (!versions) {
            return fail(versions);
        }
        Tree list = Tree::array();
        for (const auto& v : *versions) {
            list.push_back(version_tree(v, false));
        }
        return reply(call, Tree{{"Versions", list}, {"IsTruncated", false}}, false);
    };
    operations_["DeletePolicyVersion"] = [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto arn = required(call, "PolicyArn", e);
        auto version = required(call, "VersionId", e);
        if (!arn || !version) {
            return e;
        }
        auto ok = iam_.delete_policy_version(call.principal.account_id, *arn, *version);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };
    operations_["SetDefaultPolicyVersion"] =
        [this, reply, required](ApiCall& call) -> ServiceReply {
        ApiError e;
        auto arn = required(call, "PolicyArn", e);
        auto version = required(call, "VersionId", e);
        if (!arn || !version) {
            return e;
        }
        auto ok = iam_.set_default_policy_version(call.principal.account_id, *arn, *version);
        return ok ? reply(call, Tree::object()) : fail(ok);
    };

    // --- attachments and inline policies, the same for users, groups and roles
    for (const PrincipalOps& p : kPrincipals) {
        const std::string noun = p.noun;
        const std::string field = p.name_field;
        const iam::PrincipalKind kind = p.kind;
        operations_["Attach" + noun + "Policy"] =
            [this, reply, required, kind, field](ApiCall& call) -> ServiceReply {
            ApiError e;
            auto name = required(call, field.c_str(), e);
            auto arn = required(call, "PolicyArn", e);
            if (!name || !arn) {
                return e;
            }
            auto ok = iam_.attach_policy(call.principal.account_id, kind, *name, *arn);
            return ok ? reply(call, Tree::object()) : fail(ok);
        };
        operations_["Detach" + noun + "Policy"] =
            [this, reply, required, kind, field](ApiCall& call) -> ServiceReply {
            ApiError e;
            auto name = required(call, field.c_str(), e);
            auto arn = required(call, "PolicyArn", e);
            if (!name || !arn) {
                return e;
            }
            auto ok = iam_.detach_policy(call.principal.account_id, kind, *name, *arn);
            return ok ? reply(call, Tree::object()) : fail(ok);
        };
        operations_["ListAttached" + noun + "Policies"] =
            [this, reply, required, kind, field](ApiCall& call) -> ServiceReply {
            ApiError e;
            auto name = required(call, field.c_str(), e);
            if (!name) {
                return e;
            }
            auto list = iam_.list_attached_policies(call.principal.account_id, kind, *name);
            if (!list) {
                return fail(list);
            }
            Tree out = Tree::array();
            for (const auto& a : *list) {
                out.push_back(Tree{{"PolicyName", a.name}, {"PolicyArn", a.arn}});
            }
            return reply(call, Tree{{"AttachedPolicies", out}, {"IsTruncated", false}}, false);
        };
        operations_["Put" + noun + "Policy"] =
            [this, reply, required, kind, field](ApiCall& call) -> ServiceReply {
            ApiError e;
            auto name = required(call, field.c_str(), e);
            auto policy = required(call, "PolicyName", e);
            auto doc = required(call, "PolicyDocument", e);
            if (!name || !policy || !doc) {
                return e;
            }
            auto ok = iam_.put_inline_policy(call.principal.account_id, kind, *name, *policy, *doc);
            return ok ? reply(call, Tree::object()) : fail(ok);
        };
        operations_["Get" + noun + "Policy"] =
            [this, reply, required, kind, field](ApiCall& call) -> ServiceReply {
            ApiError e;
            auto name = required(call, field.c_str(), e);
            auto policy = required(call, "PolicyName", e);
            if (!name || !policy) {
                return e;
            }
            auto doc = iam_.get_inline_policy(call.principal.account_id, kind, *name, *policy);
            if (!doc) {
                return fail(doc);
            }
            return reply(call,
                         Tree{{field, *name},
                              {"PolicyName", *policy},
                              {"PolicyDocument", wire_document(*doc)}},
                         false);
        };
        operations_["Delete" + noun + "Policy"] =
            [this, reply, required, kind, field](ApiCall& call) -> ServiceReply {
            ApiError e;
            auto name = required(call, field.c_str(), e);
            auto policy = required(call, "PolicyName", e);
            if (!name || !policy) {
                return e;
            }
            auto ok = iam_.delete_inline_policy(call.principal.account_id, kind, *name, *policy);
            return ok ? reply(call, Tree::object()) : fail(ok);
        };
        operations_["List" + noun + "Policies"] =
            [this, reply, required, kind, field](ApiCall& call) -> ServiceReply {
            ApiError e;
            auto name = required(call, field.c_str(), e);
            if (!name) {
                return e;
            }
            auto names = iam_.list_inline_policies(call.principal.account_id, kind, *name);
            if (!names) {
                return fail(names);
            }
            Tree out = Tree::array();
            for (const auto& n : *names) {
                out.push_back(n);
            }
            return reply(call, Tree{{"PolicyNames", out}, {"IsTruncated", false}}, false);
        };
    }
}

IamApi::IamApi(iam::IamService& iam) : iam_(iam) {
    add_user_operations();
    add_policy_operations();
}

ServiceReply IamApi::handle(ApiCall& call) {
    // IAM is global: CloudTrail records its calls in us-east-1 whatever the client signed.
    call.region = "us-east-1";
    auto it = operations_.find(call.operation);
    if (it == operations_.end()) {
        return ApiError{400,
                        "InvalidAction",
                        "Could not find operation " + call.operation + " for version 2010-05-08"};
    }
    return it->second(call);
}

}  // namespace tripline::api::services
