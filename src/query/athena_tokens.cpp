#include "query/athena_tokens.h"

#include <array>

#include "query/athena_dialect.h"

namespace tripline::query::athena {

namespace detail {

namespace {

bool is_word_start(unsigned char c) {
    // Bytes of multi-byte UTF-8 characters are name characters, as in DuckDB's lexer.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_word_char(unsigned char c) { return is_word_start(c) || is_digit(c); }
bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Operators lexed as one token; any other symbol character is a token of its own. `>>` is two, so
// that array<array<varchar>> closes twice.
constexpr std::array<std::string_view, 8> kMultiSymbols = {
    "<=", ">=", "<>", "!=", "||", "->", "=>", "::"};

class Lexer {
public:
    explicit Lexer(std::string_view sql) : sql_(sql) {}

    Result<std::vector<Token>> run() {
        std::vector<Token> tokens;
        while (pos_ < sql_.size()) {
            Token token{TokenKind::kSpace, pos_, 0, line_, column_};
            TRIPLINE_ASSIGN_OR_RETURN(token.kind, lex_one(token));
            token.size = pos_ - token.offset;
            tokens.push_back(token);
        }
        return tokens;
    }

private:
    unsigned char at(std::size_t i) const {
        return i < sql_.size() ? static_cast<unsigned char>(sql_[i]) : 0;
    }
    void advance(std::size_t n = 1) {
        for (std::size_t i = 0; i < n && pos_ < sql_.size(); ++i, ++pos_) {
            if (sql_[pos_] == '\n') {
                ++line_;
                column_ = 1;
            } else {
                ++column_;
            }
        }
    }

    Result<TokenKind> lex_one(const Token& start) {
        const unsigned char c = at(pos_);
        if (is_space(c)) {
            while (pos_ < sql_.size() && is_space(at(pos_))) {
                advance();
            }
            return TokenKind::kSpace;
        }
        if (c == '-' && at(pos_ + 1) == '-') {
            while (pos_ < sql_.size() && at(pos_) != '\n' && at(pos_) != '\r') {
                advance();
            }
            return TokenKind::kComment;
        }
        if (c == '/' && at(pos_ + 1) == '*') {
            return block_comment(start);
        }
        if (c == '\'') {
            return quoted(start, '\'', TokenKind::kString, "string literal");
        }
        if (c == '"') {
            return quoted(start, '"', TokenKind::kQuoted, "quoted identifier");
        }
        if (c == '`') {
            return quoted(start, '`', TokenKind::kBacktick, "quoted identifier");
        }
        if (c == '$') {
            // DuckDB reads $tag$...$tag$ as a string and $1 as a parameter; Trino has neither.
            return positioned_error(start, "SYNTAX_ERROR", "mismatched input '$'");
        }
        if (is_word_start(c)) {
            while (is_word_char(at(pos_))) {
                advance();
            }
            if (pos_ == start.offset + 1 && (c == 'e' || c == 'E') && at(pos_) == '\'') {
                // DuckDB reads backslash escapes in E'...', so its string could end elsewhere.
                return not_supported(start, "E'...' string literal");
            }
            return TokenKind::kWord;
        }
        if (is_digit(c)) {
            number();
            return TokenKind::kNumber;
        }
        for (std::string_view symbol : kMultiSymbols) {
            if (sql_.substr(pos_, 2) == symbol) {
                advance(2);
                return TokenKind::kSymbol;
            }
        }
        advance();
        return TokenKind::kSymbol;
    }

    // DuckDB's block comments nest (/* /* */ */ is one comment).
    Result<TokenKind> block_comment(const Token& start) {
        int depth = 0;
        while (pos_ < sql_.size()) {
            if (at(pos_) == '/' && at(pos_ + 1) == '*') {
                ++depth;
                advance(2);
            } else if (at(pos_) == '*' && at(pos_ + 1) == '/') {
                advance(2);
                if (--depth == 0) {
                    return TokenKind::kComment;
                }
            } else {
                advance();
            }
        }
        return positioned_error(start, "SYNTAX_ERROR", "unterminated comment");
    }

    // A doubled quote character inside is the character itself.
    Result<TokenKind> quoted(const Token& start,
                             char quote,
                             TokenKind kind,
                             std::string_view what) {
        advance();
        while (pos_ < sql_.size()) {
            if (sql_[pos_] == quote) {
                if (at(pos_ + 1) == static_cast<unsigned char>(quote)) {
                    advance(2);
                    continue;
                }
                advance();
                return kind;
            }
            advance();
        }
        return positioned_error(start, "SYNTAX_ERROR", "unterminated " + std::string(what));
    }

    void number() {
        while (is_digit(at(pos_))) {
            advance();
        }
        if (at(pos_) == '.' && is_digit(at(pos_ + 1))) {
            advance();
            while (is_digit(at(pos_))) {
                advance();
            }
        }
        if ((at(pos_) == 'e' || at(pos_) == 'E') &&
            (is_digit(at(pos_ + 1)) ||
             ((at(pos_ + 1) == '+' || at(pos_ + 1) == '-') && is_digit(at(pos_ + 2))))) {
            advance(2);
            while (is_digit(at(pos_))) {
                advance();
            }
        }
        // 0x1F, 1_000: the rest of a literal DuckDB may accept is kept with it.
        while (is_word_char(at(pos_))) {
            advance();
        }
    }

    std::string_view sql_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t column_ = 1;
};

std::string unquote(std::string_view text) {
    if (text.size() < 2) {
        return std::string(text);
    }
    const char quote = text.front();
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == quote && i + 2 < text.size() && text[i + 1] == quote) {
            ++i;
        }
    }
    return out;
}

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view sql) { return Lexer(sql).run(); }

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

bool is_one_of(std::string_view word, std::string_view words) {
    while (!words.empty()) {
        const std::size_t space = words.find(' ');
        if (words.substr(0, space) == word) {
            return true;
        }
        words = space == std::string_view::npos ? std::string_view() : words.substr(space + 1);
    }
    return false;
}

std::string identifier_value(std::string_view sql, const Token& t, bool fold_quoted) {
    std::string_view text = token_text(sql, t);
    if (t.kind == TokenKind::kQuoted || t.kind == TokenKind::kBacktick) {
        std::string value = unquote(text);
        return fold_quoted ? lower(value) : value;
    }
    return lower(text);
}

bool is_word(std::string_view sql, const Token& t, std::string_view keyword) {
    if (t.kind != TokenKind::kWord || t.size != keyword.size()) {
        return false;
    }
    for (std::size_t i = 0; i < keyword.size(); ++i) {
        char c = sql[t.offset + i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != keyword[i]) {
            return false;
        }
    }
    return true;
}

bool is_symbol(std::string_view sql, const Token& t, std::string_view symbol) {
    return t.kind == TokenKind::kSymbol && token_text(sql, t) == symbol;
}

std::string string_value(std::string_view sql, const Token& t) {
    return unquote(token_text(sql, t));
}

std::string double_quoted(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string duck_identifier(std::string_view name) {
    bool bare = !name.empty() && !is_digit(static_cast<unsigned char>(name[0]));
    for (char c : name) {
        bare =
            bare && ((c >= 'a' && c <= 'z') || is_digit(static_cast<unsigned char>(c)) || c == '_');
    }
    return bare ? std::string(name) : double_quoted(name);
}

Error positioned_error(const Token& at, std::string_view error_name, std::string_view message) {
    TextSpan where;
    where.begin = TextPosition{at.offset, at.line, at.column};
    return make_error(Errc::kInvalidArgument,
                      std::string(error_name) + ": line " + std::to_string(at.line) + ":" +
                          std::to_string(at.column) + ": " + std::string(message),
                      where);
}

Error not_supported(const Token& at, std::string_view what, bool writes_data) {
    std::string message = std::string(what) + " is not supported";
    if (writes_data) {
        message += ": Tripline's query engine is read-only";
    }
    return positioned_error(at, "NOT_SUPPORTED", message);
}

}  // namespace detail

// The name helpers of athena_dialect.h live here, beside the tokenizer's.
std::string schema_of(std::string_view database) {
    std::string schema = detail::lower(database);
    return schema == "default" ? "main" : schema;
}

namespace {

// '*' matches any run of characters; everything else itself (both sides lower-cased).
bool glob_match(std::string_view pattern, std::string_view name) {
    std::size_t p = 0;
    std::size_t n = 0;
    std::size_t star = std::string_view::npos;
    std::size_t resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (p < pattern.size() && pattern[p] == name[n]) {
            ++p;
            ++n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace

bool matches_show_pattern(std::string_view pattern, std::string_view name) {
    const std::string lowered = detail::lower(name);
    std::string_view rest = pattern;
    while (true) {
        const std::size_t bar = rest.find('|');
        std::string alternative = detail::lower(trim(rest.substr(0, bar)));
        // Athena's documentation spells "any characters" as * or .*
        for (std::size_t at = alternative.find(".*"); at != std::string::npos;
             at = alternative.find(".*", at)) {
            alternative.erase(at, 1);
        }
        if (glob_match(alternative, lowered)) {
            return true;
        }
        if (bar == std::string_view::npos) {
            return false;
        }
        rest.remove_prefix(bar + 1);
    }
}

}  // namespace tripline::query::athena
