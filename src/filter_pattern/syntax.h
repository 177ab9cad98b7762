// Shared pieces of the filter-pattern parsers: a cursor over the pattern text, the limits the
// parsers enforce, and errors that carry the offending position (Error::where, 0-based offset plus
// line/column) so that callers can point at it. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::filter_pattern::detail {

// Parenthesis nesting in JSON patterns. AWS states no figure; 1024 characters allow ~500 levels,
// and the evaluator recurses per level, so cap it well below any stack concern.
inline constexpr int kMaxNestingDepth = 32;
// Wildcard selectors ($.a[*], $.*) per pattern (documented: at most three).
inline constexpr int kMaxWildcardSelectors = 3;
// %regex% values inside one JSON or space-delimited pattern (documented: at most two).
inline constexpr int kMaxRegexesPerPattern = 2;

// Errc::kInvalidArgument pointing at `offset` of `pattern`.
Error syntax_error(std::string_view pattern, std::size_t offset, std::string message);

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// Letters, digits and '_': what an unquoted term may contain.
inline bool is_word_char(char c) { return is_alnum(c) || c == '_'; }

struct Cursor {
    std::string_view text;  // the whole pattern (offsets in errors are into it)
    std::size_t pos = 0;
    std::size_t end = 0;  // parsing stops here (the closing '}' or ']')

    bool at_end() const { return pos >= end; }
    char peek(std::size_t ahead = 0) const { return pos + ahead < end ? text[pos + ahead] : '\0'; }
    void skip_spaces() {
        while (pos < end && is_space(text[pos])) {
            ++pos;
        }
    }
    bool consume(std::string_view token) {
        if (text.substr(pos, token.size()) == token && pos + token.size() <= end) {
            pos += token.size();
            return true;
        }
        return false;
    }
    Error error(std::string message) const { return syntax_error(text, pos, std::move(message)); }
    Error error_at(std::size_t offset, std::string message) const {
        return syntax_error(text, offset, std::move(message));
    }
};

}  // namespace tripline::filter_pattern::detail
