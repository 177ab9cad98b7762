#include "query/sql_strings.h"

#include <algorithm>

namespace tripline::query {

namespace {

bool is_nested(duckdb_type type) {
    switch (type) {
        case DUCKDB_TYPE_LIST:
        case DUCKDB_TYPE_STRUCT:
        case DUCKDB_TYPE_MAP:
        case DUCKDB_TYPE_ARRAY:
        case DUCKDB_TYPE_UNION:
            return true;
        default:
            return false;
    }
}

// The statement without trailing semicolons and blanks, to nest it in a subquery.
std::string without_terminator(const std::string& sql) {
    std::size_t end = sql.find_last_not_of(" \t\r\n;");
    return end == std::string::npos ? std::string() : sql.substr(0, end + 1);
}

// Values of a result whose columns the deprecated value API can render (no nested types).
TrailStore::Table to_strings(duck::QueryResult& result, std::vector<std::string> names) {
    TrailStore::Table table;
    duckdb_result* raw = result.raw();
    const std::size_t columns = duckdb_column_count(raw);
    table.columns = std::move(names);
    table.columns.resize(columns);
    for (std::size_t col = 0; col < columns; ++col) {
        if (table.columns[col].empty()) {
            table.columns[col] = duckdb_column_name(raw, col);
        }
    }
    const std::size_t rows = duckdb_row_count(raw);
    table.rows.reserve(rows);
    for (std::size_t row = 0; row < rows; ++row) {
        auto& out = table.rows.emplace_back();
        out.reserve(columns);
        for (std::size_t col = 0; col < columns; ++col) {
            if (duckdb_value_is_null(raw, col, row)) {
                out.emplace_back(std::nullopt);
                continue;
            }
            char* text = duckdb_value_varchar(raw, col, row);
            out.emplace_back(text != nullptr ? std::string(text) : std::string());
            duckdb_free(text);
        }
    }
    return table;
}

}  // namespace

Result<TrailStore::Table> run_sql_as_strings(duck::Connection& con, const std::string& sql) {
    Result<duck::Prepared> prepared = con.prepare(sql);
    if (!prepared) {
        // Several statements, or a faulty one: run it as is for DuckDB's typed error (or the
        // last statement's result).
        TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, con.query(sql));
        return to_strings(result, {});
    }
    std::vector<std::string> names;
    bool nested = false;
    for (std::size_t col = 0; col < prepared->column_count(); ++col) {
        names.push_back(prepared->column_name(col));
        nested = nested || is_nested(prepared->column_type(col));
    }
    if (nested && prepared->statement_type() == DUCKDB_STATEMENT_TYPE_SELECT) {
        // DuckDB renders nested values when casting them; the subquery keeps the row order.
        TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result,
                                  con.query("SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (" +
                                            without_terminator(sql) + "\n) AS tripline_result"));
        return to_strings(result, std::move(names));
    }
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, prepared->execute());
    return to_strings(result, std::move(names));
}

}  // namespace tripline::query
