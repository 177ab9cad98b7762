#include "filter_pattern/regex.h"

#include <string>

namespace tripline::filter_pattern::detail {

namespace {

bool is_literal_char(char c) {
    return is_alnum(c) || c == ' ' || c == ':' || c == '_' || c == '#' || c == '=' || c == '@' ||
           c == '/' || c == ';' || c == ',' || c == '-';
}

bool is_operator_char(char c) {
    switch (c) {
        case '^':
        case '$':
        case '?':
        case '[':
        case ']':
        case '{':
        case '}':
        case '|':
        case '*':
        case '+':
        case '.':
            return true;
        default:
            return false;
    }
}

bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Checks the body (between the '%'s) against the documented character set; returns the offset of
// the first offending character and a reason, or npos.
std::size_t check_body(std::string_view text,
                       std::size_t begin,
                       std::size_t end,
                       std::string& reason) {
    for (std::size_t i = begin; i < end; ++i) {
        char c = text[i];
        if (c == '\\') {
            if (i + 1 >= end) {
                reason = "Invalid regex: trailing '\\'";
                return i;
            }
            char e = text[i + 1];
            if (e == 'd' || e == 'D' || e == 's' || e == 'S' || e == 'w' || e == 'W') {
                ++i;
                continue;
            }
            if (e == 'x') {
                if (i + 3 >= end || !is_hex(text[i + 2]) || !is_hex(text[i + 3])) {
                    reason = "Invalid regex: \\x must be followed by two hexadecimal digits";
                    return i;
                }
                i += 3;
                continue;
            }
            // An escaped operator or literal punctuation stands for itself.
            if (is_operator_char(e) || e == '\\' || (is_literal_char(e) && !is_alnum(e))) {
                ++i;
                continue;
            }
            reason = std::string("Invalid regex: unsupported escape sequence '\\") + e + "'";
            return i;
        }
        if (c == '(' || c == ')') {
            reason = "Invalid regex: '(' and ')' are not supported";
            return i;
        }
        if (static_cast<unsigned char>(c) >= 0x80) {
            reason = "Invalid regex: multi-byte characters are not supported";
            return i;
        }
        if (!is_literal_char(c) && !is_operator_char(c)) {
            reason = std::string("Invalid regex: character '") + c + "' is not supported";
            return i;
        }
    }
    return std::string_view::npos;
}

}  // namespace

Result<Regex> parse_regex(Cursor& cursor) {
    const std::size_t open = cursor.pos;
    const std::size_t close = cursor.text.find('%', open + 1);
    if (close == std::string_view::npos || close >= cursor.end) {
        return cursor.error_at(open, "Invalid regex: missing closing '%'");
    }
    if (close == open + 1) {
        return cursor.error_at(open, "Invalid regex: empty regular expression");
    }
    std::string reason;
    if (std::size_t bad = check_body(cursor.text, open + 1, close, reason);
        bad != std::string_view::npos) {
        return cursor.error_at(bad, reason);
    }
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(true);
    auto regex = std::make_shared<const re2::RE2>(
        re2::StringPiece(cursor.text.data() + open + 1, close - open - 1), options);
    if (!regex->ok()) {
        return cursor.error_at(open + 1, "Invalid regex: " + regex->error());
    }
    cursor.pos = close + 1;
    return Regex(std::move(regex));
}

}  // namespace tripline::filter_pattern::detail
