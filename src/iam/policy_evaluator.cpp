// Policy evaluation for one account (AWS's "Policy evaluation logic"): a statement applies when
// its action, resource (identity policies) or principal (trust policies) and every condition
// match; an applicable Deny decides at once, otherwise an applicable Allow allows.
#include <algorithm>

#include "iam/policy.h"
#include "iam/policy_internal.h"

namespace tripline::iam {

namespace {

// Policy variables exist only in the 2012-10-17 language; older documents read "${...}" literally.
bool uses_variables(const PolicyDocument& doc) { return doc.version == "2012-10-17"; }

bool action_matches(const PolicyStatement& s, std::string_view action) {
    bool any = false;
    for (const auto& pattern : s.actions) {
        if (wildcard_match(pattern, action, true)) {
            any = true;
            break;
        }
    }
    return s.not_action ? !any : any;
}

bool resource_matches(const PolicyStatement& s, const RequestContext& request, bool variables) {
    bool any = false;
    for (const auto& resource : s.resources) {
        auto pattern = detail::expand_variables(resource, request, variables);
        if (pattern && detail::pattern_match(*pattern, request.resource, false)) {
            any = true;
            break;
        }
    }
    return s.not_resource ? !any : any;
}

bool conditions_match(const PolicyStatement& s, const RequestContext& request, bool variables) {
    for (const auto& condition : s.conditions) {
        if (!detail::condition_matches(condition, request, variables)) {
            return false;
        }
    }
    return true;
}

std::string_view account_of_root(std::string_view arn) {
    // "arn:<partition>:iam::<account>:root"
    constexpr std::string_view kSuffix = ":root";
    if (arn.substr(0, 4) != "arn:" || arn.size() < kSuffix.size() ||
        arn.substr(arn.size() - kSuffix.size()) != kSuffix) {
        return {};
    }
    std::size_t iam = arn.find(":iam::");
    if (iam == std::string_view::npos) {
        return {};
    }
    std::size_t start = iam + 6;
    return arn.substr(start, arn.size() - kSuffix.size() - start);
}

// A role principal ("arn:aws:iam::1:role/path/R") also names the sessions of that role
// ("arn:aws:sts::1:assumed-role/R/session"), as in AWS.
bool names_role_session(std::string_view principal, std::string_view caller_arn) {
    std::size_t sts = caller_arn.find(":sts::");
    std::size_t iam = principal.find(":iam::");
    if (sts == std::string_view::npos || iam == std::string_view::npos ||
        caller_arn.substr(0, sts) != principal.substr(0, iam)) {
        return false;
    }
    std::string_view session = caller_arn.substr(sts + 6);  // "1:assumed-role/R/session"
    std::size_t colon = session.find(':');
    if (colon == std::string_view::npos || session.substr(colon + 1, 13) != "assumed-role/") {
        return false;
    }
    std::string_view account = session.substr(0, colon);
    std::string_view rest = session.substr(colon + 14);  // "R/session"
    std::string_view role_name = rest.substr(0, rest.find('/'));
    std::string_view role = principal.substr(iam + 6);  // "1:role/path/R"
    std::size_t role_colon = role.find(':');
    if (role_colon == std::string_view::npos || role.substr(0, role_colon) != account ||
        role.substr(role_colon + 1, 5) != "role/" || role_name.empty()) {
        return false;
    }
    std::string_view path_and_name = role.substr(role_colon + 6);
    std::size_t slash = path_and_name.rfind('/');
    std::string_view name =
        slash == std::string_view::npos ? path_and_name : path_and_name.substr(slash + 1);
    return name == role_name;
}

enum class PrincipalMatch { kNone, kAnyone, kAccount, kDirect };

// How a statement's Principal (ignoring NotPrincipal) names the caller; the strongest match wins.
PrincipalMatch principal_match(const PolicyStatement& s, const TrustCaller& caller) {
    PrincipalMatch best = PrincipalMatch::kNone;
    auto note = [&](PrincipalMatch m) { best = std::max(best, m); };
    for (const auto& [type, values] : s.principals) {
        for (const auto& v : values) {
            if (type == "*" || (type == "AWS" && v == "*")) {
                note(PrincipalMatch::kAnyone);
            } else if (type == "AWS") {
                std::string_view root = account_of_root(v);
                if (!caller.account_id.empty() &&
                    (v == caller.account_id || root == caller.account_id)) {
                    note(PrincipalMatch::kAccount);
                } else if (!caller.arn.empty() &&
                           (v == caller.arn || names_role_session(v, caller.arn))) {
                    note(PrincipalMatch::kDirect);
                }
            } else if (type == "Service") {
                if (!caller.service.empty() && v == caller.service) {
                    note(PrincipalMatch::kDirect);
                }
            } else if (type == "Federated") {
                // A federated caller is identified by its provider's ARN (or name).
                if (!caller.arn.empty() && v == caller.arn) {
                    note(PrincipalMatch::kDirect);
                }
            }
        }
    }
    return best;
}

bool principal_applies(const PolicyStatement& s, const TrustCaller& caller) {
    bool named = principal_match(s, caller) != PrincipalMatch::kNone;
    return s.not_principal ? !named : named;
}

}  // namespace

Decision evaluate(const std::vector<const PolicyDocument*>& policies,
                  const RequestContext& request) {
    bool allowed = false;
    for (const PolicyDocument* doc : policies) {
        if (doc == nullptr) {
            continue;
        }
        bool variables = uses_variables(*doc);
        for (const auto& s : doc->statements) {
            if (s.allow && allowed) {
                continue;  // already allowed; only a Deny can change the outcome
            }
            if (!action_matches(s, request.action) || !resource_matches(s, request, variables) ||
                !conditions_match(s, request, variables)) {
                continue;
            }
            if (!s.allow) {
                return Decision::kExplicitDeny;
            }
            allowed = true;
        }
    }
    return allowed ? Decision::kAllow : Decision::kImplicitDeny;
}

Decision evaluate_trust(const PolicyDocument& trust,
                        const TrustCaller& caller,
                        const RequestContext& request) {
    bool allowed = false;
    bool variables = uses_variables(trust);
    for (const auto& s : trust.statements) {
        if (!action_matches(s, request.action) || !principal_applies(s, caller) ||
            !conditions_match(s, request, variables)) {
            continue;
        }
        if (!s.allow) {
            return Decision::kExplicitDeny;
        }
        allowed = true;
    }
    return allowed ? Decision::kAllow : Decision::kImplicitDeny;
}

// Only an Allow whose Principal names the caller's own ARN (or its role, or its service) counts:
// naming the account or "*" delegates to the account's identity policies, so those must allow
// too. NotPrincipal never names anyone directly. Conditions are not considered here.
bool trust_names_caller_directly(const PolicyDocument& trust, const TrustCaller& caller) {
    for (const auto& s : trust.statements) {
        if (s.allow && !s.not_principal && principal_match(s, caller) == PrincipalMatch::kDirect) {
            return true;
        }
    }
    return false;
}

}  // namespace tripline::iam
