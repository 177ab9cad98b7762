#include "filter_pattern/comparison.h"

#include <charconv>
#include <cmath>

namespace tripline::filter_pattern::detail {

namespace {

// Characters that end an unquoted value: the delimiters of JSON and space-delimited patterns.
bool ends_word(char c) {
    switch (c) {
        case '(':
        case ')':
        case '&':
        case '|':
        case ',':
        case '[':
        case ']':
        case '{':
        case '}':
        case '"':
        case '=':
        case '!':
        case '<':
        case '>':
        case '\0':
            return true;
        default:
            return is_space(c);
    }
}

const char* op_text(Op op) {
    switch (op) {
        case Op::kEq:
            return "=";
        case Op::kNe:
            return "!=";
        case Op::kLt:
            return "<";
        case Op::kGt:
            return ">";
        case Op::kLe:
            return "<=";
        case Op::kGe:
            return ">=";
    }
    return "?";
}

Result<Op> parse_op(Cursor& c) {
    c.skip_spaces();
    const std::size_t at = c.pos;
    Op op;
    if (c.consume("!=")) {
        op = Op::kNe;
    } else if (c.consume("<=")) {
        op = Op::kLe;
    } else if (c.consume(">=")) {
        op = Op::kGe;
    } else if (c.consume("=")) {
        op = Op::kEq;
    } else if (c.consume("<")) {
        op = Op::kLt;
    } else if (c.consume(">")) {
        op = Op::kGt;
    } else {
        return c.error("Expected an operator (=, !=, <, >, <=, >=)");
    }
    if (c.peek() == '=' || (c.peek() == '<' || c.peek() == '>') || c.peek() == '!') {
        return c.error_at(
            at, "Invalid operator '" + std::string(c.text.substr(at, c.pos - at + 1)) + "'");
    }
    return op;
}

// A quoted string at the cursor (on the opening quote); `\"` and `\\` are escapes, any other
// backslash is kept as written.
Result<std::string> parse_quoted(Cursor& c) {
    const std::size_t open = c.pos;
    std::string out;
    for (std::size_t i = open + 1; i < c.end; ++i) {
        char ch = c.text[i];
        if (ch == '\\' && i + 1 < c.end && (c.text[i + 1] == '"' || c.text[i + 1] == '\\')) {
            out += c.text[++i];
            continue;
        }
        if (ch == '"') {
            c.pos = i + 1;
            return out;
        }
        out += ch;
    }
    return c.error_at(open, "Unterminated quoted string");
}

bool wildcard_equal(const Value& v, std::string_view s) {
    if (v.leading_star && v.trailing_star) {
        return s.find(v.text) != std::string_view::npos;
    }
    if (v.leading_star) {
        return s.ends_with(v.text);
    }
    if (v.trailing_star) {
        return s.starts_with(v.text);
    }
    return s == v.text;
}

}  // namespace

bool parse_number_text(std::string_view text, double& out) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        ++i;
    }
    const std::size_t body = i;
    std::size_t digits = 0;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
        ++digits;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        std::size_t exp_digits = 0;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
            ++exp_digits;
        }
        if (exp_digits == 0) {
            return false;
        }
    }
    if (i != text.size()) {
        return false;
    }
    // from_chars takes no '+'; parse the unsigned body and apply the sign ourselves.
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data() + body, text.data() + text.size(), value);
    if (ptr != text.data() + text.size() ||
        (ec != std::errc() && ec != std::errc::result_out_of_range)) {
        return false;
    }
    if (ec == std::errc::result_out_of_range && std::isinf(value)) {
        return false;
    }
    out = (body > 0 && text[0] == '-') ? -value : value;
    return true;
}

Result<Comparison> parse_comparison(Cursor& c, int& regexes) {
    Comparison out;
    TRIPLINE_ASSIGN_OR_RETURN(out.op, parse_op(c));
    const bool equality = out.op == Op::kEq || out.op == Op::kNe;
    c.skip_spaces();
    const std::size_t at = c.pos;
    if (c.peek() == '%') {
        if (!equality) {
            return c.error(std::string("A regex can only be used with = or !=, not ") +
                           op_text(out.op));
        }
        TRIPLINE_ASSIGN_OR_RETURN(out.value.regex, parse_regex(c));
        out.value.kind = Value::Kind::kRegex;
        if (++regexes > kMaxRegexesPerPattern) {
            return c.error_at(at, "At most 2 regular expressions are allowed in a filter pattern");
        }
        return out;
    }
    std::string literal;
    bool quoted = false;
    if (c.peek() == '"') {
        TRIPLINE_ASSIGN_OR_RETURN(literal, parse_quoted(c));
        quoted = true;
    } else {
        while (!c.at_end() && !ends_word(c.peek())) {
            ++c.pos;
        }
        literal = std::string(c.text.substr(at, c.pos - at));
        if (literal.empty()) {
            return c.error_at(at, std::string("Missing value after ") + op_text(out.op));
        }
    }
    // A quoted number under = / != stays a string ("400" compares with text).
    if (double number = 0; parse_number_text(literal, number) && (!quoted || !equality)) {
        out.value.kind = Value::Kind::kNumber;
        out.value.number = number;
        out.value.text = std::move(literal);
        return out;
    }
    if (!equality) {
        return c.error_at(at, "Invalid numeric value '" + literal + "' after " + op_text(out.op));
    }
    if (literal == "*") {
        out.value.kind = Value::Kind::kAny;
        return out;
    }
    out.value.kind = Value::Kind::kString;
    out.value.leading_star = literal.starts_with('*');
    out.value.trailing_star = literal.size() > 1 && literal.ends_with('*');
    std::size_t from = out.value.leading_star ? 1 : 0;
    std::size_t to = literal.size() - (out.value.trailing_star ? 1 : 0);
    out.value.text = literal.substr(from, to > from ? to - from : 0);
    return out;
}

bool evaluate(const Comparison& comparison, const Scalar& scalar) {
    const Value& v = comparison.value;
    const Op op = comparison.op;
    switch (v.kind) {
        case Value::Kind::kAny:
            return op == Op::kEq;
        case Value::Kind::kNumber: {
            if (scalar.type != Scalar::Type::kNumber) {
                return false;
            }
            const double x = scalar.number;
            switch (op) {
                case Op::kEq:
                    return x == v.number;
                case Op::kNe:
                    return x != v.number;
                case Op::kLt:
                    return x < v.number;
                case Op::kGt:
                    return x > v.number;
                case Op::kLe:
                    return x <= v.number;
                case Op::kGe:
                    return x >= v.number;
            }
            return false;
        }
        case Value::Kind::kString:
        case Value::Kind::kRegex: {
            if (scalar.type == Scalar::Type::kOther) {
                return false;
            }
            bool equal = v.kind == Value::Kind::kRegex ? regex_search(*v.regex, scalar.text)
                                                       : wildcard_equal(v, scalar.text);
            return op == Op::kEq ? equal : !equal;
        }
    }
    return false;
}

}  // namespace tripline::filter_pattern::detail
