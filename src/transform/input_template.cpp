#include "transform/input_template.h"

#include <functional>
#include <map>
#include <optional>

#include "json/json_parser.h"
#include "json/json_writer.h"
#include "json/number.h"
#include "transform/raw_json.h"

namespace tripline::transform {

namespace {

constexpr std::size_t kMaxTemplateDepth = 128;

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

bool is_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

Error located(Errc code, std::string message, std::size_t offset) {
    TextSpan where;
    where.begin.offset = offset;
    where.begin.line = 1;
    where.begin.column = offset + 1;
    return make_error(code, std::move(message), where);
}

std::string constraint_error(std::string_view member, std::string_view constraint) {
    return "1 validation error detected: Value at '" + std::string(member) +
           "' failed to satisfy constraint: " + std::string(constraint);
}

struct Placeholder {
    std::size_t length = 0;  // of "<name>"
    int path = -1;           // index into paths, or -1 for a predefined name
    std::string_view name;
};

struct TemplateFailure {
    std::string reason;
    std::size_t offset;
};

}  // namespace

Result<json::JsonPath> parse_input_path(std::string_view text) {
    if (utf8_length(text) > kMaxInputPathLength) {
        return make_error(Errc::kLimitExceeded,
                          "JSON path longer than 256 characters: " + std::string(text));
    }
    for (std::string_view bad : {"['", "[\"", ".["}) {
        if (std::size_t at = text.find(bad); at != std::string_view::npos) {
            return located(
                Errc::kInvalidArgument,
                "JSON path " + std::string(text) + " uses bracket notation; use dot notation",
                at);
        }
    }
    auto path = json::parse_json_path(text);
    if (!path) {
        Error e = std::move(path).error();
        e.message = "invalid JSON path " + std::string(text) + ": " + e.message;
        return e;
    }
    return path;
}

Result<InputTemplate> compile_input_transformer(const InputPathsMap& paths,
                                                std::string_view template_text,
                                                const TemplateOptions& options) {
    const std::string& id = options.target_id;
    if (paths.size() > kMaxInputPaths) {
        return make_error(Errc::kLimitExceeded,
                          constraint_error("inputTransformer.inputPathsMap",
                                           "Member must have length less than or equal to 100"));
    }
    InputTemplate out;
    out.kind_ = InputTemplate::Kind::kString;
    out.missing_ = options.missing;
    std::map<std::string, std::uint32_t, std::less<>> index;
    for (const auto& [key, path_text] : paths) {
        bool key_ok = !key.empty() && utf8_length(key) <= kMaxInputPathKeyLength;
        for (char c : key) {
            key_ok = key_ok && is_key_char(c);
        }
        if (!key_ok) {
            return make_error(
                Errc::kInvalidArgument,
                constraint_error("inputTransformer.inputPathsMap",
                                 "Map keys must satisfy constraint: [Member must have length less "
                                 "than or equal to 256, Member must have length greater than or "
                                 "equal to 1, Member must satisfy regular expression pattern: "
                                 "[A-Za-z0-9\\_\\-]+]"));
        }
        if (key.starts_with("AWS")) {
            return make_error(Errc::kInvalidArgument,
                              "InputPathsMap for target " + id + " contains key " + key +
                                  ": keys can't start with \"AWS\"");
        }
        if (utf8_length(path_text) > kMaxInputPathLength) {
            return make_error(Errc::kLimitExceeded,
                              constraint_error("inputTransformer.inputPathsMap",
                                               "Map value must satisfy constraint: [Member must "
                                               "have length less than or equal to 256]"));
        }
        auto path = parse_input_path(path_text);
        if (!path) {
            Error e = std::move(path).error();
            e.message = "InputPathsMap for target " + id + " has an invalid value for key " + key +
                        ": " + e.message;
            return e;
        }
        if (index.contains(key)) {
            continue;  // a JSON object with a repeated key: the first one wins, as in JsonPath
        }
        index.emplace(key, static_cast<std::uint32_t>(out.paths_.size()));
        out.paths_.push_back(std::move(*path));
    }
    const std::size_t length = utf8_length(template_text);
    if (length < 1) {
        return make_error(Errc::kInvalidArgument,
                          constraint_error("inputTransformer.inputTemplate",
                                           "Member must have length greater than or equal to 1"));
    }
    if (length > kMaxInputTemplateLength) {
        return make_error(Errc::kLimitExceeded,
                          constraint_error("inputTransformer.inputTemplate",
                                           "Member must have length less than or equal to 8192"));
    }

    // A known placeholder starting at text[i], if any.
    auto placeholder_at = [&](std::string_view text, std::size_t i) -> std::optional<Placeholder> {
        if (text[i] != '<') {
            return std::nullopt;
        }
        std::size_t close = text.find('>', i + 1);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        std::string_view name = text.substr(i + 1, close - i - 1);
        Placeholder p;
        p.length = close - i + 1;
        p.name = name;
        if (auto it = index.find(name); it != index.end()) {
            p.path = static_cast<int>(it->second);
            return p;
        }
        for (std::string_view predefined : {kRuleArnPlaceholder,
                                            kRuleNamePlaceholder,
                                            kIngestionTimePlaceholder,
                                            kEventPlaceholder,
                                            kEventJsonPlaceholder}) {
            if (name == predefined) {
                return p;
            }
        }
        return std::nullopt;  // "<name>" of nothing known stays literal text
    };
    using Segment = InputTemplate::Segment;
    auto make_placeholder = [&](const Placeholder& p, InputTemplate::Mode mode, std::string& lit) {
        Segment s;
        s.literal = std::move(lit);
        lit.clear();
        s.has_placeholder = true;
        s.mode = mode;
        if (p.path >= 0) {
            s.source = InputTemplate::Source::kPath;
            s.path = static_cast<std::uint32_t>(p.path);
        } else if (p.name == kRuleArnPlaceholder) {
            s.source = InputTemplate::Source::kRuleArn;
        } else if (p.name == kRuleNamePlaceholder) {
            s.source = InputTemplate::Source::kRuleName;
        } else if (p.name == kIngestionTimePlaceholder) {
            s.source = InputTemplate::Source::kIngestionTime;
        } else if (p.name == kEventPlaceholder) {
            s.source = InputTemplate::Source::kEvent;
        } else {
            s.source = InputTemplate::Source::kEventJson;
        }
        out.segments_.push_back(std::move(s));
    };

    // JSON template: a scanner that validates the JSON while writing it minified.
    struct JsonScanner {
        std::string_view t;
        std::size_t i = 0;
        std::string lit;
        std::function<std::optional<Placeholder>(std::string_view, std::size_t)> at;
        std::function<void(const Placeholder&, InputTemplate::Mode, std::string&)> emit;

        [[noreturn]] void fail(std::string reason) const { throw TemplateFailure{reason, i}; }
        void ws() { i = skip_whitespace(t, i); }
        void expect(char c) {
            ws();
            if (i >= t.size() || t[i] != c) {
                fail(std::string("expected '") + c + "'");
            }
            lit += c;
            ++i;
        }
        void string_token() {
            lit += '"';
            ++i;
            while (true) {
                if (i >= t.size()) {
                    fail("unterminated string");
                }
                const char c = t[i];
                if (c == '"') {
                    lit += c;
                    ++i;
                    return;
                }
                if (static_cast<unsigned char>(c) < 0x20) {
                    fail("control character in a string");
                }
                if (c == '\\') {
                    if (i + 1 >= t.size() ||
                        std::string_view("\"\\/bfnrtu").find(t[i + 1]) == std::string_view::npos) {
                        fail("invalid escape in a string");
                    }
                    lit.append(t.substr(i, 2));
                    i += 2;
                    continue;
                }
                if (auto p = at(t, i)) {
                    emit(*p, InputTemplate::Mode::kRaw, lit);
                    i += p->length;
                    continue;
                }
                lit += c;
                ++i;
            }
        }
        void value(std::size_t depth) {
            ws();
            if (i >= t.size()) {
                fail("unexpected end of template");
            }
            if (depth > kMaxTemplateDepth) {
                fail("nesting deeper than 128");
            }
            if (auto p = at(t, i)) {
                emit(*p, InputTemplate::Mode::kValue, lit);
                i += p->length;
                return;
            }
            const char c = t[i];
            if (c == '{') {
                lit += c;
                ++i;
                ws();
                if (i < t.size() && t[i] == '}') {
                    lit += '}';
                    ++i;
                    return;
                }
                while (true) {
                    ws();
                    if (i < t.size() && at(t, i)) {
                        fail("a placeholder cannot be used as an object key");
                    }
                    if (i >= t.size() || t[i] != '"') {
                        fail("expected a double-quoted object key");
                    }
                    string_token();
                    expect(':');
                    value(depth + 1);
                    ws();
                    if (i < t.size() && t[i] == ',') {
                        lit += ',';
                        ++i;
                        continue;
                    }
                    expect('}');
                    return;
                }
            }
            if (c == '[') {
                lit += c;
                ++i;
                ws();
                if (i < t.size() && t[i] == ']') {
                    lit += ']';
                    ++i;
                    return;
                }
                while (true) {
                    value(depth + 1);
                    ws();
                    if (i < t.size() && t[i] == ',') {
                        lit += ',';
                        ++i;
                        continue;
                    }
                    expect(']');
                    return;
                }
            }
            if (c == '"') {
                string_token();
                return;
            }
            const std::size_t end = skip_value(t, i);
            std::string_view token = t.substr(i, end - i);
            if (token == "true" || token == "false" || token == "null" ||
                json::is_json_number(token)) {
                lit.append(token);
                i = end;
                return;
            }
            fail(std::string("unexpected character '") + c + "'");
        }
    };

    const std::size_t first = skip_whitespace(template_text, 0);
    const char lead = first < template_text.size() ? template_text[first] : '\0';
    if (lead == '{' || lead == '[') {
        JsonScanner scanner;
        scanner.t = template_text;
        scanner.at = placeholder_at;
        scanner.emit = make_placeholder;
        try {
            scanner.value(0);
            scanner.ws();
            if (scanner.i != template_text.size()) {
                scanner.fail("unexpected content after the JSON value");
            }
            Segment last;
            last.literal = std::move(scanner.lit);
            out.segments_.push_back(std::move(last));
            out.kind_ = InputTemplate::Kind::kJson;
            return out;
        } catch (const TemplateFailure& f) {
            if (lead == '{') {
                return located(Errc::kInvalidArgument,
                               "InputTemplate for target " + id + " is not a valid JSON text: " +
                                   f.reason + " (at offset " + std::to_string(f.offset) + ")",
                               f.offset);
            }
            out.segments_.clear();  // "[ALERT] ..." is a string template
        }
    }

    // String template.
    std::string text(template_text);
    if (!options.keep_line_quotes) {
        std::string stripped;
        std::size_t begin = 0;
        while (begin <= text.size()) {
            std::size_t end = text.find('\n', begin);
            if (end == std::string::npos) {
                end = text.size();
            }
            std::string_view line = trim_json(std::string_view(text).substr(begin, end - begin));
            if (line.size() >= 2 && line.front() == '"' && line.back() == '"') {
                line = line.substr(1, line.size() - 2);
            } else {
                line = std::string_view(text).substr(begin, end - begin);
            }
            stripped.append(line);
            if (end < text.size()) {
                stripped += '\n';
            }
            begin = end + 1;
        }
        text = std::move(stripped);
    }
    std::string lit;
    for (std::size_t i = 0; i < text.size();) {
        if (auto p = placeholder_at(text, i)) {
            make_placeholder(*p, InputTemplate::Mode::kRaw, lit);
            i += p->length;
            continue;
        }
        lit += text[i++];
    }
    Segment last;
    last.literal = std::move(lit);
    out.segments_.push_back(std::move(last));
    out.kind_ = InputTemplate::Kind::kString;
    return out;
}

Result<Rendered> InputTemplate::render(std::string_view event_json,
                                       const RenderContext& context) const {
    TRIPLINE_ASSIGN_OR_RETURN(auto root, json::thread_local_parser().parse(event_json));
    if (!root.is_object()) {
        return make_error(Errc::kInvalidArgument, "event is not a JSON object");
    }
    return render_trusted(event_json, context);
}

namespace {

void append_selection(std::string& out,
                      const std::vector<std::string_view>& selected,
                      bool many,
                      bool as_json) {
    if (selected.empty() && !many) {
        if (as_json) {
            out += "null";
        }
        return;
    }
    if (many) {
        out += '[';
        for (std::size_t k = 0; k < selected.size(); ++k) {
            if (k > 0) {
                out += ',';
            }
            append_minified(out, selected[k]);
        }
        out += ']';
        return;
    }
    std::string_view v = selected.front();
    if (!as_json && !v.empty() && v.front() == '"') {
        out += decode_string(v);
    } else {
        append_minified(out, v);
    }
}

}  // namespace

Rendered InputTemplate::render_trusted(std::string_view event_json,
                                       const RenderContext& context) const {
    Rendered result;
    std::vector<std::vector<std::string_view>> selected(paths_.size());
    for (std::size_t p = 0; p < paths_.size(); ++p) {
        select_all(event_json, paths_[p], selected[p]);
    }
    if (missing_ == MissingPathPolicy::kSkipDelivery) {
        for (const Segment& s : segments_) {
            if (s.has_placeholder && s.source == Source::kPath && selected[s.path].empty() &&
                !paths_[s.path].has_wildcard()) {
                result.deliver = false;
                return result;
            }
        }
    }
    std::string ingestion;
    std::string& out = result.text;
    for (const Segment& s : segments_) {
        out += s.literal;
        if (!s.has_placeholder) {
            continue;
        }
        const bool as_json = s.mode == Mode::kValue;
        auto append_text = [&](std::string_view text) {
            if (as_json) {
                json::append_escaped_string(out, text);
            } else {
                out.append(text);
            }
        };
        switch (s.source) {
            case Source::kPath:
                append_selection(out, selected[s.path], paths_[s.path].has_wildcard(), as_json);
                break;
            case Source::kRuleArn:
                append_text(context.rule_arn);
                break;
            case Source::kRuleName:
                append_text(context.rule_name);
                break;
            case Source::kIngestionTime:
                if (!context.ingestion_time.empty()) {
                    append_text(context.ingestion_time);
                } else {
                    auto time = find_member(event_json, "time");
                    append_text(time && !time->empty() && time->front() == '"'
                                    ? decode_string(*time)
                                    : std::string());
                }
                break;
            case Source::kEvent: {
                out += '{';
                bool first = true;
                for_each_member(event_json, [&](std::string_view key, std::string_view value) {
                    if (decode_string(key) == "detail") {
                        return;
                    }
                    if (!first) {
                        out += ',';
                    }
                    first = false;
                    out.append(key);
                    out += ':';
                    append_minified(out, value);
                });
                out += '}';
                break;
            }
            case Source::kEventJson:
                append_minified(out, trim_json(event_json));
                break;
        }
    }
    return result;
}

}  // namespace tripline::transform
