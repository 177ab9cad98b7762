// Case kinds for custom data identifiers and allow lists (macie.md §6, §7):
//   custom      input = header lines, then "text:" and the text (one value; its lines are joined
//               with '\n'). Header lines:
//                 regex: <pattern>          (required; everything after "regex: ")
//                 keywords: a|b|c           ignore: x|y          distance: N
//                 names: column|element     (context names: keywords there count for every match)
//                 name: <identifier name>   (default "case")
//               Output: one line per match (its text, '\n' shown as \n), "none" when there is no
//               match, or "error: <message>" when the identifier does not validate.
//   custom-test TestCustomDataIdentifier: the same input (no name needed; the text is the
//               sampleText); output "matchCount: N" or "error: <message>".
//   allow-list  args "regex" or "words"; input = the regex (one line) or the word lines, then a
//               line "---", then one candidate occurrence per line. Output per candidate:
//               "allowed <text>" or "kept <text>", or "error: <message>" for a bad list.
#include <string>
#include <string_view>
#include <vector>

#include "handler_registry.h"
#include "scan/allow_list.h"
#include "scan/custom_identifier.h"

namespace {

using tripline::testing::Case;

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    while (true) {
        std::size_t at = text.find(separator);
        out.push_back(text.substr(0, at));
        if (at == std::string_view::npos) {
            return out;
        }
        text.remove_prefix(at + 1);
    }
}

std::string printable(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

struct CustomInput {
    tripline::scan::CustomIdentifierSpec spec;
    std::vector<std::string> names;
    std::string text;
};

// Parses a custom case's input; returns an error line for a malformed case.
std::string parse_custom_input(const Case& c, CustomInput& in) {
    tripline::scan::CustomIdentifierSpec& spec = in.spec;
    std::vector<std::string>& names = in.names;
    std::string& text = in.text;
    spec.name = "case";
    bool in_text = false;
    for (std::string_view line : split(c.input, '\n')) {
        if (in_text) {
            text.append(line);
            text += '\n';
            continue;
        }
        if (line == "text:") {
            in_text = true;
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            if (line.find_first_not_of(" \t") == std::string_view::npos) {
                continue;
            }
            return "bad case line: " + std::string(line);
        }
        std::string_view key = line.substr(0, colon);
        std::string_view value = line.substr(colon + 1);
        if (value.starts_with(' ')) {
            value.remove_prefix(1);
        }
        if (key == "regex") {
            spec.regex = std::string(value);
        } else if (key == "name") {
            spec.name = std::string(value);
        } else if (key == "keywords") {
            for (std::string_view k : split(value, '|')) {
                spec.keywords.emplace_back(k);
            }
        } else if (key == "ignore") {
            for (std::string_view w : split(value, '|')) {
                spec.ignore_words.emplace_back(w);
            }
        } else if (key == "names") {
            for (std::string_view n : split(value, '|')) {
                names.emplace_back(n);
            }
        } else if (key == "distance") {
            spec.maximum_match_distance = std::stoi(std::string(value));
        } else {
            return "bad case line: " + std::string(line);
        }
    }
    if (!text.empty()) {
        text.pop_back();  // the lines are joined with '\n'; no final newline
    }
    return {};
}

std::string run_custom(const Case& c) {
    CustomInput in;
    if (std::string bad = parse_custom_input(c, in); !bad.empty()) {
        return bad;
    }
    auto matcher = tripline::scan::CustomMatcher::compile({in.spec});
    if (!matcher) {
        return "error: " + matcher.error().message;
    }
    const std::string& text = in.text;
    std::vector<std::string_view> name_views(in.names.begin(), in.names.end());
    std::vector<tripline::scan::Match> matches;
    matcher->scan(text, tripline::scan::ValueContext{name_views}, matches);
    if (matches.empty()) {
        return "none";
    }
    std::string out;
    for (const auto& m : matches) {
        out += printable(std::string_view(text).substr(m.begin, m.end - m.begin)) + "\n";
    }
    return out;
}

std::string run_custom_test(const Case& c) {
    CustomInput in;
    if (std::string bad = parse_custom_input(c, in); !bad.empty()) {
        return bad;
    }
    auto count = tripline::scan::test_custom_identifier(in.spec, in.text);
    if (!count) {
        return "error: " + count.error().message;
    }
    return "matchCount: " + std::to_string(*count);
}

std::string run_allow_list(const Case& c) {
    std::string_view input = c.input;
    std::size_t separator = input.find("\n---\n");
    std::string_view list_text = input.substr(0, separator);
    std::string_view candidates;
    if (separator != std::string_view::npos) {
        candidates = input.substr(separator + 5);
    } else if (input.ends_with("\n---")) {
        list_text = input.substr(0, input.size() - 4);
    }
    tripline::Result<tripline::scan::AllowList> list =
        c.args == "regex" ? tripline::scan::AllowList::from_regex(list_text)
        : c.args == "words"
            ? tripline::scan::AllowList::from_words(list_text)
            : tripline::Result<tripline::scan::AllowList>(tripline::make_error(
                  tripline::Errc::kInvalidArgument, "allow-list wants 'regex' or 'words'"));
    if (!list) {
        return "error: " + list.error().message;
    }
    std::string out;
    if (candidates.empty()) {
        return out;
    }
    for (std::string_view candidate : split(candidates, '\n')) {
        out += (list->allows(candidate) ? "allowed " : "kept ") + std::string(candidate) + "\n";
    }
    return out;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("custom", run_custom);
TRIPLINE_CONFORMANCE_HANDLER("custom-test", run_custom_test);
TRIPLINE_CONFORMANCE_HANDLER("allow-list", run_allow_list);
