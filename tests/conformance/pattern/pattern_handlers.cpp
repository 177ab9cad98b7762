// Case kinds for the pattern module:
//   pattern          input = pattern JSON; expected lines "match <event>" / "no-match <event>"; the
//                    output repeats each event with the actual verdict (or "invalid-event
//                    <event>"). Every event is checked by both the reference matcher and a RuleSet
//                    holding the pattern; a disagreement prints "disagree".
//   invalid-pattern  input = pattern JSON; output "error: <reason> (at L:C)", or "valid" when the
//                    pattern is accepted.
#include <sstream>
#include <string>

#include "handler_registry.h"
#include "pattern/matcher.h"
#include "pattern/pattern_parser.h"
#include "pattern/rule_set.h"

namespace {

using tripline::testing::Case;

std::string describe_error(const tripline::Error& e) {
    std::string out = "error: " + e.message;
    if (e.where) {
        out += " (at " + std::to_string(e.where->begin.line) + ":" +
               std::to_string(e.where->begin.column) + ")";
    }
    return out;
}

std::string pad(const std::string& verdict) {
    std::string out = verdict;
    out.resize(std::max<std::size_t>(verdict.size() + 1, 10), ' ');
    return out;
}

std::string run_pattern(const Case& c) {
    auto pattern = tripline::pattern::parse_event_pattern(c.input);
    if (!pattern) {
        return describe_error(pattern.error());
    }
    tripline::pattern::RuleSet::Builder builder;
    (void)builder.add(1, *pattern);
    auto rules = std::move(builder).build();
    std::istringstream lines(c.expected);
    std::string line;
    std::string out;
    while (std::getline(lines, line)) {
        std::size_t space = line.find_first_of(" \t");
        if (line.empty() || space == std::string::npos) {
            out += line + "\n";
            continue;
        }
        std::string event = line.substr(line.find_first_not_of(" \t", space));
        auto verdict = tripline::pattern::matches(*pattern, event);
        auto set_verdict = rules->match(event);
        std::string word;
        if (!verdict) {
            word = "invalid-event";
        } else {
            word = *verdict ? "match" : "no-match";
            bool set_match = set_verdict && !set_verdict->empty();
            if (!set_verdict || set_match != *verdict) {
                word = "disagree";
            }
        }
        out += pad(word) + event + "\n";
    }
    return out;
}

std::string run_invalid(const Case& c) {
    auto pattern = tripline::pattern::parse_event_pattern(c.input);
    if (pattern) {
        return "valid";
    }
    return describe_error(pattern.error());
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("pattern", run_pattern);
TRIPLINE_CONFORMANCE_HANDLER("invalid-pattern", run_invalid);
