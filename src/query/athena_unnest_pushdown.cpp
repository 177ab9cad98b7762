// DuckDB 1.4 does not push a WHERE clause below the lateral join it makes of
// `FROM t CROSS JOIN UNNEST(t.list) AS u(x)`: every row's list is unnested and joined back before
// the filter runs (docs/benchmarks.md: 3.5 s instead of 10 ms on a million records). This pass
// moves the top-level conjuncts that do not name the unnested alias or columns into a derived
// table: `FROM (SELECT * FROM t WHERE <them>) AS t CROSS JOIN UNNEST(...) ... WHERE <the rest>`,
// which returns the same rows. Anything it does not recognise exactly is left as it is.
#include "query/athena_unnest_pushdown.h"

#include <optional>
#include <set>

#include "query/athena_tokens.h"

namespace tripline::query::athena::detail {

namespace {

class Pushdown {
public:
    Pushdown(std::string_view sql, std::vector<Token> tokens) : sql_(sql) {
        for (const Token& t : tokens) {
            if (is_significant(t)) {
                toks_.push_back(t);
            }
        }
    }

    std::string run() {
        for (std::size_t i = 0; i < toks_.size(); ++i) {
            if (word(i, "from")) {
                if (auto rewritten = try_at(i)) {
                    return *rewritten;
                }
            }
        }
        return std::string(sql_);
    }

private:
    bool has(std::size_t i) const { return i < toks_.size(); }
    bool word(std::size_t i, std::string_view w) const {
        return has(i) && is_word(sql_, toks_[i], w);
    }
    bool symbol(std::size_t i, std::string_view s) const {
        return has(i) && is_symbol(sql_, toks_[i], s);
    }
    bool ident(std::size_t i) const { return has(i) && is_identifier(toks_[i]); }
    std::string name(std::size_t i) const { return identifier_value(sql_, toks_[i]); }
    std::size_t begin(std::size_t i) const { return toks_[i].offset; }
    std::size_t end(std::size_t i) const { return toks_[i].offset + toks_[i].size; }
    std::string text(std::size_t first, std::size_t last) const {  // tokens [first, last]
        return std::string(sql_.substr(begin(first), end(last) - begin(first)));
    }
    // The index after the ')' matching the '(' at `open`, or npos.
    std::size_t after_group(std::size_t open) const {
        int depth = 0;
        for (std::size_t i = open; i < toks_.size(); ++i) {
            depth += symbol(i, "(") ? 1 : symbol(i, ")") ? -1 : 0;
            if (depth == 0) {
                return i + 1;
            }
        }
        return std::string::npos;
    }
    bool keyword(std::size_t i) const {
        static const std::set<std::string, std::less<>> kKeywords = {
            "cross",  "join",  "where",   "group",     "order",   "limit",  "having",
            "window", "union", "except",  "intersect", "on",      "using",  "inner",
            "left",   "right", "full",    "natural",   "qualify", "offset", "fetch",
            "with",   "as",    "lateral", "unnest"};
        return has(i) && toks_[i].kind == TokenKind::kWord && kKeywords.contains(name(i));
    }

