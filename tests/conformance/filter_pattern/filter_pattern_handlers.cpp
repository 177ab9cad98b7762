// Case kinds for the filter_pattern module:
//   filter          input = a filter pattern (one line; may be empty); expected lines
//                   "match <message>" / "no-match <message>"; the output repeats each message with
//                   the actual verdict. match(), matches(LogMessage) and matches(string_view) must
//                   agree; a disagreement prints "disagree".
//   invalid-filter  input = a filter pattern; output "error: <message> (at offset N)", or "valid".
#include <sstream>
#include <string>

#include "filter_pattern/filter_pattern.h"
#include "handler_registry.h"

namespace {

using tripline::filter_pattern::ExtractedValues;
using tripline::filter_pattern::FilterPattern;
using tripline::filter_pattern::LogMessage;
using tripline::testing::Case;

std::string describe_error(const tripline::Error& e) {
    std::string out = "error: " + e.message;
    if (e.where) {
        out += " (at offset " + std::to_string(e.where->begin.offset) + ")";
    }
    return out;
}

std::string pad(const std::string& verdict) {
    std::string out = verdict;
    out.resize(std::max<std::size_t>(verdict.size() + 1, 10), ' ');
    return out;
}

std::string run_filter(const Case& c) {
    auto pattern = FilterPattern::parse(c.input);
    if (!pattern) {
        return describe_error(pattern.error());
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
        std::size_t begin = line.find_first_not_of(" \t", space);
        std::string message = begin == std::string::npos ? std::string() : line.substr(begin);
        LogMessage prepared(message);
        ExtractedValues values;
        const bool verdict = pattern->match(prepared, values);
        std::string word = verdict ? "match" : "no-match";
        if (pattern->matches(message) != verdict || pattern->matches(prepared) != verdict) {
            word = "disagree";
        }
        out += pad(word) + message + "\n";
    }
    return out;
}

std::string run_invalid(const Case& c) {
    auto pattern = FilterPattern::parse(c.input);
    if (pattern) {
        return "valid";
    }
    return describe_error(pattern.error());
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("filter", run_filter);
TRIPLINE_CONFORMANCE_HANDLER("invalid-filter", run_invalid);
