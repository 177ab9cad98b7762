#include "filter_pattern/terms.h"

#include "filter_pattern/syntax.h"

namespace tripline::filter_pattern::detail {

Result<TermPattern> parse_terms(std::string_view text) {
    TermPattern out;
    Cursor c{text, 0, text.size()};
    while (true) {
        c.skip_spaces();
        if (c.at_end()) {
            break;
        }
        const std::size_t begin = c.pos;
        char prefix = '\0';
        if (c.peek() == '-' || c.peek() == '?') {
            prefix = c.peek();
            ++c.pos;
        }
        std::string term;
        if (c.peek() == '"') {
            const std::size_t open = c.pos;
            bool closed = false;
            for (++c.pos; !c.at_end(); ++c.pos) {
                char ch = c.peek();
                if (ch == '\\' && (c.peek(1) == '"' || c.peek(1) == '\\')) {
                    term += c.peek(1);
                    ++c.pos;
                    continue;
                }
                if (ch == '"') {
                    closed = true;
                    ++c.pos;
                    break;
                }
                term += ch;
            }
            if (!closed) {
                return c.error_at(open, "Unterminated quoted term");
            }
            if (!c.at_end() && !is_space(c.peek())) {
                return c.error("Invalid character(s) in term '" +
                               std::string(text.substr(begin, c.pos - begin + 1)) +
                               "': terms must be separated by spaces");
            }
        } else {
            const std::size_t word = c.pos;
            while (!c.at_end() && !is_space(c.peek())) {
                ++c.pos;
            }
            std::string_view raw = text.substr(word, c.pos - word);
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (!is_word_char(raw[i])) {
                    return c.error_at(word + i,
                                      "Invalid character(s) in term '" + std::string(raw) +
                                          "': terms with characters other than letters, digits "
                                          "and '_' must be quoted");
                }
            }
            if (raw.empty()) {
                return c.error_at(begin,
                                  std::string("Invalid character(s) in term '") + prefix + "'");
            }
            term = std::string(raw);
        }
        if (prefix == '-') {
            out.excluded.push_back(std::move(term));
        } else if (prefix == '?') {
            out.optional.push_back(std::move(term));
        } else {
            out.required.push_back(std::move(term));
        }
    }
    if (!out.required.empty()) {
        out.optional.clear();
    }
    return out;
}

bool terms_match(const TermPattern& pattern, std::string_view message) {
    for (const std::string& term : pattern.required) {
        if (message.find(term) == std::string_view::npos) {
            return false;
        }
    }
    for (const std::string& term : pattern.excluded) {
        if (message.find(term) != std::string_view::npos) {
            return false;
        }
    }
    if (pattern.optional.empty()) {
        return true;
    }
    for (const std::string& term : pattern.optional) {
        if (message.find(term) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace tripline::filter_pattern::detail