    std::optional<std::string> try_at(std::size_t from) {
        // FROM relation[.relation]* [[AS] alias]
        std::size_t i = from + 1;
        if (!ident(i) || keyword(i)) {
            return std::nullopt;
        }
        const std::size_t rel_first = i;
        std::string rel_name = name(i);
        ++i;
        while (symbol(i, ".") && ident(i + 1)) {
            rel_name = name(i + 1);
            i += 2;
        }
        const std::size_t rel_last = i - 1;
        std::string alias = rel_name;
        std::size_t alias_last = rel_last;
        if (word(i, "as") && ident(i + 1)) {
            alias = name(i + 1);
            alias_last = i + 1;
            i += 2;
        } else if (ident(i) && !keyword(i)) {
            alias = name(i);
            alias_last = i;
            ++i;
        }
        // CROSS JOIN UNNEST(...) | , UNNEST(...)
        if (word(i, "cross") && word(i + 1, "join")) {
            i += 2;
        } else if (symbol(i, ",")) {
            ++i;
        } else {
            return std::nullopt;
        }
        if (!word(i, "unnest") || !symbol(i + 1, "(")) {
            return std::nullopt;
        }
        i = after_group(i + 1);
        if (i == std::string::npos) {
            return std::nullopt;
        }
        if (word(i, "with") && word(i + 1, "ordinality")) {
            i += 2;
        }
        // [AS] alias [(columns)]: the names the unnested side brings.
        std::set<std::string, std::less<>> unnested;
        if (word(i, "as")) {
            ++i;
        }
        if (ident(i) && !keyword(i)) {
            unnested.insert(name(i));
            ++i;
            if (symbol(i, "(")) {
                const std::size_t close = after_group(i);
                if (close == std::string::npos) {
                    return std::nullopt;
                }
                for (std::size_t k = i + 1; k + 1 < close; ++k) {
                    if (ident(k)) {
                        unnested.insert(name(k));
                    }
                }
                i = close;
            }
        } else {
            return std::nullopt;  // an unnamed UNNEST: its column is 'unnest'; leave it
        }
        if (!word(i, "where")) {
            return std::nullopt;
        }
        const std::size_t where = i;
        // The WHERE clause: up to the clause that follows at this depth.
        std::vector<std::pair<std::size_t, std::size_t>> conjuncts;  // token ranges [a, b]
        std::size_t start = where + 1;
        int depth = 0;
        bool between = false;
        std::size_t k = start;
        for (; k < toks_.size(); ++k) {
            if (symbol(k, "(")) {
                ++depth;
            } else if (symbol(k, ")")) {
                if (depth == 0) {
                    break;
                }
                --depth;
            } else if (depth == 0) {
                if (symbol(k, ";") || word(k, "group") || word(k, "order") || word(k, "limit") ||
                    word(k, "having") || word(k, "window") || word(k, "union") ||
                    word(k, "except") || word(k, "intersect") || word(k, "qualify") ||
                    word(k, "offset") || word(k, "fetch")) {
                    break;
                }
                if (word(k, "or")) {
                    return std::nullopt;  // AND binds tighter: splitting would change meaning
                }
                if (word(k, "between")) {
                    between = true;
                } else if (word(k, "and")) {
                    if (between) {
                        between = false;
                    } else {
                        if (k == start) {
                            return std::nullopt;
                        }
                        conjuncts.emplace_back(start, k - 1);
                        start = k + 1;
                    }
                }
            }
        }
        if (k == start) {
            return std::nullopt;
        }
        conjuncts.emplace_back(start, k - 1);
        const std::size_t where_last = k - 1;
        std::vector<std::string> moved;
        std::vector<std::string> kept;
        for (const auto& [a, b] : conjuncts) {
            bool names_unnested = false;
            for (std::size_t t = a; t <= b; ++t) {
                if ((ident(t) && unnested.contains(name(t))) || word(t, "select")) {
                    names_unnested = true;  // subqueries stay where they were too
                }
            }
            (names_unnested ? kept : moved).push_back(text(a, b));
        }
        if (moved.empty()) {
            return std::nullopt;
        }
        auto join = [](const std::vector<std::string>& parts) {
            std::string out;
            for (const std::string& p : parts) {
                out += (out.empty() ? "(" : " AND (") + p + ")";
            }
            return out;
        };
        std::string out(sql_.substr(0, begin(rel_first)));
        out += "(SELECT * FROM " + text(rel_first, alias_last) + " WHERE " + join(moved) + ") AS " +
               double_quoted(alias);
        out += sql_.substr(end(alias_last), begin(where) - end(alias_last));
        if (!kept.empty()) {
            out += "WHERE " + join(kept);
        }
        out += sql_.substr(end(where_last));
        return out;
    }

    std::string_view sql_;
    std::vector<Token> toks_;
};

}  // namespace

std::string push_filters_below_unnest(std::string_view sql) {
    auto tokens = tokenize(sql);
    if (!tokens) {
        return std::string(sql);
    }
    return Pushdown(sql, std::move(*tokens)).run();
}

}  // namespace tripline::query::athena::detail
