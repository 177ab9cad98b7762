// The SQL tokenizer behind athena_dialect.h (private to the query module). It splits the text the
// way DuckDB's PostgreSQL-derived lexer does - nested /* */ comments, '' and "" escapes, `--`
// comments ending at \n or \r - so that what the rewriter treats as a string or a comment is
// exactly what DuckDB will; constructs where Trino and DuckDB would split differently (E'' escape
// strings, $-quoting, $ in names) are refused instead of guessed. Backtick identifiers (Hive's) are
// tokens of their own; the rewriter turns them into double-quoted ones.
//
// Every byte of the input belongs to exactly one token, so joining the token texts gives the input
// back. Positions are 1-based lines and byte columns, like Athena's "line 1:8". Also here: the
// name and error helpers the dialect's files share (athena_tokens.cpp also implements
// schema_of() and matches_show_pattern()).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::query::athena::detail {

enum class TokenKind {
    kSpace,
    kComment,   // -- ... or /* ... */
    kWord,      // unquoted identifier or keyword
    kQuoted,    // "identifier"
    kBacktick,  // `identifier`
    kString,    // 'literal'
    kNumber,
    kSymbol,  // operators and punctuation: ( ) , . ; <= || -> ...
};

struct Token {
    TokenKind kind = TokenKind::kSpace;
    std::size_t offset = 0;
    std::size_t size = 0;
    std::size_t line = 1;
    std::size_t column = 1;
};

// Errors: kInvalidArgument "SYNTAX_ERROR: line L:C: ..." (unterminated quote or comment, '$') or
// "NOT_SUPPORTED: line L:C: ..." (E'' strings).
Result<std::vector<Token>> tokenize(std::string_view sql);

inline bool is_significant(const Token& t) {
    return t.kind != TokenKind::kSpace && t.kind != TokenKind::kComment;
}
inline bool is_identifier(const Token& t) {
    return t.kind == TokenKind::kWord || t.kind == TokenKind::kQuoted ||
           t.kind == TokenKind::kBacktick;
}
inline std::string_view token_text(std::string_view sql, const Token& t) {
    return sql.substr(t.offset, t.size);
}

std::string lower(std::string_view text);
std::string upper(std::string_view text);
// Whether `word` is one of the space-separated `words`.
bool is_one_of(std::string_view word, std::string_view words);
// An identifier's name: words lower-cased, quoted ones unescaped (and lower-cased too when
// `fold_quoted`: Athena's names are case-insensitive even when quoted).
std::string identifier_value(std::string_view sql, const Token& t, bool fold_quoted = true);
// Whether `t` is the unquoted word `keyword` (given in lower case), in any case.
bool is_word(std::string_view sql, const Token& t, std::string_view keyword);
bool is_symbol(std::string_view sql, const Token& t, std::string_view symbol);
// A string literal's value ('' unescaped).
std::string string_value(std::string_view sql, const Token& t);
// `name` as a DuckDB double-quoted identifier.
std::string double_quoted(std::string_view name);
// A lower-case name as a DuckDB identifier: bare when that is unambiguous, else double-quoted.
std::string duck_identifier(std::string_view name);

// kInvalidArgument "<error_name>: line L:C: <message>" located at `at`.
Error positioned_error(const Token& at, std::string_view error_name, std::string_view message);
// "NOT_SUPPORTED: line L:C: <what> is not supported[: Tripline's query engine is read-only]".
Error not_supported(const Token& at, std::string_view what, bool writes_data = false);

}  // namespace tripline::query::athena::detail
