// `tripline pattern test` and `tripline pattern match` (docs/patterns.md): test event patterns
// against events, one at a time, in bulk (JSON Lines on stdin) or as a whole rule set streaming
// over an event file. A contract for scripts: outputs and exit codes (0 ok, 1 unreadable input, 2
// invalid pattern or rules) do not change.
#include <simdjson.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands/commands.h"
#include "json/json_writer.h"
#include "json/number.h"
#include "pattern/matcher.h"
#include "pattern/pattern_parser.h"
#include "pattern/rule_set.h"
#include "transform/raw_json.h"

namespace tripline::cli {

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

// An argument that is inline text or "@file".
bool resolve_argument(const std::string& arg, std::string& out) {
    if (arg.starts_with("@")) {
        if (!read_file(arg.substr(1), out)) {
            std::cerr << "tripline: cannot read " << arg.substr(1) << "\n";
            return false;
        }
        return true;
    }
    out = arg;
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

std::string pattern_error_text(const Error& e, std::string_view pattern_text) {
    if (e.code == Errc::kInvalidArgument) {
        return pattern::format_invalid_pattern_message(e, pattern_text);
    }
    return e.message;
}

// A member of a batch line: its raw JSON, or the decoded text when it is a JSON string.
std::string member_text(std::string_view raw) {
    raw = transform::trim_json(raw);
    if (!raw.empty() && raw.front() == '"') {
        return transform::decode_string(raw);
    }
    return std::string(raw);
}

int run_batch() {
    simdjson::dom::parser parser;
    std::string line;
    std::string cached_text;
    std::optional<Result<pattern::EventPattern>> cached;
    pattern::EventDocument doc;
    std::string out;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        simdjson::dom::element root;
        if (auto err = parser.parse(line).get(root)) {
            out += "error: input line is not valid JSON: ";
            out += simdjson::error_message(err);
            out += '\n';
        } else if (!root.is_object()) {
            out += "error: input line must be a JSON object with \"pattern\" and \"event\"\n";
        } else {
            auto pattern_raw = transform::find_member(line, "pattern");
            auto event_raw = transform::find_member(line, "event");
            if (!pattern_raw || !event_raw) {
                out += "error: input line must have the members \"pattern\" and \"event\"\n";
            } else {
                std::string pattern_text = member_text(*pattern_raw);
                if (!cached || pattern_text != cached_text) {
                    cached_text = pattern_text;
                    cached = pattern::parse_event_pattern(pattern_text);
                }
                if (!*cached) {
                    out += "error: " + one_line(pattern_error_text(cached->error(), cached_text)) +
                           "\n";
                } else {
                    auto verdict = pattern::matches(**cached, member_text(*event_raw), doc);
                    if (!verdict) {
                        out += "error: " + one_line(verdict.error().message) + "\n";
                    } else {
                        out += *verdict ? "true\n" : "false\n";
                    }
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

int run_test(const std::string& pattern_arg, const std::string& event_arg) {
    std::string pattern_text;
    std::string event_text;
    if (!resolve_argument(pattern_arg, pattern_text) || !resolve_argument(event_arg, event_text)) {
        return kExitFailure;
    }
    auto compiled = pattern::parse_event_pattern(pattern_text);
    if (!compiled) {
        std::cerr << pattern_error_text(compiled.error(), pattern_text) << "\n";
        return kExitInvalidInput;
    }
    auto verdict = pattern::matches(*compiled, event_text);
    if (!verdict) {
        std::cerr << "tripline: " << verdict.error().message << "\n";
        return kExitInvalidInput;
    }
    std::cout << (*verdict ? "true" : "false") << "\n";
    return kExitOk;
}

// ---- pattern match

struct NamedRule {
    std::string name;
    std::string pattern;
    std::size_t line = 0;
};

void yaml_to_json(const YAML::Node& node, std::string& out) {
    json::JsonWriter w(out);
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            out += '{';
            bool first = true;
            for (const auto& kv : node) {
                if (!first) {
                    out += ',';
                }
                first = false;
                json::append_escaped_string(out, kv.first.as<std::string>());
                out += ':';
                yaml_to_json(kv.second, out);
            }
            out += '}';
            return;
        }
        case YAML::NodeType::Sequence: {
            out += '[';
            for (std::size_t i = 0; i < node.size(); ++i) {
                if (i > 0) {
                    out += ',';
                }
                yaml_to_json(node[i], out);
            }
            out += ']';
            return;
        }
        case YAML::NodeType::Scalar: {
            const std::string& s = node.Scalar();
            if (node.Tag() != "!") {  // plain (unquoted) scalar
                if (s == "true" || s == "false" || s == "null") {
                    out += s;
                    return;
                }
                if (s == "~") {
                    out += "null";
                    return;
                }
                if (json::is_json_number(s)) {
                    out += s;
                    return;
                }
            }
            json::append_escaped_string(out, s);
            return;
        }
        default:
            out += "null";
    }
}

bool load_rules(const std::string& path, std::vector<NamedRule>& rules) {
    std::string text;
    if (!read_file(path, text)) {
        std::cerr << "tripline: cannot read " << path << "\n";
        return false;
    }
    std::size_t first = text.find_first_not_of(" \t\r\n");
    const bool yaml = path.ends_with(".yaml") || path.ends_with(".yml") ||
                      (first != std::string::npos && text[first] != '{');
    if (!yaml) {
        std::istringstream lines(text);
        std::string line;
        std::size_t number = 0;
        while (std::getline(lines, line)) {
            ++number;
            if (line.find_first_not_of(" \t\r") == std::string::npos) {
                continue;
            }
            NamedRule rule;
            rule.line = number;
            rule.name = std::to_string(number);
            rule.pattern = line;
            // {"name": "...", "event_pattern"|"pattern": ...}: a string-valued "name" can never
            // be a pattern field (pattern values are objects or arrays).
            auto name = transform::find_member(line, "name");
            if (name && !name->empty() && name->front() == '"') {
                rule.name = transform::decode_string(*name);
                auto p = transform::find_member(line, "event_pattern");
                if (!p) {
                    p = transform::find_member(line, "pattern");
                }
                rule.pattern = p ? member_text(*p) : std::string();
            }
            rules.push_back(std::move(rule));
        }
        return true;
    }
    try {
        YAML::Node root = YAML::Load(text);
        YAML::Node list = root.IsMap() ? root["rules"] : root;
        if (!list || !list.IsSequence()) {
            std::cerr << path << ": expected a list of rules under \"rules:\"\n";
            return false;
        }
        for (const auto& item : list) {
            NamedRule rule;
            rule.line = static_cast<std::size_t>(item.Mark().line + 1);
            if (!item.IsMap() || !item["name"] || !item["event_pattern"]) {
                std::cerr << path << ":" << rule.line
                          << ": each rule needs \"name\" and \"event_pattern\"\n";
                return false;
            }
            rule.name = item["name"].as<std::string>();
            const YAML::Node p = item["event_pattern"];
            if (p.IsScalar()) {
                rule.pattern = p.Scalar();
            } else {
                yaml_to_json(p, rule.pattern);
            }
            rules.push_back(std::move(rule));
        }
    } catch (const YAML::Exception& e) {
        std::cerr << path << ": " << e.what() << "\n";
        return false;
    }
    return true;
}

class Progress {
public:
    explicit Progress(std::size_t total_bytes)
        : enabled_(isatty(STDERR_FILENO) == 1),
          total_(total_bytes),
          start_(std::chrono::steady_clock::now()) {}

    void update(std::size_t events, std::size_t matches, std::size_t bytes, bool final = false) {
        if (!enabled_ || (!final && (events & 0x3FFF) != 0)) {
            return;
        }
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        double rate = seconds > 0 ? static_cast<double>(events) / seconds : 0;
        std::fprintf(stderr, "\r");
        if (total_ > 0) {
            int width = 30;
            int filled =
                static_cast<int>(static_cast<double>(bytes) * width / static_cast<double>(total_));
            filled = std::min(filled, width);
            std::fprintf(
                stderr,
                "[%s%s] %3d%% ",
                std::string(static_cast<std::size_t>(filled), '#').c_str(),
                std::string(static_cast<std::size_t>(width - filled), ' ').c_str(),
                static_cast<int>(100.0 * static_cast<double>(bytes) / static_cast<double>(total_)));
        }
        std::fprintf(stderr,
                     "%zu events, %zu matches, %.0f events/s%s",
                     events,
                     matches,
                     rate,
                     final ? "\n" : "");
    }

private:
    bool enabled_;
    std::size_t total_;
    std::chrono::steady_clock::time_point start_;
};

int run_match(const std::string& rules_path, const std::string& events_path) {
    std::vector<NamedRule> rules;
    if (!load_rules(rules_path, rules)) {
        return kExitInvalidInput;
    }
    pattern::RuleSet::Builder builder;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        auto compiled = pattern::parse_event_pattern(rules[i].pattern);
        if (!compiled) {
            std::cerr << rules_path << ":" << rules[i].line << ": rule " << rules[i].name << ": "
                      << pattern_error_text(compiled.error(), rules[i].pattern) << "\n";
            return kExitInvalidInput;
        }
        (void)builder.add(i, std::move(*compiled));
    }
    auto set = std::move(builder).build();

    FILE* in = stdin;
    std::size_t total_bytes = 0;
    if (!events_path.empty() && events_path != "-") {
        in = std::fopen(events_path.c_str(), "rb");
        if (in == nullptr) {
            std::cerr << "tripline: cannot read " << events_path << "\n";
            return kExitFailure;
        }
        std::fseek(in, 0, SEEK_END);
        total_bytes = static_cast<std::size_t>(std::ftell(in));
        std::fseek(in, 0, SEEK_SET);
    }
    Progress progress(total_bytes);
    pattern::MatchContext context;
    std::string out;
    char* line = nullptr;
    std::size_t capacity = 0;
    std::size_t events = 0;
    std::size_t matched = 0;
    std::size_t bytes = 0;
    std::size_t invalid = 0;
    ssize_t length = 0;
    while ((length = ::getline(&line, &capacity, in)) > 0) {
        bytes += static_cast<std::size_t>(length);
        std::string_view event(line, static_cast<std::size_t>(length));
        while (!event.empty() && (event.back() == '\n' || event.back() == '\r')) {
            event.remove_suffix(1);
        }
        if (event.find_first_not_of(" \t") == std::string_view::npos) {
            continue;
        }
        ++events;
        auto ids = set->match(event, context);
        if (!ids) {
            if (++invalid <= 10) {
                std::cerr << "\rtripline: event " << events << ": " << ids.error().message << "\n";
            }
            continue;
        }
        if (!ids->empty()) {
            std::string id_json = "null";
            if (auto id = transform::find_member(event, "id")) {
                id_json.clear();
                transform::append_minified(id_json, *id);
            }
            for (pattern::RuleId r : *ids) {
                ++matched;
                out += "{\"rule\":";
                json::append_escaped_string(out, rules[r].name);
                out += ",\"event_id\":";
                out += id_json;
                out += "}\n";
            }
            if (out.size() > (1 << 16)) {
                std::fwrite(out.data(), 1, out.size(), stdout);
                out.clear();
            }
        }
        progress.update(events, matched, bytes);
    }
    std::free(line);
    if (in != stdin) {
        std::fclose(in);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    progress.update(events, matched, bytes, true);
    if (invalid > 0) {
        std::cerr << "tripline: " << invalid << " invalid event line" << (invalid == 1 ? "" : "s")
                  << " skipped\n";
    }
    return kExitOk;
}

CommandRunner add_pattern_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("pattern", "Test EventBridge event patterns against events");
    cmd->require_subcommand(1);
    struct Options {
        std::string pattern;
        std::string event;
        bool batch = false;
        std::string rules;
        std::string events;
    };
    auto opts = std::make_shared<Options>();
    auto* test = cmd->add_subcommand(
        "test",
        "Print true or false: does the event match the pattern? (--batch: JSON Lines "
        "{\"pattern\":...,\"event\":...} on stdin, one verdict line each)");
    test->add_option("--pattern", opts->pattern, "The event pattern (JSON, or @file)");
    test->add_option("--event", opts->event, "The event (JSON, or @file)");
    test->add_flag("--batch", opts->batch, "Read JSON Lines from stdin");
    auto* match = cmd->add_subcommand(
        "match", "Stream {\"rule\":...,\"event_id\":...} for every rule an event matches");
    match
        ->add_option("--rules", opts->rules, "Rules YAML (rules: [{name, event_pattern}]) or JSONL")
        ->required();
    match->add_option("events", opts->events, "Events as JSON Lines (default or '-': stdin)");
    return [opts, test, match] {
        if (test->parsed()) {
            if (opts->batch) {
                return run_batch();
            }
            if (opts->pattern.empty() || opts->event.empty()) {
                std::cerr << "tripline pattern test: --pattern and --event are required (or "
                             "--batch)\n";
                return kExitInvalidInput;
            }
            return run_test(opts->pattern, opts->event);
        }
        if (match->parsed()) {
            return run_match(opts->rules, opts->events);
        }
        return kExitInvalidInput;
    };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_pattern_command);

}  // namespace tripline::cli
