#include "query/athena_table_ddl.h"

#include "query/athena_tokens.h"

namespace tripline::query::athena {

namespace {

using detail::Token;
using detail::TokenKind;

// A cursor over the significant tokens of one statement.
class Cursor {
public:
    Cursor(std::string_view sql, std::vector<Token> tokens) : sql_(sql) {
        for (const Token& t : tokens) {
            if (detail::is_significant(t)) {
                tokens_.push_back(t);
            }
        }
    }

    bool done() const { return pos_ >= tokens_.size() || symbol(";"); }
    const Token& at() const {
        static const Token kEnd{};
        return pos_ < tokens_.size() ? tokens_[pos_] : (tokens_.empty() ? kEnd : tokens_.back());
    }
    bool word(std::string_view keyword) const {
        return pos_ < tokens_.size() && detail::is_word(sql_, tokens_[pos_], keyword);
    }
    bool symbol(std::string_view s) const {
        return pos_ < tokens_.size() && detail::is_symbol(sql_, tokens_[pos_], s);
    }
    bool accept(std::string_view keyword) {
        if (word(keyword)) {
            ++pos_;
            return true;
        }
        return false;
    }
    bool accept_symbol(std::string_view s) {
        if (symbol(s)) {
            ++pos_;
            return true;
        }
        return false;
    }
    Status expect(std::string_view keyword) {
        if (accept(keyword)) {
            return ok_status();
        }
        return unexpected();
    }
    Status expect_symbol(std::string_view s) {
        if (accept_symbol(s)) {
            return ok_status();
        }
        return unexpected();
    }
    Error unexpected() const {
        const std::string seen =
            pos_ < tokens_.size() ? std::string(detail::token_text(sql_, tokens_[pos_])) : "<EOF>";
        return detail::positioned_error(at(), "SYNTAX_ERROR", "mismatched input '" + seen + "'");
    }
    Result<std::string> identifier() {
        if (pos_ >= tokens_.size() || !detail::is_identifier(tokens_[pos_])) {
            return unexpected();
        }
        return detail::identifier_value(sql_, tokens_[pos_++]);
    }
    Result<std::string> string() {
        if (pos_ >= tokens_.size() || tokens_[pos_].kind != TokenKind::kString) {
            return unexpected();
        }
        return detail::string_value(sql_, tokens_[pos_++]);
    }
    // A type up to the next ',' or ')' outside angle brackets and parentheses, blanks removed.
    std::string type() {
        std::string out;
        int depth = 0;
        while (pos_ < tokens_.size()) {
            std::string_view text = detail::token_text(sql_, tokens_[pos_]);
            if (depth == 0 && (text == "," || text == ")" || word("comment"))) {
                break;
            }
            for (char c : text) {
                depth += (c == '<' || c == '(') ? 1 : (c == '>' || c == ')') ? -1 : 0;
            }
            out += tokens_[pos_].kind == TokenKind::kBacktick ||
                           tokens_[pos_].kind == TokenKind::kQuoted
                       ? detail::identifier_value(sql_, tokens_[pos_])
                       : detail::lower(text);
            ++pos_;
        }
        return out;
    }
    void skip_comment() {
        if (accept("comment") && pos_ < tokens_.size()) {
            ++pos_;
        }
    }

private:
    std::string_view sql_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
};

Result<std::vector<HiveColumn>> column_list(Cursor& in) {
    std::vector<HiveColumn> columns;
    TRIPLINE_TRY(in.expect_symbol("("));
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string name, in.identifier());
        std::string type = in.type();
        if (type.empty()) {
            return in.unexpected();
        }
        TRIPLINE_TRY(duck_type_of(type));
        in.skip_comment();
        columns.push_back({std::move(name), std::move(type)});
        if (in.accept_symbol(")")) {
            return columns;
        }
        TRIPLINE_TRY(in.expect_symbol(","));
    }
}

// ('k' = 'v', ...)
Result<std::map<std::string, std::string>> property_list(Cursor& in) {
    std::map<std::string, std::string> out;
    TRIPLINE_TRY(in.expect_symbol("("));
    while (!in.accept_symbol(")")) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string key, in.string());
        TRIPLINE_TRY(in.expect_symbol("="));
        TRIPLINE_ASSIGN_OR_RETURN(std::string value, in.string());
        out[key] = value;
        if (!in.symbol(")")) {
            TRIPLINE_TRY(in.expect_symbol(","));
        }
    }
    return out;
}

