// `tripline logs test-filter` (docs/filter-patterns.md): test CloudWatch Logs filter patterns
// against log event messages, one at a time or in bulk. A contract for scripts: with --batch, each
// stdin line {"pattern": ..., "message": ...} gives exactly one stdout line, `true`, `false` or
// `error: <message>`; exit codes 0 ok, 1 unreadable input, 2 invalid pattern (single form).
#include <simdjson.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli/commands/commands.h"
#include "filter_pattern/filter_pattern.h"

namespace tripline::cli {

namespace {

// An argument that is inline text or "@file".
bool resolve_argument(const std::string& arg, std::string& out) {
    if (!arg.starts_with("@")) {
        out = arg;
        return true;
    }
    std::ifstream in(arg.substr(1), std::ios::binary);
    if (!in) {
        std::cerr << "tripline: cannot read " << arg.substr(1) << "\n";
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

std::string error_text(const Error& e) {
    std::string out = e.message;
    if (e.where) {
        out += " (at offset " + std::to_string(e.where->begin.offset) + ")";
    }
    return out;
}

// A member as text: a JSON string's value; any other JSON value minified (a message may be given
// as the object it is).
std::optional<std::string> member_text(simdjson::dom::object object, const char* key) {
    simdjson::dom::element e;
    if (object.at_key(key).get(e) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) {
        return std::string(s);
    }
    return simdjson::minify(e);
}

int run_batch() {
    simdjson::dom::parser parser;
    std::string line;
    std::string cached_text;
    std::optional<Result<filter_pattern::FilterPattern>> cached;
    std::string out;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        simdjson::dom::element root;
        simdjson::dom::object object;
        if (auto err = parser.parse(line).get(root)) {
            out += "error: input line is not valid JSON: ";
            out += simdjson::error_message(err);
            out += '\n';
        } else if (root.get_object().get(object) != simdjson::SUCCESS) {
            out += "error: input line must be a JSON object with \"pattern\" and \"message\"\n";
        } else {
            auto pattern_text = member_text(object, "pattern");
            auto message = member_text(object, "message");
            if (!pattern_text || !message) {
                out += "error: input line must have the members \"pattern\" and \"message\"\n";
            } else {
                if (!cached || *pattern_text != cached_text) {
                    cached_text = *pattern_text;
                    cached = filter_pattern::FilterPattern::parse(cached_text);
                }
                if (!*cached) {
                    out += "error: " + one_line(error_text(cached->error())) + "\n";
                } else {
                    out += (*cached)->matches(*message) ? "true\n" : "false\n";
                }
            }
        }
        if (out.size() > (1 << 16) || std::cin.rdbuf()->in_avail() <= 0) {
            std::cout << out << std::flush;
            out.clear();
        }
    }
    std::cout << out << std::flush;
    return kExitOk;
}

int run_test(const std::string& pattern_arg, const std::string& message_arg) {
    std::string pattern_text;
    std::string message;
    if (!resolve_argument(pattern_arg, pattern_text) || !resolve_argument(message_arg, message)) {
        return kExitFailure;
    }
    auto pattern = filter_pattern::FilterPattern::parse(pattern_text);
    if (!pattern) {
        std::cerr << "tripline: invalid filter pattern: " << error_text(pattern.error()) << "\n";
        return kExitInvalidInput;
    }
    std::cout << (pattern->matches(message) ? "true" : "false") << "\n";
    return kExitOk;
}

CommandRunner add_logs_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("logs", "CloudWatch Logs tools");
    cmd->require_subcommand(1);
    struct Options {
        std::string pattern;
        std::string message;
        bool batch = false;
    };
    auto opts = std::make_shared<Options>();
    auto* test = cmd->add_subcommand(
        "test-filter",
        "Print true or false: does the log event message match the filter pattern? (--batch: "
        "JSON Lines {\"pattern\":...,\"message\":...} on stdin, one line each: true, false or "
        "error: <message>)");
    auto* pattern_opt =
        test->add_option("--pattern", opts->pattern, "The filter pattern (text, or @file)");
    auto* message_opt =
        test->add_option("--message", opts->message, "The log event message (text, or @file)");
    test->add_flag("--batch", opts->batch, "Read JSON Lines from stdin");
    return [opts, test, pattern_opt, message_opt] {
        if (!test->parsed()) {
            return kExitInvalidInput;
        }
        if (opts->batch) {
            return run_batch();
        }
        // An empty pattern is valid (it matches everything), so check presence, not emptiness.
        if (pattern_opt->count() == 0 || message_opt->count() == 0) {
            std::cerr << "tripline logs test-filter: --pattern and --message are required (or "
                         "--batch)\n";
            return kExitInvalidInput;
        }
        return run_test(opts->pattern, opts->message);
    };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_logs_command);

}  // namespace tripline::cli
