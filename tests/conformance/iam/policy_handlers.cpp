// Case kinds for the IAM policy engine:
//   iam-policy-parse identity|trust [MAX_BYTES]
//                    input = a policy document (verbatim); output "valid" or
//                    "error: <code>: <message>".
//   iam-policy-structure identity|trust
//                    input = a policy document; output the parsed statements, one field a line.
//   iam-evaluate     input = {"policies":[<identity policy>...], "request":{...}} or
//                    {"policies":[...], "requests":[{...}...]}; a request is {"action":..,
//                    "resource":.., "keys":{"aws:SourceIp":"1.2.3.4" or [..]}}. Output the
//                    decision (Allow / ExplicitDeny / ImplicitDeny), one line per request as
//                    "<decision> <action> <resource>" for "requests".
//   iam-trust        input = {"policy":<trust policy>, "callers":[{"arn":..,"account_id":..,
//                    "service":..}...], "request":{...}} (action defaults to sts:AssumeRole);
//                    output "<decision> direct=yes|no <caller>" per caller (direct:
//                    trust_names_caller_directly).
//   iam-wildcard     input = lines "<pattern> <text> [ignore-case]"; output "match" or "no-match"
//                    followed by the line.
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "handler_registry.h"
#include "iam/policy.h"

namespace {

using nlohmann::json;
using tripline::testing::Case;
namespace iam = tripline::iam;

std::string decision_name(iam::Decision d) {
    switch (d) {
        case iam::Decision::kAllow:
            return "Allow";
        case iam::Decision::kExplicitDeny:
            return "ExplicitDeny";
        case iam::Decision::kImplicitDeny:
            return "ImplicitDeny";
    }
    return "?";
}

iam::PolicyKind kind_of(const std::string& args) {
    return args.rfind("trust", 0) == 0 ? iam::PolicyKind::kTrust : iam::PolicyKind::kIdentity;
}

std::string run_parse(const Case& c) {
    std::istringstream args(c.args);
    std::string kind;
    std::size_t max_bytes = 131072;
    args >> kind >> max_bytes;
    auto doc = iam::parse_policy(c.input, kind_of(kind), max_bytes);
    return doc ? "valid" : "error: " + doc.error().code + ": " + doc.error().message;
}

std::string join(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        out += (out.empty() ? "" : " | ") + v;
    }
    return out;
}

std::string run_structure(const Case& c) {
    auto doc = iam::parse_policy(c.input, kind_of(c.args));
    if (!doc) {
        return "error: " + doc.error().code + ": " + doc.error().message;
    }
    std::string out = "version " + doc->version + "\n";
    for (const auto& s : doc->statements) {
        out += "statement" + (s.sid.empty() ? "" : " " + s.sid) + (s.allow ? " Allow" : " Deny") +
               "\n";
        out += std::string(s.not_action ? "  not-action " : "  action ") + join(s.actions) + "\n";
        if (!s.resources.empty()) {
            out += std::string(s.not_resource ? "  not-resource " : "  resource ") +
                   join(s.resources) + "\n";
        }
        for (const auto& [type, values] : s.principals) {
            out += std::string(s.not_principal ? "  not-principal " : "  principal ") + type + " " +
                   join(values) + "\n";
        }
        for (const auto& k : s.conditions) {
            out += "  condition " + (k.set.empty() ? "" : k.set + ":") + k.op +
                   (k.if_exists ? " if-exists " : " ") + k.key + " " + join(k.values) + "\n";
        }
    }
    return out;
}

iam::RequestContext request_of(const json& r) {
    iam::RequestContext out;
    out.action = r.value("action", "");
    out.resource = r.value("resource", "*");
    if (r.contains("keys")) {
        for (const auto& [key, value] : r["keys"].items()) {
            auto& values = out.keys[key];
            if (value.is_array()) {
                for (const auto& v : value) {
                    values.push_back(v.get<std::string>());
                }
            } else {
                values.push_back(value.get<std::string>());
            }
        }
    }
    return out;
}

std::string run_evaluate(const Case& c) {
    json in = json::parse(c.input, nullptr, false);
    if (in.is_discarded()) {
        return "case input is not JSON";
    }
    std::vector<iam::PolicyDocument> docs;
    for (const auto& p : in["policies"]) {
        auto doc = iam::parse_policy(p.dump(), iam::PolicyKind::kIdentity);
        if (!doc) {
            return "error: " + doc.error().code + ": " + doc.error().message;
        }
        docs.push_back(std::move(*doc));
    }
    std::vector<const iam::PolicyDocument*> refs;
    for (const auto& d : docs) {
        refs.push_back(&d);
    }
    if (in.contains("request")) {
        return decision_name(iam::evaluate(refs, request_of(in["request"])));
    }
    std::string out;
    for (const auto& r : in["requests"]) {
        auto request = request_of(r);
        out += decision_name(iam::evaluate(refs, request)) + " " + request.action + " " +
               request.resource + "\n";
    }
    return out;
}

std::string run_trust(const Case& c) {
    json in = json::parse(c.input, nullptr, false);
    if (in.is_discarded()) {
        return "case input is not JSON";
    }
    auto doc = iam::parse_policy(in["policy"].dump(), iam::PolicyKind::kTrust);
    if (!doc) {
        return "error: " + doc.error().code + ": " + doc.error().message;
    }
    json request_json = in.value("request", json::object());
    if (!request_json.contains("action")) {
        request_json["action"] = "sts:AssumeRole";
    }
    auto request = request_of(request_json);
    std::string out;
    for (const auto& c_json : in["callers"]) {
        iam::TrustCaller caller{
            c_json.value("arn", ""), c_json.value("account_id", ""), c_json.value("service", "")};
        std::string who = !caller.service.empty() ? caller.service
                          : !caller.arn.empty()   ? caller.arn
                                                  : caller.account_id;
        out += decision_name(iam::evaluate_trust(*doc, caller, request)) +
               " direct=" + (iam::trust_names_caller_directly(*doc, caller) ? "yes" : "no") + " " +
               who + "\n";
    }
    return out;
}

std::string run_wildcard(const Case& c) {
    std::istringstream lines(c.input);
    std::string line;
    std::string out;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string pattern;
        std::string text;
        std::string flag;
        words >> pattern >> text >> flag;
        bool matched = iam::wildcard_match(pattern, text, flag == "ignore-case");
        out += std::string(matched ? "match    " : "no-match ") + line + "\n";
    }
    return out;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("iam-policy-parse", run_parse);
TRIPLINE_CONFORMANCE_HANDLER("iam-policy-structure", run_structure);
TRIPLINE_CONFORMANCE_HANDLER("iam-evaluate", run_evaluate);
TRIPLINE_CONFORMANCE_HANDLER("iam-trust", run_trust);
TRIPLINE_CONFORMANCE_HANDLER("iam-wildcard", run_wildcard);
