// Start-up: the config's IAM declarations through IAM's own service - customer managed policies
// (a changed document becomes the new default version), groups, roles (a changed trust policy is
// replaced), attachments, inline policies and group membership. What the config declares is
// ensured; what was added through the API is left alone. A user declared without `policies:` is
// an administrator (AdministratorAccess), as a lab's first user usually is.
#include <spdlog/spdlog.h>

#include "app/steps/steps.h"
#include "iam/iam_service.h"
#include "iam/managed_policies.h"

namespace tripline::app::steps {

namespace {

Status failed(const TextSpan& where, const std::string& what, const CodedError& error) {
    return make_error(Errc::kInvalidArgument,
                      where.to_string() + ": " + what + ": " + error.code + ": " + error.message);
}

std::string policy_arn(const AccountConfig& account, const std::string& ref) {
    if (ref.starts_with("arn:")) {
        return ref;
    }
    if (const iam::ManagedPolicy* aws = iam::find_aws_managed_policy(ref)) {
        return aws->arn();
    }
    std::string path = "/";
    for (const auto& p : account.policies) {
        if (p.name == ref) {
            path = p.path;
        }
    }
    return "arn:aws:iam::" + account.id + ":policy" + path + ref;
}

Status ensure_policy(iam::IamService& iam,
                     const AccountConfig& account,
                     const ManagedPolicyConfig& p) {
    const std::string arn = "arn:aws:iam::" + account.id + ":policy" + p.path + p.name;
    auto existing = iam.get_policy(account.id, arn);
    if (!existing) {
        auto created = iam.create_policy(account.id, p.name, p.path, p.document, p.description, {});
        if (!created) {
            return failed(p.where, "policy " + p.name, created.error());
        }
        spdlog::info("created IAM policy {} from the config", arn);
        return ok_status();
    }
    auto current = iam.get_policy_version(account.id, arn, existing->default_version);
    if (current && current->document == p.document) {
        return ok_status();
    }
    // A changed document: a new default version, making room as IAM's 5-version quota requires.
    auto versions = iam.list_policy_versions(account.id, arn);
    if (versions && versions->size() >= 5) {
        for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
            if (!it->is_default) {
                (void)iam.delete_policy_version(account.id, arn, it->version_id);
                break;
            }
        }
    }
    auto v = iam.create_policy_version(account.id, arn, p.document, true);
    if (!v) {
        return failed(p.where, "policy " + p.name, v.error());
    }
    spdlog::info("IAM policy {} from the config is now version {}", arn, v->version_id);
    return ok_status();
}

Status ensure_policies(iam::IamService& iam,
                       const AccountConfig& account,
                       const TextSpan& where,
                       iam::PrincipalKind kind,
                       const std::string& name,
                       const IamPoliciesConfig& policies,
                       bool default_admin) {
    std::vector<std::string> managed = policies.managed;
    if (!policies.managed_declared && default_admin) {
        managed.push_back("AdministratorAccess");
    }
    for (const auto& ref : managed) {
        auto ok = iam.attach_policy(account.id, kind, name, policy_arn(account, ref));
        if (!ok) {
            return failed(where, "policy " + ref + " of " + name, ok.error());
        }
    }
    for (const auto& [policy_name, document] : policies.inline_policies) {
        auto ok = iam.put_inline_policy(account.id, kind, name, policy_name, document);
        if (!ok) {
            return failed(where, "inline policy " + policy_name + " of " + name, ok.error());
        }
    }
    return ok_status();
}

}  // namespace

Status apply_config_iam(EngineState& state) {
    iam::IamService& iam = *state.iam;
    for (const AccountConfig& account : state.config.accounts) {
        for (const auto& p : account.policies) {
            TRIPLINE_TRY(ensure_policy(iam, account, p));
        }
        for (const auto& g : account.groups) {
            if (auto existing = iam.get_group(account.id, g.name, nullptr); !existing) {
                auto created = iam.create_group(account.id, g.name, g.path);
                if (!created) {
                    return failed(g.where, "group " + g.name, created.error());
                }
            }
            TRIPLINE_TRY(ensure_policies(
                iam, account, g.where, iam::PrincipalKind::kGroup, g.name, g.policies, false));
        }
        for (const auto& r : account.roles) {
            auto existing = iam.get_role(account.id, r.name);
            if (!existing) {
                iam::IamRole role;
                role.name = r.name;
                role.path = r.path;
                role.trust_policy = r.trust_policy;
                role.description = r.description;
                role.max_session_duration = static_cast<int>(r.max_session_duration);
                auto created = iam.create_role(account.id, role);
                if (!created) {
                    return failed(r.where, "role " + r.name, created.error());
                }
            } else if (existing->trust_policy != r.trust_policy) {
                auto ok = iam.update_assume_role_policy(account.id, r.name, r.trust_policy);
                if (!ok) {
                    return failed(r.where, "trust policy of role " + r.name, ok.error());
                }
            }
            TRIPLINE_TRY(ensure_policies(
                iam, account, r.where, iam::PrincipalKind::kRole, r.name, r.policies, false));
        }
        for (const auto& u : account.users) {
            TRIPLINE_TRY(ensure_policies(
                iam, account, u.where, iam::PrincipalKind::kUser, u.name, u.policies, true));
            for (const auto& g : u.groups) {
                auto ok = iam.add_user_to_group(account.id, g, u.name);
                if (!ok) {
                    return failed(u.where, "group " + g + " of user " + u.name, ok.error());
                }
            }
        }
    }
    return ok_status();
}

}  // namespace tripline::app::steps
