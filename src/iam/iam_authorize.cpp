// IamService::authorize: AWS's policy evaluation for one account - the identity-based policies of
// the caller (a user's inline and attached policies plus those of its groups; a role session's
// role policies), explicit Deny first. The account root is always allowed; sts:GetCallerIdentity
// needs no permission, as in AWS.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_json.h"
#include "iam/iam_service.h"
#include "iam/managed_policies.h"

namespace tripline::iam {

namespace {

constexpr std::size_t kStoredPolicyBytes = 131072;  // documents were validated when stored

bool ieq(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

}  // namespace

CodedResult<bool> IamService::collect_policies(const std::string& account,
                                               const nlohmann::json& doc,
                                               PolicySet& out) {
    auto add = [&](const std::string& text) -> CodedResult<bool> {
        auto parsed = parse_policy(text, PolicyKind::kIdentity, kStoredPolicyBytes);
        if (!parsed) {
            return parsed.error();
        }
        out.push_back(std::make_shared<const PolicyDocument>(std::move(*parsed)));
        return true;
    };
    if (doc.is_object() && doc.contains("inline") && doc["inline"].is_object()) {
        for (const auto& [name, text] : doc["inline"].items()) {
            if (auto ok = add(text.get<std::string>()); !ok) {
                return ok;
            }
        }
    }
    for (const auto& a : string_array(doc, "attached")) {
        const std::string arn = a.get<std::string>();
        if (const ManagedPolicy* aws = find_aws_managed_policy(arn); aws != nullptr) {
            if (auto ok = add(aws->document); !ok) {
                return ok;
            }
            continue;
        }
        auto text = policy_document_text(account, arn);
        if (!text) {
            continue;  // a deleted policy grants nothing
        }
        if (auto ok = add(*text); !ok) {
            return ok;
        }
    }
    return true;
}

CodedResult<IamService::PolicySet> IamService::policies_of_user(const std::string& account,
                                                                const std::string& user) {
    PolicySet out;
    auto doc = load(account, "iam:user", user);
    if (!doc) {
        return doc.error();
    }
    if (auto ok = collect_policies(account, *doc, out); !ok) {
        return ok.error();
    }
    auto groups = load_all(account, "iam:group");
    if (!groups) {
        return groups.error();
    }
    for (const auto& [name, gdoc] : *groups) {
        const auto members = string_array(gdoc, "members");
        if (std::find(members.begin(), members.end(), user) != members.end()) {
            if (auto ok = collect_policies(account, gdoc, out); !ok) {
                return ok.error();
            }
        }
    }
    return out;
}

CodedResult<IamService::PolicySet> IamService::policies_of_role(const std::string& account,
                                                                const std::string& role) {
    PolicySet out;
    auto doc = load(account, "iam:role", role);
    if (!doc) {
        return doc.error();
    }
    if (auto ok = collect_policies(account, *doc, out); !ok) {
        return ok.error();
    }
    return out;
}

AuthorizationResult IamService::authorize(const Caller& caller, const RequestContext& request) {
    AuthorizationResult result;
    if (caller.type == "Root" || ieq(request.action, "sts:GetCallerIdentity")) {
        result.decision = Decision::kAllow;
        return result;
    }
    RequestContext context = request;
    context.keys["aws:PrincipalArn"] = {caller.arn};
    context.keys["aws:PrincipalAccount"] = {caller.account_id};
    context.keys["aws:PrincipalType"] = {caller.type == "IAMUser" ? "User" : caller.type};
    context.keys["aws:MultiFactorAuthPresent"] = {caller.mfa_authenticated ? "true" : "false"};
    if (!caller.user_name.empty()) {
        context.keys["aws:username"] = {caller.user_name};
    }

    std::lock_guard lock(mutex_);
    PolicySet policies;
    auto cached = policy_cache_.find(caller.arn);
    if (cached != policy_cache_.end()) {
        policies = cached->second;
    } else {
        CodedResult<PolicySet> loaded = PolicySet{};
        if (caller.type == "IAMUser") {
            loaded = policies_of_user(caller.account_id, caller.user_name);
        } else if (caller.type == "AssumedRole") {
            auto session = find_session(caller.access_key_id);
            loaded = session ? policies_of_role(session->account_id, session->role_name)
                             : CodedResult<PolicySet>(PolicySet{});
        }
        if (!loaded) {
            result.decision = Decision::kImplicitDeny;
            result.message = "Tripline could not read the policies of " + caller.arn + ": " +
                             loaded.error().message;
            return result;
        }
        policies = std::move(*loaded);
        policy_cache_[caller.arn] = policies;
    }
    std::vector<const PolicyDocument*> views;
    views.reserve(policies.size());
    for (const auto& p : policies) {
        views.push_back(p.get());
    }
    result.decision = evaluate(views, context);
    if (result.decision != Decision::kAllow) {
        result.message =
            "User: " + caller.arn + " is not authorized to perform: " + request.action +
            " on resource: " + request.resource +
            (result.decision == Decision::kExplicitDeny
                 ? " with an explicit deny in an identity-based policy"
                 : " because no identity-based policy allows the " + request.action + " action");
    }
    return result;
}

}  // namespace tripline::iam
