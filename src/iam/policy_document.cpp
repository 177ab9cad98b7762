// parse_policy: IAM's validation of a policy document at Put*/Create* time, with IAM's error
// wording. The raw text is sized and depth-checked before nlohmann parses it, so a hostile
// document costs at most a bounded scan.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "iam/policy.h"
#include "iam/policy_internal.h"

namespace tripline::iam {

namespace {

using nlohmann::json;

constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxStatements = 1000;
constexpr std::size_t kRawSlack = 4096;

CodedError malformed(std::string message) {
    return coded_error("MalformedPolicyDocument", std::move(message));
}

CodedError syntax_error() { return malformed("Syntax errors in policy."); }

struct RawShape {
    std::size_t counted = 0;  // characters IAM counts: all but whitespace outside strings
    int depth = 0;            // deepest nesting of objects and arrays
};

// One pass over the text as JSON tokens would see it; exact for valid JSON, and any text that
// is not valid JSON fails the parse anyway.
RawShape scan(std::string_view text) {
    RawShape shape;
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            ++shape.counted;
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        ++shape.counted;
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            shape.depth = std::max(shape.depth, ++depth);
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return shape;
}

// A string or an array of strings (Action, Resource, principal values); nullopt otherwise.
std::optional<std::vector<std::string>> string_list(const json& value) {
    std::vector<std::string> out;
    if (value.is_string()) {
        out.push_back(value.get<std::string>());
        return out;
    }
    if (!value.is_array()) {
        return std::nullopt;
    }
    for (const auto& item : value) {
        if (!item.is_string()) {
            return std::nullopt;
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

// Condition values may also be numbers and booleans, compared as their text.
std::optional<std::vector<std::string>> condition_values(const json& value) {
    auto scalar = [](const json& v) -> std::optional<std::string> {
        if (v.is_string()) {
            return v.get<std::string>();
        }
        if (v.is_boolean() || v.is_number()) {
            return v.dump();
        }
        return std::nullopt;
    };
    std::vector<std::string> out;
    if (!value.is_array()) {
        auto one = scalar(value);
        if (!one) {
            return std::nullopt;
        }
        out.push_back(std::move(*one));
        return out;
    }
    for (const auto& item : value) {
        auto one = scalar(item);
        if (!one) {
            return std::nullopt;
        }
        out.push_back(std::move(*one));
    }
    return out;
}

bool has_vendor_prefix(std::string_view name) {
    std::size_t colon = name.find(':');
    return colon != std::string_view::npos && colon > 0;
}

bool is_account_id(std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "arn:<partition>:iam::" or "arn:<partition>:sts::" (users, roles, sessions, root).
bool is_principal_arn(std::string_view s) {
    if (s.substr(0, 4) != "arn:") {
        return false;
    }
    std::size_t partition_end = s.find(':', 4);
    if (partition_end == std::string_view::npos || partition_end == 4) {
        return false;
    }
    std::string_view service = s.substr(partition_end + 1, 5);
    return service == "iam::" || service == "sts::";
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

CodedError invalid_principal(std::string_view type, std::string_view value) {
    return malformed("Invalid principal in policy: \"" + upper(type) + "\":\"" +
                     std::string(value) + "\"");
}

CodedResult<bool> parse_principal(const json& value, PolicyStatement& out) {
    if (value.is_string()) {
        if (value.get<std::string>() != "*") {
            return malformed("Invalid principal in policy: \"" + value.get<std::string>() + "\"");
        }
        out.principals["*"] = {"*"};
        return true;
    }
    if (!value.is_object() || value.empty()) {
        return syntax_error();
    }
    for (const auto& [type, entry] : value.items()) {
        auto values = string_list(entry);
        if (!values || values->empty()) {
            return syntax_error();
        }
        for (const auto& v : *values) {
            bool ok = false;
            if (type == "AWS") {
                ok = v == "*" || is_account_id(v) || is_principal_arn(v);
            } else if (type == "Service" || type == "Federated" || type == "CanonicalUser") {
                ok = !v.empty() && std::none_of(v.begin(), v.end(), [](char c) {
                    return std::isspace(static_cast<unsigned char>(c));
                });
            }
            if (!ok) {
                return invalid_principal(type, v);
            }
        }
        out.principals[type] = std::move(*values);
    }
    return true;
}

CodedResult<bool> parse_conditions(const json& value, PolicyStatement& out) {
    if (!value.is_object()) {
        return syntax_error();
    }
    for (const auto& [op, block] : value.items()) {
        PolicyCondition base;
        if (!detail::decompose_condition_operator(op, base)) {
            return malformed("Invalid Condition type : " + op);
        }
        if (!block.is_object()) {
            return syntax_error();
        }
        for (const auto& [key, entry] : block.items()) {
            if (!has_vendor_prefix(key)) {
                return malformed(
                    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
            auto values = condition_values(entry);
            if (!values) {
                return syntax_error();
            }
            PolicyCondition condition = base;
            condition.key = key;
            condition.values = std::move(*values);
            out.conditions.push_back(std::move(condition));
        }
    }
    return true;
}

CodedResult<bool> parse_actions(const json& value, PolicyKind kind, PolicyStatement& out) {
    auto actions = string_list(value);
    if (!actions) {
        return syntax_error();
    }
    if (actions->empty()) {
        return malformed("Policy statement must contain actions.");
    }
    for (const auto& a : *actions) {
        if (a != "*" && !has_vendor_prefix(a)) {
            return malformed(
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        }
        // A trust policy only governs how the role is assumed.
        if (kind == PolicyKind::kTrust && !out.not_action && a != "*" &&
            !detail::iequals(a.substr(0, 4), "sts:")) {
            return malformed("AssumeRole policy may only specify STS AssumeRole actions.");
        }
    }
    out.actions = std::move(*actions);
    return true;
}

CodedResult<bool> parse_resources(const json& value, PolicyStatement& out) {
    auto resources = string_list(value);
    if (!resources) {
        return syntax_error();
    }
    if (resources->empty()) {
        return malformed("Policy statement must contain resources.");
    }
    for (const auto& r : *resources) {
        if (r != "*" && r.rfind("arn:", 0) != 0) {
            return malformed("Resource " + r + " must be in ARN format or \"*\".");
        }
    }
    out.resources = std::move(*resources);
    return true;
}

bool is_statement_field(std::string_view key) {
    for (std::string_view known : {"Sid",
                                   "Effect",
                                   "Action",
                                   "NotAction",
                                   "Resource",
                                   "NotResource",
                                   "Principal",
                                   "NotPrincipal",
                                   "Condition"}) {
        if (key == known) {
            return true;
        }
    }
    return false;
}

CodedResult<PolicyStatement> parse_statement(const json& s, PolicyKind kind) {
    if (!s.is_object()) {
        return syntax_error();
    }
    for (const auto& item : s.items()) {
        if (!is_statement_field(item.key())) {
            return syntax_error();
        }
    }
    auto both = [&](const char* a, const char* b) { return s.contains(a) && s.contains(b); };
    if (both("Action", "NotAction") || both("Resource", "NotResource") ||
        both("Principal", "NotPrincipal")) {
        return syntax_error();
    }
    PolicyStatement out;
    if (s.contains("Sid")) {
        if (!s["Sid"].is_string()) {
            return syntax_error();
        }
        out.sid = s["Sid"].get<std::string>();
        if (!std::all_of(out.sid.begin(), out.sid.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c));
            })) {
            return malformed(
                "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
                "regular expression [0-9A-Za-z]*");
        }
    }
    if (!s.contains("Effect")) {
        return malformed("Missing required field Effect");
    }
    const json& effect = s["Effect"];
    if (!effect.is_string() || (effect != "Allow" && effect != "Deny")) {
        return malformed("Invalid effect: " +
                         (effect.is_string() ? effect.get<std::string>() : effect.dump()));
    }
    out.allow = effect == "Allow";

    const char* principal_field = s.contains("NotPrincipal") ? "NotPrincipal" : "Principal";
    bool has_principal = s.contains(principal_field);
    if (kind == PolicyKind::kIdentity && has_principal) {
        return malformed(std::string("Has prohibited field ") + principal_field);
    }
    if (kind == PolicyKind::kTrust && !has_principal) {
        return malformed("Missing required field Principal");
    }
    if (!s.contains("Action") && !s.contains("NotAction")) {
        return malformed("Missing required field Action");
    }
    const char* resource_field = s.contains("NotResource") ? "NotResource" : "Resource";
    bool has_resource = s.contains(resource_field);
    if (kind == PolicyKind::kTrust && has_resource) {
        return malformed(std::string("Has prohibited field ") + resource_field);
    }
    if (kind == PolicyKind::kIdentity && !has_resource) {
        return malformed("Missing required field Resource");
    }

    if (has_principal) {
        out.not_principal = s.contains("NotPrincipal");
        CODED_ASSIGN([[maybe_unused]] bool ok, parse_principal(s[principal_field], out));
    }
    out.not_action = s.contains("NotAction");
    CODED_ASSIGN([[maybe_unused]] bool actions_ok,
                 parse_actions(s[out.not_action ? "NotAction" : "Action"], kind, out));
    if (has_resource) {
        out.not_resource = s.contains("NotResource");
        CODED_ASSIGN([[maybe_unused]] bool resources_ok, parse_resources(s[resource_field], out));
    }
    if (s.contains("Condition")) {
        CODED_ASSIGN([[maybe_unused]] bool conditions_ok, parse_conditions(s["Condition"], out));
    }
    return out;
}

}  // namespace

CodedResult<PolicyDocument> parse_policy(std::string_view text,
                                         PolicyKind kind,
                                         std::size_t max_bytes) {
    auto too_large = [&] {
        return coded_error("LimitExceeded",
                           "Cannot exceed quota for PolicySize: " + std::to_string(max_bytes));
    };
    if (text.size() > 2 * max_bytes + kRawSlack) {
        return too_large();  // refused before even scanning: the counted size cannot be smaller
    }
    RawShape shape = scan(text);
    if (shape.counted > max_bytes) {
        return too_large();
    }
    if (shape.depth > kMaxDepth) {
        return syntax_error();
    }
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return syntax_error();
    }
    PolicyDocument out;
    out.version = "2008-10-17";  // IAM's default when Version is absent
    for (const auto& item : doc.items()) {
        if (item.key() != "Version" && item.key() != "Statement" && item.key() != "Id") {
            return syntax_error();
        }
    }
    if (doc.contains("Id") && !doc["Id"].is_string()) {
        return syntax_error();
    }
    if (doc.contains("Version")) {
        if (!doc["Version"].is_string()) {
            return syntax_error();
        }
        out.version = doc["Version"].get<std::string>();
        if (out.version != "2012-10-17" && out.version != "2008-10-17") {
            return malformed("The policy failed legacy parsing");
        }
    }
    if (!doc.contains("Statement")) {
        return syntax_error();
    }
    const json& statements = doc["Statement"];
    if ((statements.is_array() && (statements.empty() || statements.size() > kMaxStatements)) ||
        (!statements.is_array() && !statements.is_object())) {
        return syntax_error();
    }
    std::set<std::string> sids;
    auto add = [&](const json& s) -> CodedResult<bool> {
        CODED_ASSIGN(PolicyStatement statement, parse_statement(s, kind));
        if (!statement.sid.empty() && !sids.insert(statement.sid).second) {
            return malformed("Statement IDs (SID) in a single policy must be unique.");
        }
        out.statements.push_back(std::move(statement));
        return true;
    };
    if (statements.is_object()) {
        CODED_ASSIGN([[maybe_unused]] bool ok, add(statements));
    } else {
        for (const auto& s : statements) {
            CODED_ASSIGN([[maybe_unused]] bool ok, add(s));
        }
    }
    return out;
}

}  // namespace tripline::iam
