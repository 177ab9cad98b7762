// rewrite_query(): one pass over the significant tokens of a query, deciding per token what
// DuckDB text replaces it. It knows only as much SQL structure as the rewrites need: parentheses,
// calls (a name followed by `(`), CAST's type, and which names follow FROM/JOIN (table positions).
#include "query/athena_rewrite.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::query::athena::detail {

namespace {

constexpr std::string_view kUnsupportedTypes =
    "bingtile color geometry hyperloglog ipaddress ipprefix khyperloglog p4hyperloglog qdigest "
    "setdigest sphericalgeography tdigest";

// Keywords after which a FROM clause has ended.
constexpr std::string_view kClauseEnds =
    "except fetch group having intersect limit offset order qualify select union where window";

// Keywords DuckDB follows with a table, which may be a file name (SUMMARIZE 'x.csv').
constexpr std::string_view kTableKeywords = "desc describe join pivot show summarize table unpivot";

// Functions whose arguments use FROM as a keyword (trim(x FROM s), extract(year FROM t), ...).
constexpr std::string_view kFromInsideCalls = "extract overlay substring trim";

std::string sql_string(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

class Rewriter {
public:
    Rewriter(std::string_view sql,
             const std::vector<Token>& tokens,
             std::size_t begin,
             std::size_t end)
        : sql_(sql), tokens_(tokens), out_(tokens.size()) {
        for (std::size_t i = begin; i < end; ++i) {
            if (is_significant(tokens[i])) {
                sig_.push_back(i);
            }
        }
        match_parentheses();
    }

    Result<std::string> run() {
        frames_.push_back(Frame{});
        for (std::size_t k = 0; k < sig_.size(); ++k) {
            if (skip_to_ != 0 && k < skip_to_) {
                continue;
            }
            skip_to_ = 0;
            if (auto region = skipped_.find(k); region != skipped_.end()) {
                skip_to_ = region->second;  // a CAST's type or dropped arguments, done
                continue;
            }
            TRIPLINE_TRY(visit(k));
        }
        std::string text;
        if (sig_.empty()) {
            return text;
        }
        for (std::size_t i = sig_.front(); i <= sig_.back(); ++i) {
            if (out_[i]) {
                text += *out_[i];
            } else if (tokens_[i].kind == TokenKind::kBacktick) {
                text += double_quoted(identifier_value(sql_, tokens_[i], false));
            } else {
                text += token_text(sql_, tokens_[i]);
            }
        }
        return text;
    }

private:
    struct Frame {
        bool in_from = false;       // between FROM and the end of its clause, at this depth
        bool keyword_from = false;  // inside trim(...)/extract(...): FROM is not a table's
    };

    const Token& tok(std::size_t k) const { return tokens_[sig_[k]]; }
    bool has(std::size_t k) const { return k < sig_.size(); }
    bool word(std::size_t k, std::string_view keyword) const {
        return has(k) && is_word(sql_, tok(k), keyword);
    }
    bool symbol(std::size_t k, std::string_view s) const {
        return has(k) && is_symbol(sql_, tok(k), s);
    }
    bool ident(std::size_t k) const { return has(k) && is_identifier(tok(k)); }
    std::string value(std::size_t k) const { return identifier_value(sql_, tok(k)); }
    void set(std::size_t k, std::string text) { out_[sig_[k]] = std::move(text); }
    // Drops the whitespace and comments between significant tokens a and b.
    void clear_between(std::size_t a, std::size_t b) {
        for (std::size_t i = sig_[a] + 1; i < sig_[b]; ++i) {
            out_[i] = "";
        }
    }

    void match_parentheses() {
        match_.assign(sig_.size(), 0);
        std::vector<std::size_t> open;
        for (std::size_t k = 0; k < sig_.size(); ++k) {
            if (symbol(k, "(")) {
                open.push_back(k);
            } else if (symbol(k, ")") && !open.empty()) {
                match_[open.back()] = k;
                open.pop_back();
            }
        }
    }

    Status visit(std::size_t k) {
        if (symbol(k, "(") || symbol(k, "[")) {
            const bool keyword_from =
                symbol(k, "(") && ident(k - 1) && is_one_of(value(k - 1), kFromInsideCalls);
            frames_.push_back(Frame{false, keyword_from});
            return ok_status();
        }
        if (symbol(k, ")") || symbol(k, "]")) {
            if (frames_.size() > 1) {
                frames_.pop_back();
            }
            return ok_status();
        }
        if (symbol(k, ",")) {
            return frames_.back().in_from ? check_table(k + 1) : ok_status();
        }
        if (!ident(k)) {
            return ok_status();
        }
        if (tok(k).kind == TokenKind::kWord) {
            TRIPLINE_TRY(visit_keyword(k));
        }
        qualify(k);
        if (symbol(k + 1, "(")) {
            return visit_call(k);
        }
        return ok_status();
    }

    Status visit_keyword(std::size_t k) {
        const std::string keyword = value(k);
        Frame& frame = frames_.back();
        if (keyword == "from") {
            if (frame.keyword_from || word(k - 1, "distinct")) {  // IS [NOT] DISTINCT FROM
                return ok_status();
            }
            frame.in_from = true;
            return check_table(k + 1);
        }
        if (is_one_of(keyword, kTableKeywords)) {
            return check_table(k + 1);
        }
        if (is_one_of(keyword, kClauseEnds)) {
            frame.in_from = false;
        }
        if (keyword == "lateral" && word(k + 1, "view")) {
            return not_supported(tok(k), "LATERAL VIEW");
        }
        if (keyword == "tablesample") {
            return tablesample(k);
        }
        // DuckDB runs data-modifying statements after a WITH clause or inside one.
        if ((keyword == "insert" || keyword == "update" || keyword == "delete" ||
             keyword == "merge") &&
            (symbol(k - 1, "(") || symbol(k - 1, ")"))) {
            return not_supported(tok(k), upper(keyword), true);
        }
        return ok_status();
    }

    // A string or a file-like quoted name where a table belongs makes DuckDB read that file
    // (its replacement scans: FROM 'x.csv', FROM "x.parquet").
    Status check_table(std::size_t k) {
        if (!has(k)) {
            return ok_status();
        }
        const Token& t = tok(k);
        bool file = t.kind == TokenKind::kString;
        if (t.kind == TokenKind::kQuoted || t.kind == TokenKind::kBacktick) {
            file = value(k).find_first_of("./\\:") != std::string::npos;
        }
        // N'...', U&'...': prefixed string literals.
        if (t.kind == TokenKind::kWord && t.size == 1 && has(k + 1)) {
            std::size_t next = k + 1;
            if (symbol(next, "&") && has(next + 1)) {
                ++next;
            }
            file = tok(next).kind == TokenKind::kString &&
                   tokens_[sig_[next] - 1].kind != TokenKind::kSpace;
        }
        if (file) {
            return positioned_error(t, "NOT_SUPPORTED", "reading files by name is not supported");
        }
        // The trail store's own tables are not Athena's (the catalog hides them too).
        std::size_t last = k;
        while (symbol(last + 1, ".") && ident(last + 2)) {
            last += 2;
        }
        const std::string name = value(last);
        if (name == "trail_records" || name == "trail_meta" || name.starts_with("tl_")) {
            const std::string schema = last >= k + 2 ? value(last - 2) : "";
            if (schema.empty() || schema == "main" || schema == "default") {
                return positioned_error(
                    t,
                    "TABLE_NOT_FOUND",
                    "Table 'awsdatacatalog.default." + name + "' does not exist");
            }
        }
        return ok_status();
    }

    // awsdatacatalog.x -> x; default.t -> main.t (Athena's database `default` is schema main).
    void qualify(std::size_t k) {
        if (!symbol(k + 1, ".") || !ident(k + 2)) {
            return;
        }
        const bool qualified = k > 0 && symbol(k - 1, ".");
        const std::string name = value(k);
        if (name == "awsdatacatalog" && !qualified) {
            set(k, "");
            set(k + 1, "");
            clear_between(k, k + 2);
            catalog_end_ = k + 2;
        } else if (name == "default" && (!qualified || catalog_end_ == k)) {
            set(k, "main");
        }
    }

    // TABLESAMPLE BERNOULLI (10) -> TABLESAMPLE 10% (bernoulli).
    Status tablesample(std::size_t k) {
        if ((word(k + 1, "bernoulli") || word(k + 1, "system")) && symbol(k + 2, "(") &&
            has(k + 3) && tok(k + 3).kind == TokenKind::kNumber && symbol(k + 4, ")")) {
            set(k + 1, std::string(token_text(sql_, tok(k + 3))) + "%");
            clear_between(k + 1, k + 4);
            set(k + 2, "");
            set(k + 3, "");
            set(k + 4, " (" + value(k + 1) + ")");
            skip_to_ = k + 5;
            return ok_status();
        }
        // DuckDB's other methods and Trino's expression sizes have no one-to-one spelling.
        return not_supported(tok(k),
                             has(k + 1) && tok(k + 1).kind == TokenKind::kWord
                                 ? "TABLESAMPLE " + upper(value(k + 1))
                                 : std::string("TABLESAMPLE"));
    }

    Status visit_call(std::size_t k) {
        const std::size_t close = match_[k + 1];
        const std::string name = value(k);
        if (is_refused_function(name)) {
            return not_supported(tok(k), "function " + name);
        }
        // `AS t(a, b)` and `WITH t(a) AS (...)` name columns; they are not calls.
        if (word(k - 1, "as") || (close != 0 && word(close + 1, "as") && symbol(close + 2, "("))) {
            return ok_status();
        }
        if (close == 0 || symbol(k - 1, ".")) {
            return ok_status();
        }
        if (name == "cast" || name == "try_cast") {
            return cast_type(k + 1, close);
        }
        const FunctionRewrite* rewrite = find_function_rewrite(name);
        if (rewrite == nullptr) {
            return ok_status();
        }
        std::vector<std::size_t> commas = top_level_commas(k + 1, close);
        const std::size_t args = close == k + 2 ? 0 : commas.size() + 1;
        if (rewrite->max_args != 0 && args > rewrite->max_args) {
            return not_supported(
                tok(k), "function " + name + " with " + std::to_string(args) + " arguments");
        }
        std::string head(rewrite->head);
        if (name == "approx_distinct" && word(k + 2, "distinct")) {
            head = "count(";
        }
        set(k, head);
        clear_between(k, k + 1);
        set(k + 1, "");
        set(close, std::string(rewrite->tail));
        if (rewrite->keep_args != 0 && args > rewrite->keep_args) {
            const std::size_t drop = commas[rewrite->keep_args - 1];
            for (std::size_t i = sig_[drop]; i < sig_[close]; ++i) {
                out_[i] = "";
            }
            skipped_[drop] = close;
        }
        if (name == "date_parse") {
            return date_parse_format(k, close, commas);
        }
        return ok_status();
    }

    std::vector<std::size_t> top_level_commas(std::size_t open, std::size_t close) const {
        std::vector<std::size_t> commas;
        int depth = 0;
        for (std::size_t j = open + 1; j < close; ++j) {
            if (symbol(j, "(") || symbol(j, "[")) {
                ++depth;
            } else if (symbol(j, ")") || symbol(j, "]")) {
                --depth;
            } else if (depth == 0 && symbol(j, ",")) {
                commas.push_back(j);
            }
        }
        return commas;
    }

    // DuckDB's strptime() needs a constant format, so Trino's is translated here.
    Status date_parse_format(std::size_t k,
                             std::size_t close,
                             const std::vector<std::size_t>& commas) {
        const std::size_t format = commas.size() == 1 ? commas[0] + 1 : 0;
        if (format == 0 || format + 1 != close || tok(format).kind != TokenKind::kString) {
            return not_supported(tok(k), "date_parse without a literal format");
        }
        set(format, sql_string(mysql_to_strftime(string_value(sql_, tok(format)))));
        return ok_status();
    }

    // CAST(x AS <type>): Trino's type spelled for DuckDB (array(varchar) -> VARCHAR[], ...).
    Status cast_type(std::size_t open, std::size_t close) {
        std::size_t as = 0;
        int depth = 0;
        for (std::size_t j = open + 1; j < close; ++j) {
            if (symbol(j, "(") || symbol(j, "[")) {
                ++depth;
            } else if (symbol(j, ")") || symbol(j, "]")) {
                --depth;
            } else if (depth == 0 && word(j, "as")) {
                as = j;
            }
        }
        if (as == 0 || as + 1 >= close) {
            return ok_status();
        }
        std::size_t next = as + 1;
        TRIPLINE_ASSIGN_OR_RETURN(std::optional<std::string> type, parse_type(next));
        if (!type || next != close) {
            return ok_status();  // not a type we know; DuckDB will tell
        }
        const Token& first = tok(as + 1);
        const Token& last = tok(close - 1);
        if (*type != sql_.substr(first.offset, last.offset + last.size - first.offset)) {
            set(as + 1, *type);
            for (std::size_t i = sig_[as + 1] + 1; i < sig_[close]; ++i) {
                out_[i] = "";
            }
        }
        // The expression before AS is still visited; the type's tokens are not.
        skipped_[as + 1] = close;
        return ok_status();
    }

    Result<std::optional<std::string>> parse_type(std::size_t& k) {
        if (!ident(k)) {
            return std::optional<std::string>();
        }
        const std::size_t first = k;
        const std::string name = value(k++);
        if (is_one_of(name, kUnsupportedTypes) || name == "row") {
            return not_supported(tok(first), "type " + name);
        }
        if (name == "array" || name == "map") {
            const bool angle = symbol(k, "<");
            if (!angle && !symbol(k, "(")) {
                return std::optional<std::string>();
            }
            ++k;
            TRIPLINE_ASSIGN_OR_RETURN(std::optional<std::string> element, parse_type(k));
            std::optional<std::string> value_type;
            if (element && name == "map" && symbol(k, ",")) {
                ++k;
                TRIPLINE_ASSIGN_OR_RETURN(value_type, parse_type(k));
            }
            if (!element || (name == "map" && !value_type) || !symbol(k, angle ? ">" : ")")) {
                return std::optional<std::string>();
            }
            ++k;
            return std::optional<std::string>(
                name == "array" ? *element + "[]" : "MAP(" + *element + ", " + *value_type + ")");
        }
        if (symbol(k, "(")) {  // varchar(10), decimal(10, 2), timestamp(3)
            while (has(k) && !symbol(k, ")")) {
                ++k;
            }
            ++k;
        }
        if (name == "timestamp" || name == "time") {
            bool zone = false;
            if ((word(k, "with") || word(k, "without")) && word(k + 1, "time") &&
                word(k + 2, "zone")) {
                zone = word(k, "with");
                k += 3;
            }
            return std::optional<std::string>(name == "timestamp"
                                                  ? (zone ? "TIMESTAMPTZ" : "TIMESTAMP")
                                                  : (zone ? "TIMETZ" : "TIME"));
        }
        if (name == "interval" && (word(k, "day") || word(k, "year")) && word(k + 1, "to")) {
            k += 3;
            return std::optional<std::string>("INTERVAL");
        }
        if (name == "double" && word(k, "precision")) {
            ++k;
        }
        const Token& last = tok(k - 1);
        return std::optional<std::string>(
            sql_.substr(tok(first).offset, last.offset + last.size - tok(first).offset));
    }

    std::string_view sql_;
    const std::vector<Token>& tokens_;
    std::vector<std::size_t> sig_;                 // indices of the significant tokens
    std::vector<std::size_t> match_;               // for each `(`: its `)` (0 when unbalanced)
    std::vector<std::optional<std::string>> out_;  // replacement text per token
    std::vector<Frame> frames_;
    std::size_t skip_to_ = 0;
    std::size_t catalog_end_ = 0;
    std::map<std::size_t, std::size_t> skipped_;  // tokens [first, end) not to visit
};

}  // namespace

Result<std::string> rewrite_query(std::string_view sql,
                                  const std::vector<Token>& tokens,
                                  std::size_t begin,
                                  std::size_t end) {
    return Rewriter(sql, tokens, begin, end).run();
}

}  // namespace tripline::query::athena::detail
