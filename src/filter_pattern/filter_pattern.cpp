// FilterPattern: chooses the kind from the first non-blank character and dispatches to the
// kind's parser and matcher (terms.h, regex.h, json_pattern.h, space_delimited.h).
#include "filter_pattern/filter_pattern.h"

#include <algorithm>

#include "filter_pattern/compiled.h"

namespace tripline::filter_pattern {

using detail::CompiledPattern;

namespace {

const std::shared_ptr<const CompiledPattern>& match_all() {
    static const auto compiled = std::make_shared<const CompiledPattern>();
    return compiled;
}

// `" "` (a quoted blank) is documented to match everything, like the empty pattern.
bool is_quoted_blank(std::string_view trimmed) {
    return trimmed.size() >= 2 && trimmed.front() == '"' && trimmed.back() == '"' &&
           trimmed.substr(1, trimmed.size() - 2).find_first_not_of(" \t") == std::string_view::npos;
}

Status check_regex_pattern(std::string_view text, std::size_t first, std::size_t last) {
    if (last == first || text[last] != '%') {
        return detail::syntax_error(
            text, last, "If a filter pattern starts with '%' it must end with '%'");
    }
    return ok_status();
}

}  // namespace

Error detail::syntax_error(std::string_view pattern, std::size_t offset, std::string message) {
    offset = std::min(offset, pattern.size());
    return make_error(
        Errc::kInvalidArgument, std::move(message), TextSpan{{}, position_at(pattern, offset)});
}

const char* pattern_kind_name(PatternKind kind) {
    switch (kind) {
        case PatternKind::kMatchAll:
            return "match-all";
        case PatternKind::kTerms:
            return "terms";
        case PatternKind::kRegex:
            return "regex";
        case PatternKind::kJson:
            return "json";
        case PatternKind::kSpaceDelimited:
            return "space-delimited";
    }
    return "unknown";
}

FilterPattern::FilterPattern() : compiled_(match_all()) {}

FilterPattern::FilterPattern(std::shared_ptr<const CompiledPattern> compiled)
    : compiled_(std::move(compiled)) {}

Result<FilterPattern> FilterPattern::parse(std::string_view text) {
    if (text.size() > kMaxPatternLength) {
        return make_error(Errc::kLimitExceeded,
                          "The filter pattern is " + std::to_string(text.size()) +
                              " characters long; the maximum is 1024",
                          TextSpan{{}, position_at(text, kMaxPatternLength)});
    }
    auto out = std::make_shared<CompiledPattern>();
    out->text = std::string(text);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        out->kind = PatternKind::kMatchAll;
        return FilterPattern(std::move(out));
    }
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    switch (text[first]) {
        case '{': {
            out->kind = PatternKind::kJson;
            TRIPLINE_ASSIGN_OR_RETURN(out->json, detail::parse_json_pattern(text));
            out->regex_count = out->json.regexes;
            break;
        }
        case '[': {
            out->kind = PatternKind::kSpaceDelimited;
            TRIPLINE_ASSIGN_OR_RETURN(out->space, detail::parse_space_delimited(text));
            out->regex_count = out->space.regexes;
            break;
        }
        case '%': {
            out->kind = PatternKind::kRegex;
            TRIPLINE_TRY(check_regex_pattern(text, first, last));
            detail::Cursor c{text, first, last + 1};
            TRIPLINE_ASSIGN_OR_RETURN(out->regex, detail::parse_regex(c));
            if (c.pos != last + 1) {
                return c.error("A regex filter pattern must be a single %regex%");
            }
            out->regex_count = 1;
            break;
        }
        default: {
            if (is_quoted_blank(text.substr(first, last - first + 1))) {
                out->kind = PatternKind::kMatchAll;
                break;
            }
            out->kind = PatternKind::kTerms;
            TRIPLINE_ASSIGN_OR_RETURN(out->terms, detail::parse_terms(text));
            break;
        }
    }
    return FilterPattern(std::move(out));
}

const std::string& FilterPattern::text() const { return compiled_->text; }
PatternKind FilterPattern::kind() const { return compiled_->kind; }
int FilterPattern::regex_count() const { return compiled_->regex_count; }

bool FilterPattern::matches(const LogMessage& message) const {
    const CompiledPattern& p = *compiled_;
    switch (p.kind) {
        case PatternKind::kMatchAll:
            return true;
        case PatternKind::kTerms:
            return detail::terms_match(p.terms, message.text());
        case PatternKind::kRegex:
            return detail::regex_search(*p.regex, message.text());
        case PatternKind::kJson:
            return detail::json_matches(p.json, message);
        case PatternKind::kSpaceDelimited:
            return detail::space_delimited_match(p.space, message, nullptr);
    }
    return false;
}

bool FilterPattern::matches(std::string_view message) const { return matches(LogMessage(message)); }

bool FilterPattern::match(const LogMessage& message, ExtractedValues& values) const {
    values.clear();
    if (compiled_->kind == PatternKind::kSpaceDelimited) {
        return detail::space_delimited_match(compiled_->space, message, &values);
    }
    return matches(message);
}

Status FilterPattern::check_selector(std::string_view selector) const {
    const CompiledPattern& p = *compiled_;
    if (p.kind == PatternKind::kJson) {
        detail::Cursor c{selector, 0, selector.size()};
        TRIPLINE_TRY(detail::parse_selector(c));
        if (!c.at_end()) {
            return c.error("Invalid selector '" + std::string(selector) + "'");
        }
        return ok_status();
    }
    if (p.kind == PatternKind::kSpaceDelimited) {
        for (const auto& field : p.space.fields) {
            if (!field.ellipsis && field.key == selector) {
                return ok_status();
            }
        }
        return make_error(Errc::kInvalidArgument,
                          "Invalid selector '" + std::string(selector) +
                              "': the filter pattern has no field of that name");
    }
    return make_error(Errc::kInvalidArgument,
                      "Invalid selector '" + std::string(selector) +
                          "': fields can only be referenced with a JSON or space-delimited "
                          "filter pattern");
}

std::optional<std::string> FilterPattern::extract(const LogMessage& message,
                                                  std::string_view selector) const {
    if (!check_selector(selector)) {
        return std::nullopt;
    }
    if (compiled_->kind == PatternKind::kJson) {
        detail::Cursor c{selector, 0, selector.size()};
        auto parsed = detail::parse_selector(c);
        return parsed ? detail::json_extract(*parsed, message) : std::nullopt;
    }
    ExtractedValues values;
    if (!detail::space_delimited_match(compiled_->space, message, &values)) {
        return std::nullopt;
    }
    for (auto& [key, value] : values) {
        if (key == selector) {
            return std::move(value);
        }
    }
    return std::nullopt;
}

}  // namespace tripline::filter_pattern
