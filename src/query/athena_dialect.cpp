// translate(): tokenize, cut the one statement, classify it by its leading keywords (a small
// recursive-descent reader of the DDL/SHOW forms Athena accepts) and rewrite queries
// (athena_rewrite.h). schema_of() and matches_show_pattern() are in athena_tokens.cpp.
#include "query/athena_dialect.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/text_position.h"
#include "query/athena_rewrite.h"
#include "query/athena_tokens.h"

namespace tripline::query::athena {

namespace {

using detail::is_identifier;
using detail::not_supported;
using detail::positioned_error;
using detail::Token;
using detail::TokenKind;

constexpr std::string_view kExpecting =
    ". Expecting: 'ALTER', 'CREATE', 'DESCRIBE', 'DROP', 'EXPLAIN', 'MSCK', 'SELECT', 'SHOW', "
    "'VALUES', 'WITH'";

// Statements that write data, refused with "...: Tripline's query engine is read-only".
constexpr std::string_view kWriting =
    "copy delete export import insert merge optimize truncate unload update vacuum";
// Statements Trino or DuckDB know that Tripline does not run.
constexpr std::string_view kUnsupported =
    "abort analyze attach begin call checkpoint comment commit deallocate deny detach execute "
    "force grant install load pragma prepare refresh reset revoke rollback set start use";

struct QualifiedName {
    std::string database;
    std::string name;
};

class Parser {
public:
    Parser(std::string_view sql, const std::vector<Token>& tokens, std::vector<std::size_t> sig)
        : sql_(sql), tokens_(tokens), sig_(std::move(sig)) {}

