// Case kinds for SNS filter policies (pattern/filter_policy.h):
//   filter-policy [MessageAttributes|MessageBody]
//             input = the policy JSON; expected lines "match <message>" / "no-match <message>".
//             MessageAttributes scope: <message> is the attributes as SNS shows them in JSON
//             deliveries, {"name":{"Type":"String|Number|String.Array|Binary","Value":"..."}};
//             MessageBody scope: <message> is the body text. Output repeats each message with the
//             actual verdict; an invalid policy outputs "error: <message>".
#include <simdjson.h>

#include <sstream>
#include <string>
#include <vector>

#include "handler_registry.h"
#include "pattern/filter_policy.h"

namespace {

using tripline::testing::Case;
namespace p = tripline::pattern;

std::string pad(const std::string& verdict) {
    std::string out = verdict;
    out.resize(std::max<std::size_t>(verdict.size() + 1, 10), ' ');
    return out;
}

bool parse_attributes(const std::string& json, std::vector<p::MessageAttribute>& out) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (parser.parse(json).get(object) != simdjson::SUCCESS) {
        return false;
    }
    for (auto field : object) {
        p::MessageAttribute a;
        a.name = std::string(field.key);
        std::string_view type;
        std::string_view value;
        if (field.value["Type"].get(type) != simdjson::SUCCESS ||
            field.value["Value"].get(value) != simdjson::SUCCESS) {
            return false;
        }
        a.data_type = std::string(type);
        a.value = std::string(value);
        out.push_back(std::move(a));
    }
    return true;
}

std::string run_filter_policy(const Case& c) {
    auto scope = p::parse_filter_policy_scope(c.args.empty() ? "MessageAttributes" : c.args);
    if (!scope) {
        return "error: " + scope.error().message;
    }
    auto policy = p::parse_filter_policy(c.input, *scope);
    if (!policy) {
        return "error: " + policy.error().message;
    }
    std::istringstream lines(c.expected);
    std::string line;
    std::string out;
    while (std::getline(lines, line)) {
        std::size_t space = line.find_first_of(" \t");
        if (line.empty() || space == std::string::npos) {
            out += line + "\n";
            continue;
        }
        std::string message = line.substr(line.find_first_not_of(" \t", space));
        bool verdict = false;
        if (*scope == p::FilterPolicyScope::kMessageBody) {
            verdict = p::matches_body(*policy, message);
        } else {
            std::vector<p::MessageAttribute> attributes;
            if (!parse_attributes(message, attributes)) {
                out += pad("bad-attributes") + message + "\n";
                continue;
            }
            verdict = p::matches_attributes(*policy, attributes);
        }
        out += pad(verdict ? "match" : "no-match") + message + "\n";
    }
    return out;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("filter-policy", run_filter_policy);