// Splits "a:t1,b:struct<c:t2>" (or "k,v") at top-level commas.
std::vector<std::string> top_level(std::string_view text) {
    std::vector<std::string> parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        depth += (text[i] == '<' || text[i] == '(')   ? 1
                 : (text[i] == '>' || text[i] == ')') ? -1
                                                      : 0;
        if (depth == 0 && text[i] == ',') {
            parts.emplace_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.emplace_back(text.substr(start));
    return parts;
}

Error bad_type(std::string_view type) {
    return make_error(Errc::kInvalidArgument,
                      "NOT_SUPPORTED: column type " + std::string(type) + " is not supported");
}

}  // namespace

bool ExternalTableDef::projection() const {
    auto it = properties.find("projection.enabled");
    return it != properties.end() && detail::lower(it->second) == "true";
}

Result<std::string> duck_type_of(std::string_view hive) {
    auto inner = [&](std::string_view prefix) {
        return hive.substr(prefix.size(), hive.size() - prefix.size() - 1);
    };
    if (hive.starts_with("array<") && hive.ends_with(">")) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string element, duck_type_of(inner("array<")));
        return element + "[]";
    }
    if (hive.starts_with("map<") && hive.ends_with(">")) {
        auto parts = top_level(inner("map<"));
        if (parts.size() != 2) {
            return bad_type(hive);
        }
        TRIPLINE_ASSIGN_OR_RETURN(std::string key, duck_type_of(parts[0]));
        TRIPLINE_ASSIGN_OR_RETURN(std::string value, duck_type_of(parts[1]));
        return "MAP(" + key + ", " + value + ")";
    }
    if (hive.starts_with("struct<") && hive.ends_with(">")) {
        std::string out = "STRUCT(";
        bool first = true;
        for (const std::string& field : top_level(inner("struct<"))) {
            const std::size_t colon = field.find(':');
            if (colon == std::string::npos || colon == 0) {
                return bad_type(hive);
            }
            TRIPLINE_ASSIGN_OR_RETURN(std::string type, duck_type_of(field.substr(colon + 1)));
            out += (first ? "" : ", ") + detail::double_quoted(field.substr(0, colon)) + " " + type;
            first = false;
        }
        return out + ")";
    }
    if (hive.starts_with("decimal") || hive.starts_with("varchar(") || hive.starts_with("char(")) {
        return hive.starts_with("decimal") ? detail::upper(hive) : std::string("VARCHAR");
    }
    static const std::pair<std::string_view, std::string_view> kScalars[] = {
        {"string", "VARCHAR"},
        {"varchar", "VARCHAR"},
        {"char", "VARCHAR"},
        {"int", "INTEGER"},
        {"integer", "INTEGER"},
        {"bigint", "BIGINT"},
        {"smallint", "SMALLINT"},
        {"tinyint", "TINYINT"},
        {"boolean", "BOOLEAN"},
        {"double", "DOUBLE"},
        {"float", "FLOAT"},
        {"date", "DATE"},
        {"timestamp", "TIMESTAMP"},
        {"binary", "BLOB"},
    };
    for (const auto& [name, duck] : kScalars) {
        if (hive == name) {
            return std::string(duck);
        }
    }
    return bad_type(hive);
}

