// Config: IAM declarations - a user's `policies`, `inline_policies` and `groups`, and an account's
// `groups`, `roles` and customer managed `policies`. Policy documents are checked with IAM's own
// parser, so a malformed document is reported at its line rather than at start-up.
#include "app/config_resources.h"
#include "iam/iam_service.h"
#include "iam/policy.h"

namespace tripline::app {

namespace {

using ConfigReader = tripline::app::ConfigReader;

void check_name(ConfigReader& r,
                const YAML::Node& node,
                const std::string& what,
                const std::string& name,
                std::size_t max) {
    if (name.empty()) {
        r.error(node, what + " needs a 'name'");
    } else if (auto ok = iam::validate_iam_name(what, name, max); !ok) {
        r.error(node,
                what + " name '" + name + "' must be 1-" + std::to_string(max) +
                    " characters of letters, digits and +=,.@_-");
    }
}

void check_path(ConfigReader& r,
                const YAML::Node& node,
                const std::string& what,
                const std::string& path) {
    if (auto ok = iam::validate_iam_path(path); !ok) {
        r.error(node, what + " path must begin and end with '/'");
    }
}

std::string policy_document(ConfigReader& r,
                            const YAML::Node& node,
                            const std::string& what,
                            iam::PolicyKind kind) {
    std::string text = json_document(r, node, what);
    if (text.empty()) {
        return text;
    }
    if (auto parsed = iam::parse_policy(text, kind); !parsed) {
        r.error(node, what + ": " + parsed.error().code + ": " + parsed.error().message);
        return {};
    }
    return text;
}

void read_strings(ConfigReader& r,
                  const YAML::Node& node,
                  const std::string& what,
                  std::vector<std::string>& out) {
    r.sequence(
        node, what, [&](const YAML::Node& item) { r.string(item, what, out.emplace_back()); });
}

void read_inline(ConfigReader& r, const YAML::Node& node, IamPoliciesConfig& policies) {
    if (!node.IsMap()) {
        r.error(node, "inline_policies must be a mapping of policy names to policy documents");
        return;
    }
    for (const auto& kv : node) {
        const std::string name = kv.first.Scalar();
        policies.inline_policies[name] = policy_document(
            r, kv.second, "inline policy '" + name + "'", iam::PolicyKind::kIdentity);
    }
}

void read_policies_key(ConfigReader& r,
                       const std::string& key,
                       const YAML::Node& node,
                       IamPoliciesConfig& policies) {
    if (key == "policies") {
        policies.managed_declared = true;
        read_strings(r, node, "policies", policies.managed);
    } else {
        read_inline(r, node, policies);
    }
}

void read_group(ConfigReader& r, const YAML::Node& node, GroupConfig& group) {
    group.where = r.where(node);
    r.mapping(node,
              "group",
              {{"name", [&](const YAML::Node& n) { r.string(n, "group name", group.name); }},
               {"path", [&](const YAML::Node& n) { r.string(n, "group path", group.path); }},
               {"policies",
                [&](const YAML::Node& n) { read_policies_key(r, "policies", n, group.policies); }},
               {"inline_policies", [&](const YAML::Node& n) {
                    read_policies_key(r, "inline_policies", n, group.policies);
                }}});
    if (node.IsMap()) {
        check_name(r, node, "group", group.name, 128);
        check_path(r, node, "group", group.path);
    }
}

void read_role(ConfigReader& r, const YAML::Node& node, RoleConfig& role) {
    role.where = r.where(node);
    r.mapping(node,
              "role",
              {{"name", [&](const YAML::Node& n) { r.string(n, "role name", role.name); }},
               {"path", [&](const YAML::Node& n) { r.string(n, "role path", role.path); }},
               {"description",
                [&](const YAML::Node& n) { r.string(n, "role description", role.description); }},
               {"max_session_duration",
                [&](const YAML::Node& n) {
                    r.size(n, "max_session_duration", role.max_session_duration);
                }},
               {"trust_policy",
                [&](const YAML::Node& n) {
                    role.trust_policy =
                        policy_document(r, n, "trust_policy", iam::PolicyKind::kTrust);
                }},
               {"policies",
                [&](const YAML::Node& n) { read_policies_key(r, "policies", n, role.policies); }},
               {"inline_policies", [&](const YAML::Node& n) {
                    read_policies_key(r, "inline_policies", n, role.policies);
                }}});
    if (!node.IsMap()) {
        return;
    }
    check_name(r, node, "role", role.name, 64);
    check_path(r, node, "role", role.path);
    if (role.trust_policy.empty() && !node["trust_policy"]) {
        r.error(node, "role needs a 'trust_policy' (who may assume it)");
    }
    if (role.max_session_duration < 3600 || role.max_session_duration > 43200) {
        r.error(node, "max_session_duration must be 3600 to 43200 seconds");
    }
}

void read_managed_policy(ConfigReader& r, const YAML::Node& node, ManagedPolicyConfig& policy) {
    policy.where = r.where(node);
    r.mapping(
        node,
        "policy",
        {{"name", [&](const YAML::Node& n) { r.string(n, "policy name", policy.name); }},
         {"path", [&](const YAML::Node& n) { r.string(n, "policy path", policy.path); }},
         {"description",
          [&](const YAML::Node& n) { r.string(n, "policy description", policy.description); }},
         {"document", [&](const YAML::Node& n) {
              policy.document =
                  policy_document(r, n, "policy document", iam::PolicyKind::kIdentity);
          }}});
    if (!node.IsMap()) {
        return;
    }
    check_name(r, node, "policy", policy.name, 128);
    check_path(r, node, "policy", policy.path);
    if (!node["document"]) {
        r.error(node, "policy needs a 'document'");
    }
}

}  // namespace

bool read_user_iam(ConfigReader& r,
                   const std::string& key,
                   const YAML::Node& node,
                   UserConfig& user) {
    if (key == "groups") {
        read_strings(r, node, "groups", user.groups);
    } else {
        read_policies_key(r, key, node, user.policies);
    }
    return true;
}

void read_account_iam(ConfigReader& r,
                      const std::string& key,
                      const YAML::Node& node,
                      AccountConfig& account) {
    if (key == "groups") {
        r.sequence(node, "groups", [&](const YAML::Node& item) {
            read_group(r, item, account.groups.emplace_back());
        });
    } else if (key == "roles") {
        r.sequence(node, "roles", [&](const YAML::Node& item) {
            read_role(r, item, account.roles.emplace_back());
        });
    } else {
        r.sequence(node, "policies", [&](const YAML::Node& item) {
            read_managed_policy(r, item, account.policies.emplace_back());
        });
    }
}

}  // namespace tripline::app