    Result<Statement> parse() {
        Statement statement;
        const Token& first = tok(0);
        const Token& last = tok(sig_.size() - 1);
        statement.text =
            std::string(sql_.substr(first.offset, last.offset + last.size - first.offset));
        TRIPLINE_TRY(parse_at(0, statement));
        return statement;
    }

private:
    const Token& tok(std::size_t k) const { return tokens_[sig_[k]]; }
    bool has(std::size_t k) const { return k < sig_.size(); }
    bool word(std::size_t k, std::string_view keyword) const {
        return has(k) && detail::is_word(sql_, tok(k), keyword);
    }
    bool symbol(std::size_t k, std::string_view s) const {
        return has(k) && detail::is_symbol(sql_, tok(k), s);
    }
    bool accept(std::string_view keyword) {
        if (word(pos_, keyword)) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::string value(std::size_t k) const { return detail::identifier_value(sql_, tok(k)); }
    bool is_kind(std::size_t k, TokenKind kind) const { return has(k) && tok(k).kind == kind; }

    Error mismatched(std::size_t k, std::string_view expecting = kExpecting) const {
        if (!has(k)) {
            // The end of the statement: Athena reports <EOF> where the text stops.
            const Token& last = tok(sig_.size() - 1);
            Token end = last;
            end.offset = last.offset + last.size;
            TextPosition at = position_at(sql_, end.offset);
            end.line = at.line;
            end.column = at.column;
            return positioned_error(
                end, "SYNTAX_ERROR", "mismatched input '<EOF>'" + std::string(expecting));
        }
        return positioned_error(tok(k),
                                "SYNTAX_ERROR",
                                "mismatched input '" +
                                    std::string(detail::token_text(sql_, tok(k))) + "'" +
                                    std::string(expecting));
    }
    Status expect(std::string_view keyword) {
        if (!accept(keyword)) {
            return mismatched(pos_, ". Expecting: '" + detail::upper(keyword) + "'");
        }
        return ok_status();
    }
    Status expect_end() const {
        return has(pos_) ? Status(mismatched(pos_, ". Expecting: <EOF>")) : ok_status();
    }

    bool at_query(std::size_t k) const {
        return word(k, "select") || word(k, "with") || word(k, "values") || word(k, "table") ||
               symbol(k, "(");
    }

    // [catalog.][database.]name; `parts` is 2 for a table (db.t), 1 for a database, 0 for a
    // catalog (which must be awsdatacatalog).
    Result<QualifiedName> qualified_name(std::size_t parts) {
        std::vector<std::string> names;
        std::size_t first = pos_;
        while (true) {
            if (!has(pos_) || !is_identifier(tok(pos_))) {
                return mismatched(pos_, ". Expecting: <identifier>");
            }
            names.push_back(value(pos_++));
            if (!symbol(pos_, ".") || names.size() > parts) {
                break;
            }
            ++pos_;
        }
        if (names.size() > parts) {
            if (names.front() != "awsdatacatalog") {
                return positioned_error(tok(first),
                                        "CATALOG_NOT_FOUND",
                                        "Catalog '" + names.front() + "' does not exist");
            }
            names.erase(names.begin());
        }
        QualifiedName out;  // empty for a lone catalog (parts 0)
        if (names.empty()) {
            return out;
        }
        out.name = names.back();
        if (names.size() == 2) {
            out.database = names.front();
        }
        return out;
    }

    Status set_name(Statement& statement, std::size_t parts) {
        TRIPLINE_ASSIGN_OR_RETURN(QualifiedName name, qualified_name(parts));
        statement.database = std::move(name.database);
        statement.name = std::move(name.name);
        return ok_status();
    }

    Status pattern(Statement& statement) {
        if (accept("like") && !is_kind(pos_, TokenKind::kString)) {
            return mismatched(pos_, ". Expecting: <string>");
        }
        if (is_kind(pos_, TokenKind::kString)) {
            statement.pattern = detail::string_value(sql_, tok(pos_++));
        }
        return ok_status();
    }

    static void kind(Statement& statement, StatementKind kind, const char* type, const char* sub) {
        statement.kind = kind;
        statement.statement_type = type;
        statement.substatement_type = sub;
    }

    Status parse_at(std::size_t k, Statement& statement) {
        pos_ = k;
        if (at_query(k)) {
            kind(statement, StatementKind::kQuery, "DML", "SELECT");
            TRIPLINE_ASSIGN_OR_RETURN(statement.sql, query_from(k));
            return ok_status();
        }
        if (!is_kind(k, TokenKind::kWord)) {
            return mismatched(k);
        }
        const std::string keyword = value(pos_++);
        if (keyword == "explain") {
            return explain(statement);
        }
        if (keyword == "show") {
            return show(statement);
        }
        if (keyword == "describe" || keyword == "desc") {
            return describe(statement);
        }
        if (keyword == "create") {
            return create(statement);
        }
        if (keyword == "drop") {
            return drop(statement);
        }
        if (keyword == "alter") {
            return alter(statement);
        }
        if (keyword == "msck") {
            kind(statement, StatementKind::kRepairTable, "DDL", "MSCK_REPAIR_TABLE");
            TRIPLINE_TRY(expect("repair"));
            TRIPLINE_TRY(expect("table"));
            TRIPLINE_TRY(set_name(statement, 2));
            return expect_end();
        }
        if (detail::is_one_of(keyword, kWriting)) {
            return not_supported(tok(k), detail::upper(keyword), true);
        }
        if (detail::is_one_of(keyword, kUnsupported)) {
            return not_supported(tok(k), detail::upper(keyword));
        }
        return mismatched(k);
    }

    Result<std::string> query_from(std::size_t k) const {
        return detail::rewrite_query(sql_, tokens_, sig_[k], sig_.back() + 1);
    }

    Status explain(Statement& statement) {
        const std::size_t at = pos_ - 1;
        accept("analyze");
        accept("verbose");
        if (symbol(pos_, "(") && (word(pos_ + 1, "format") || word(pos_ + 1, "type"))) {
            while (has(pos_) && !symbol(pos_, ")")) {
                ++pos_;
            }
            ++pos_;
        }
        Statement inner;
        TRIPLINE_TRY(parse_at(pos_, inner));
        if (inner.kind != StatementKind::kQuery) {
            std::string what = inner.substatement_type;
            std::replace(what.begin(), what.end(), '_', ' ');
            return not_supported(tok(at), "EXPLAIN " + what);
        }
        kind(statement, StatementKind::kExplain, "DML", "EXPLAIN");
        statement.sql = std::move(inner.sql);
        return ok_status();
    }

    Status show(Statement& statement) {
        const std::size_t at = pos_ - 1;
        if (accept("databases") || accept("schemas")) {
            kind(statement, StatementKind::kShowDatabases, "UTILITY", "SHOW_DATABASES");
            if (accept("from") || accept("in")) {
                TRIPLINE_ASSIGN_OR_RETURN(QualifiedName catalog, qualified_name(0));
            }
            TRIPLINE_TRY(pattern(statement));
            return expect_end();
        }
        if (accept("tables")) {
            kind(statement, StatementKind::kShowTables, "UTILITY", "SHOW_TABLES");
            if (accept("in") || accept("from")) {
                TRIPLINE_ASSIGN_OR_RETURN(QualifiedName db, qualified_name(1));
                statement.database = std::move(db.name);
            }
            TRIPLINE_TRY(pattern(statement));
            return expect_end();
        }
        if (accept("columns")) {
            kind(statement, StatementKind::kShowColumns, "UTILITY", "SHOW_COLUMNS");
            if (!accept("in") && !accept("from")) {
                return mismatched(pos_, ". Expecting: 'FROM', 'IN'");
            }
            TRIPLINE_TRY(set_name(statement, 2));
            if (accept("in") || accept("from")) {
                TRIPLINE_ASSIGN_OR_RETURN(QualifiedName db, qualified_name(1));
                statement.database = std::move(db.name);
            }
            return expect_end();
        }
        if (accept("create")) {
            if (!accept("table")) {
                return is_kind(pos_, TokenKind::kWord)
                           ? not_supported(tok(at), "SHOW CREATE " + detail::upper(value(pos_)))
                           : mismatched(pos_, ". Expecting: 'TABLE'");
            }
            kind(statement, StatementKind::kShowCreateTable, "UTILITY", "SHOW_CREATE_TABLE");
            TRIPLINE_TRY(set_name(statement, 2));
            return expect_end();
        }
        if (accept("partitions")) {
            kind(statement, StatementKind::kShowPartitions, "UTILITY", "SHOW_PARTITIONS");
            TRIPLINE_TRY(set_name(statement, 2));
            return expect_end();
        }
        if (is_kind(pos_, TokenKind::kWord)) {
            return not_supported(tok(at), "SHOW " + detail::upper(value(pos_)));
        }
        return mismatched(pos_);
    }

    // DESCRIBE [EXTENDED|FORMATTED] [VIEW] [db.]table [partition spec or column]: what follows
    // the name narrows Hive's output and is ignored.
    Status describe(Statement& statement) {
        kind(statement, StatementKind::kDescribe, "UTILITY", "DESCRIBE");
        if ((word(pos_, "extended") || word(pos_, "formatted") || word(pos_, "view")) &&
            has(pos_ + 1) && is_identifier(tok(pos_ + 1))) {
            ++pos_;
        }
        if ((word(pos_, "input") || word(pos_, "output")) && has(pos_ + 1) &&
            is_identifier(tok(pos_ + 1))) {
            return not_supported(tok(pos_ - 1), "DESCRIBE " + detail::upper(value(pos_)));
        }
        return set_name(statement, 2);
    }

    // CREATE TABLE ... AS <query> (at the top level of the statement).
    bool is_ctas() const {
        int depth = 0;
        for (std::size_t k = pos_; k < sig_.size(); ++k) {
            if (symbol(k, "(")) {
                ++depth;
            } else if (symbol(k, ")")) {
                --depth;
            } else if (depth == 0 && word(k, "as") && at_query(k + 1)) {
                return true;
            }
        }
        return false;
    }

    Status create(Statement& statement) {
        const Token& at = tok(pos_ - 1);
        statement.or_replace = accept("or");
        if (statement.or_replace) {
            TRIPLINE_TRY(expect("replace"));
        }
        if (accept("view")) {
            return create_view(statement);
        }
        if (!is_kind(pos_, TokenKind::kWord)) {
            return mismatched(pos_);
        }
        const std::string what = value(pos_);
        if (!statement.or_replace && (accept("database") || accept("schema"))) {
            kind(statement, StatementKind::kCreateDatabase, "DDL", "CREATE_DATABASE");
            if (accept("if")) {
                TRIPLINE_TRY(expect("not"));
                TRIPLINE_TRY(expect("exists"));
                statement.if_exists = true;
            }
            TRIPLINE_ASSIGN_OR_RETURN(QualifiedName db, qualified_name(1));
            statement.name = std::move(db.name);
            return ok_status();  // COMMENT, LOCATION, WITH DBPROPERTIES: kept in `text`
        }
        if (!statement.or_replace && accept("external")) {
            TRIPLINE_TRY(expect("table"));
            if (is_ctas()) {
                return not_supported(at, "CREATE TABLE AS", true);
            }
            kind(statement, StatementKind::kCreateTable, "DDL", "CREATE_TABLE");
            if (accept("if")) {
                TRIPLINE_TRY(expect("not"));
                TRIPLINE_TRY(expect("exists"));
                statement.if_exists = true;
            }
            return set_name(statement, 2);  // the rest of the definition stays in `text`
        }
        if (what == "table") {
            ++pos_;
            return is_ctas() ? not_supported(at, "CREATE TABLE AS", true)
                             : not_supported(at, "CREATE TABLE");
        }
        return not_supported(at,
                             std::string("CREATE ") + (statement.or_replace ? "OR REPLACE " : "") +
                                 detail::upper(what));
    }

    Status create_view(Statement& statement) {
        kind(statement, StatementKind::kCreateView, "DDL", "CREATE_VIEW");
        if (accept("if")) {
            TRIPLINE_TRY(expect("not"));
            TRIPLINE_TRY(expect("exists"));
            statement.if_exists = true;
        }
        TRIPLINE_TRY(set_name(statement, 2));
        if (accept("comment")) {
            if (!is_kind(pos_, TokenKind::kString)) {
                return mismatched(pos_, ". Expecting: <string>");
            }
            ++pos_;
        }
        if (accept("security") && !accept("definer") && !accept("invoker")) {
            return mismatched(pos_, ". Expecting: 'DEFINER', 'INVOKER'");
        }
        TRIPLINE_TRY(expect("as"));
        if (!at_query(pos_)) {
            return mismatched(pos_, ". Expecting: 'SELECT', 'WITH', 'VALUES'");
        }
        TRIPLINE_ASSIGN_OR_RETURN(std::string query, query_from(pos_));
        std::string target = detail::duck_identifier(statement.name);
        if (!statement.database.empty()) {
            target = detail::duck_identifier(schema_of(statement.database)) + "." + target;
        }
        statement.sql = std::string("CREATE ") + (statement.or_replace ? "OR REPLACE " : "") +
                        "VIEW " + (statement.if_exists ? "IF NOT EXISTS " : "") + target + " AS " +
                        query;
        return ok_status();
    }

    Status drop(Statement& statement) {
        const Token& at = tok(pos_ - 1);
        auto if_exists = [&]() -> Status {
            if (accept("if")) {
                TRIPLINE_TRY(expect("exists"));
                statement.if_exists = true;
            }
            return ok_status();
        };
        if (accept("database") || accept("schema")) {
            kind(statement, StatementKind::kDropDatabase, "DDL", "DROP_DATABASE");
            TRIPLINE_TRY(if_exists());
            TRIPLINE_ASSIGN_OR_RETURN(QualifiedName db, qualified_name(1));
            statement.name = std::move(db.name);
            statement.cascade = accept("cascade");
            if (!statement.cascade) {
                accept("restrict");
            }
            return expect_end();
        }
        if (accept("table") || accept("view")) {
            const bool table = word(pos_ - 1, "table");
            kind(statement,
                 table ? StatementKind::kDropTable : StatementKind::kDropView,
                 "DDL",
                 table ? "DROP_TABLE" : "DROP_VIEW");
            TRIPLINE_TRY(if_exists());
            TRIPLINE_TRY(set_name(statement, 2));
            return expect_end();
        }
        if (is_kind(pos_, TokenKind::kWord)) {
            return not_supported(at, "DROP " + detail::upper(value(pos_)));
        }
        return mismatched(pos_);
    }

    Status alter(Statement& statement) {
        const Token& at = tok(pos_ - 1);
        if (!accept("table")) {
            return is_kind(pos_, TokenKind::kWord)
                       ? not_supported(at, "ALTER " + detail::upper(value(pos_)))
                       : mismatched(pos_);
        }
        TRIPLINE_TRY(set_name(statement, 2));
        const bool add = word(pos_, "add");
        if (add || word(pos_, "drop")) {
            std::size_t k = pos_ + 1;
            const bool guarded = word(k, "if");
            if (guarded) {
                k += add ? 3 : 2;  // IF NOT EXISTS / IF EXISTS
            }
            if (word(k, "partition")) {
                kind(statement,
                     StatementKind::kAlterTable,
                     "DDL",
                     add ? "ALTER_TABLE_ADD_PARTITION" : "ALTER_TABLE_DROP_PARTITION");
                statement.if_exists = guarded;
                return ok_status();  // the partition specs stay in `text`
            }
        }
        if (is_kind(pos_, TokenKind::kWord)) {
            std::string what = "ALTER TABLE " + detail::upper(value(pos_));
            if (is_kind(pos_ + 1, TokenKind::kWord)) {
                what += " " + detail::upper(value(pos_ + 1));
            }
            return not_supported(at, what);
        }
        return mismatched(pos_);
    }

    std::string_view sql_;
    const std::vector<Token>& tokens_;
    std::vector<std::size_t> sig_;  // the statement's significant tokens
    std::size_t pos_ = 0;
};

}  // namespace

Result<Statement> translate(std::string_view athena_sql) {
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<Token> tokens, detail::tokenize(athena_sql));
    std::vector<std::size_t> sig;
    std::size_t semicolon = 0;
    for (; semicolon < tokens.size(); ++semicolon) {
        if (detail::is_symbol(athena_sql, tokens[semicolon], ";")) {
            break;
        }
        if (detail::is_significant(tokens[semicolon])) {
            sig.push_back(semicolon);
        }
    }
    for (std::size_t i = semicolon; i < tokens.size(); ++i) {
        if (detail::is_significant(tokens[i]) && !detail::is_symbol(athena_sql, tokens[i], ";")) {
            TextSpan where;
            where.begin = TextPosition{tokens[i].offset, tokens[i].line, tokens[i].column};
            return make_error(Errc::kInvalidArgument,
                              "Only one sql statement is allowed. Got: " + std::string(athena_sql),
                              where);
        }
    }
    if (sig.empty()) {
        Token end;
        if (semicolon < tokens.size()) {
            end = tokens[semicolon];  // a lone ';'
        } else {
            TextPosition at = position_at(athena_sql, athena_sql.size());
            end = Token{TokenKind::kSpace, athena_sql.size(), 0, at.line, at.column};
        }
        std::string input = semicolon < tokens.size() ? "';'" : "'<EOF>'";
        return positioned_error(
            end, "SYNTAX_ERROR", "mismatched input " + input + std::string(kExpecting));
    }
    return Parser(athena_sql, tokens, std::move(sig)).parse();
}

}  // namespace tripline::query::athena
