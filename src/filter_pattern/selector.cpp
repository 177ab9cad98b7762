#include "filter_pattern/selector.h"

#include <charconv>

namespace tripline::filter_pattern::detail {

namespace {

bool is_name_char(char c) { return is_word_char(c) || c == '-' || c == '@'; }

// `[...]` at the cursor (on the '['): `[*]`, `[N]`, `['key']` or `["key"]`.
Result<SelectorStep> parse_bracket(Cursor& c) {
    const std::size_t open = c.pos;
    ++c.pos;
    SelectorStep step;
    if (c.consume("*]")) {
        step.kind = SelectorStep::Kind::kWildcard;
        return step;
    }
    if (c.peek() == '\'' || c.peek() == '"') {
        const char quote = c.peek();
        const std::size_t close = c.text.find(quote, c.pos + 1);
        if (close == std::string_view::npos || close + 1 >= c.end || c.text[close + 1] != ']') {
            return c.error_at(open, "Invalid selector: unterminated ['...']");
        }
        step.kind = SelectorStep::Kind::kKey;
        step.key = std::string(c.text.substr(c.pos + 1, close - c.pos - 1));
        c.pos = close + 2;
        return step;
    }
    const std::size_t digits = c.pos;
    while (is_digit(c.peek())) {
        ++c.pos;
    }
    if (c.pos == digits || c.peek() != ']') {
        return c.error_at(open, "Invalid selector: expected [N], [*] or ['name']");
    }
    auto [ptr, ec] = std::from_chars(c.text.data() + digits, c.text.data() + c.pos, step.index);
    if (ec != std::errc()) {
        return c.error_at(digits, "Invalid selector: array index out of range");
    }
    (void)ptr;
    ++c.pos;
    step.kind = SelectorStep::Kind::kIndex;
    return step;
}

}  // namespace

Result<Selector> parse_selector(Cursor& c) {
    const std::size_t begin = c.pos;
    if (!c.consume("$")) {
        return c.error("Expected a selector starting with '$'");
    }
    Selector out;
    while (!c.at_end()) {
        const std::size_t at = c.pos;
        if (c.peek() == '.') {
            ++c.pos;
            if (c.peek() == '*') {
                ++c.pos;
                out.steps.push_back({SelectorStep::Kind::kWildcard, {}, 0});
            } else if (c.peek() == '[') {
                TRIPLINE_ASSIGN_OR_RETURN(auto step, parse_bracket(c));
                out.steps.push_back(std::move(step));
            } else {
                const std::size_t name = c.pos;
                while (is_name_char(c.peek())) {
                    ++c.pos;
                }
                if (c.pos == name) {
                    return c.error_at(at, "Invalid selector: expected a name after '.'");
                }
                out.steps.push_back(
                    {SelectorStep::Kind::kKey, std::string(c.text.substr(name, c.pos - name)), 0});
            }
        } else if (c.peek() == '[') {
            TRIPLINE_ASSIGN_OR_RETURN(auto step, parse_bracket(c));
            out.steps.push_back(std::move(step));
        } else {
            break;
        }
        if (out.steps.back().kind == SelectorStep::Kind::kWildcard) {
            if (out.has_wildcard) {
                return c.error_at(at, "Only one wildcard is allowed per selector");
            }
            out.has_wildcard = true;
        }
    }
    if (out.steps.empty()) {
        return c.error_at(begin, "Invalid selector: '$' must be followed by a field");
    }
    out.text = std::string(c.text.substr(begin, c.pos - begin));
    return out;
}

}  // namespace tripline::filter_pattern::detail