Result<ExternalTableDef> parse_create_external_table(std::string_view sql) {
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<Token> tokens, detail::tokenize(sql));
    Cursor in(sql, std::move(tokens));
    ExternalTableDef def;
    TRIPLINE_TRY(in.expect("create"));
    TRIPLINE_TRY(in.expect("external"));
    TRIPLINE_TRY(in.expect("table"));
    if (in.accept("if")) {
        TRIPLINE_TRY(in.expect("not"));
        TRIPLINE_TRY(in.expect("exists"));
        def.if_not_exists = true;
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::string first, in.identifier());
    if (in.accept_symbol(".")) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string second, in.identifier());
        if (in.accept_symbol(".")) {  // catalog.db.table
            TRIPLINE_ASSIGN_OR_RETURN(def.name, in.identifier());
            def.database = second;
        } else {
            def.database = first;
            def.name = second;
        }
    } else {
        def.name = first;
    }
    TRIPLINE_ASSIGN_OR_RETURN(def.columns, column_list(in));
    while (!in.done()) {
        if (in.accept("comment")) {
            TRIPLINE_TRY(in.string());
        } else if (in.accept("partitioned")) {
            TRIPLINE_TRY(in.expect("by"));
            TRIPLINE_ASSIGN_OR_RETURN(def.partitions, column_list(in));
        } else if (in.accept("row")) {
            TRIPLINE_TRY(in.expect("format"));
            if (in.accept("serde")) {
                TRIPLINE_ASSIGN_OR_RETURN(def.serde, in.string());
                if (in.accept("with")) {
                    TRIPLINE_TRY(in.expect("serdeproperties"));
                    TRIPLINE_TRY(property_list(in));
                }
            } else {
                TRIPLINE_TRY(in.expect("delimited"));
                return make_error(
                    Errc::kInvalidArgument,
                    "NOT_SUPPORTED: ROW FORMAT DELIMITED is not supported: Tripline's "
                    "external tables read CloudTrail (JSON) log files");
            }
        } else if (in.accept("stored")) {
            TRIPLINE_TRY(in.expect("as"));
            if (in.accept("inputformat")) {
                TRIPLINE_ASSIGN_OR_RETURN(def.input_format, in.string());
                TRIPLINE_TRY(in.expect("outputformat"));
                TRIPLINE_TRY(in.string());
            } else {
                TRIPLINE_ASSIGN_OR_RETURN(def.stored_as, in.identifier());
            }
        } else if (in.accept("location")) {
            TRIPLINE_ASSIGN_OR_RETURN(def.location, in.string());
        } else if (in.accept("tblproperties")) {
            TRIPLINE_ASSIGN_OR_RETURN(def.properties, property_list(in));
        } else {
            return in.unexpected();
        }
    }
    if (def.location.empty()) {
        return make_error(Errc::kInvalidArgument,
                          "SYNTAX_ERROR: an external table needs LOCATION 's3://bucket/prefix/'");
    }
    if (!def.stored_as.empty() && def.stored_as != "textfile") {
        return make_error(Errc::kInvalidArgument,
                          "NOT_SUPPORTED: STORED AS " + detail::upper(def.stored_as) +
                              " is not supported: Tripline's external tables read CloudTrail "
                              "(JSON) log files");
    }
    return def;
}

Result<std::vector<PartitionSpec>> parse_add_partitions(std::string_view sql) {
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<Token> tokens, detail::tokenize(sql));
    Cursor in(sql, std::move(tokens));
    TRIPLINE_TRY(in.expect("alter"));
    TRIPLINE_TRY(in.expect("table"));
    TRIPLINE_TRY(in.identifier());
    while (in.accept_symbol(".")) {
        TRIPLINE_TRY(in.identifier());
    }
    TRIPLINE_TRY(in.expect("add"));
    if (in.accept("if")) {
        TRIPLINE_TRY(in.expect("not"));
        TRIPLINE_TRY(in.expect("exists"));
    }
    std::vector<PartitionSpec> specs;
    while (in.accept("partition")) {
        PartitionSpec spec;
        TRIPLINE_TRY(in.expect_symbol("("));
        while (!in.accept_symbol(")")) {
            TRIPLINE_ASSIGN_OR_RETURN(std::string key, in.identifier());
            TRIPLINE_TRY(in.expect_symbol("="));
            TRIPLINE_ASSIGN_OR_RETURN(std::string value, in.string());
            spec.values.emplace_back(std::move(key), std::move(value));
            if (!in.symbol(")")) {
                TRIPLINE_TRY(in.expect_symbol(","));
            }
        }
        if (in.accept("location")) {
            TRIPLINE_ASSIGN_OR_RETURN(spec.location, in.string());
        }
        specs.push_back(std::move(spec));
    }
    if (specs.empty() || !in.done()) {
        return in.unexpected();
    }
    return specs;
}

nlohmann::json ExternalTableDef::to_json() const {
    auto columns_json = [](const std::vector<HiveColumn>& list) {
        nlohmann::json out = nlohmann::json::array();
        for (const HiveColumn& c : list) {
            out.push_back({{"name", c.name}, {"type", c.type}});
        }
        return out;
    };
    return {{"database", database},
            {"name", name},
            {"columns", columns_json(columns)},
            {"partitions", columns_json(partitions)},
            {"serde", serde},
            {"input_format", input_format},
            {"stored_as", stored_as},
            {"location", location},
            {"properties", properties}};
}

ExternalTableDef ExternalTableDef::from_json(const nlohmann::json& doc) {
    ExternalTableDef def;
    def.database = doc.value("database", "");
    def.name = doc.value("name", "");
    for (const auto& c : doc.value("columns", nlohmann::json::array())) {
        def.columns.push_back({c.value("name", ""), c.value("type", "string")});
    }
    for (const auto& c : doc.value("partitions", nlohmann::json::array())) {
        def.partitions.push_back({c.value("name", ""), c.value("type", "string")});
    }
    def.serde = doc.value("serde", "");
    def.input_format = doc.value("input_format", "");
    def.stored_as = doc.value("stored_as", "");
    def.location = doc.value("location", "");
    def.properties = doc.value("properties", std::map<std::string, std::string>{});
    return def;
}

}  // namespace tripline::query::athena
