#include "query/athena_catalog.h"

#include <algorithm>
#include <set>

namespace tripline::query::athena::catalog {

namespace {

// The views Tripline defines in `main`; users cannot replace or drop them.
const std::set<std::string, std::less<>> kBuiltinViews = {"cloudtrail_logs",
                                                          "cloudtrail_logs_extended"};
// Columns of the built-in views that are Athena's partition keys.
const std::set<std::string, std::less<>> kPartitionColumns = {
    "region", "year", "month", "day", "timestamp"};

std::string athena_name(std::string_view schema) {
    return schema == "main" ? std::string("default") : std::string(schema);
}

Error not_found_table(std::string_view database, std::string_view name) {
    return make_error(Errc::kNotFound,
                      "TABLE_NOT_FOUND: Table 'awsdatacatalog." + athena_name(schema_of(database)) +
                          "." + std::string(name) + "' does not exist");
}

Error not_found_database(std::string_view database) {
    return make_error(Errc::kNotFound,
                      "SCHEMA_NOT_FOUND: Schema '" + std::string(database) + "' does not exist");
}

// Rows of a one-column text result.
Result<std::vector<std::string>> strings(duck::Connection& con, const std::string& sql) {
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, con.query(sql));
    std::vector<std::string> out;
    while (duck::DataChunk chunk{result.fetch_chunk()}) {
        duck::VectorReader column(chunk.vector(0));
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            out.push_back(column.string_or_empty(row));
        }
    }
    return out;
}

QueryOutput text_output(const Statement& statement,
                        const std::string& column,
                        const std::vector<std::string>& lines) {
    QueryOutput out;
    out.statement_type = statement.statement_type;
    out.substatement_type = statement.substatement_type;
    out.header = false;
    out.result.columns.push_back({column, "varchar"});
    for (const std::string& line : lines) {
        out.result.rows.push_back({line});
        out.result.text_bytes += line.size();
    }
    return out;
}

QueryOutput ddl_output(const Statement& statement) {
    QueryOutput out;
    out.statement_type = statement.statement_type;
    out.substatement_type = statement.substatement_type;
    out.header = false;
    return out;
}

std::string database_of(const Statement& statement, std::string_view session_database) {
    return statement.database.empty() ? std::string(session_database) : statement.database;
}

Result<TableInfo> describe_relation(duck::Connection& con,
                                    const std::string& schema,
                                    const std::string& name,
                                    const std::string& kind) {
    if (kind != "VIEW") {
        if (auto def = external::definition(con, schema, name)) {
            TableInfo info;
            info.name = name;
            info.table_type = "EXTERNAL_TABLE";
            for (const HiveColumn& c : def->columns) {
                info.columns.push_back({c.name, c.type});
            }
            for (const HiveColumn& c : def->partitions) {
                info.partitions.push_back({c.name, c.type});
            }
            return info;
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(duck::Prepared prepared,
                              con.prepare("SELECT * FROM " + sql_identifier(schema) + "." +
                                          sql_identifier(name) + " LIMIT 0"));
    TableInfo info;
    info.name = name;
    info.table_type = kind == "VIEW" && !(schema == "main" && kBuiltinViews.contains(name))
                          ? "VIRTUAL_VIEW"
                          : "EXTERNAL_TABLE";
    const bool builtin = schema == "main" && kBuiltinViews.contains(name);
    for (std::size_t col = 0; col < prepared.column_count(); ++col) {
        duck::LogicalType type = prepared.column_logical_type(col);
        Column column{prepared.column_name(col), hive_type_name(type.get())};
        if (builtin && kPartitionColumns.contains(column.name)) {
            info.partitions.push_back(std::move(column));
        } else {
            info.columns.push_back(std::move(column));
        }
    }
    return info;
}

// Relations of a schema that Athena shows: in `main` only views (the store's tables are
// Tripline's own), elsewhere everything. Rows of (name, table_type).
Result<std::vector<std::pair<std::string, std::string>>> relations(duck::Connection& con,
                                                                   const std::string& schema) {
    std::string sql =
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = " +
        sql_literal(schema) + (schema == "main" ? " AND table_type = 'VIEW'" : "") +
        " ORDER BY table_name";
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, con.query(sql));
    std::vector<std::pair<std::string, std::string>> out;
    while (duck::DataChunk chunk{result.fetch_chunk()}) {
        duck::VectorReader names(chunk.vector(0));
        duck::VectorReader types(chunk.vector(1));
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            out.emplace_back(names.string_or_empty(row), types.string_or_empty(row));
        }
    }
    if (schema == "main") {  // the external tables among the store's own tables
        TRIPLINE_ASSIGN_OR_RETURN(std::vector<std::string> external, external::names(con, schema));
        for (std::string& name : external) {
            out.emplace_back(std::move(name), "BASE TABLE");
        }
        std::sort(out.begin(), out.end());
    }
    return out;
}

std::vector<std::string> describe_lines(const TableInfo& info) {
    std::vector<std::string> lines;
    auto line = [](const Column& c) {
        std::string name = c.name;
        name.resize(std::max<std::size_t>(name.size(), 20), ' ');
        return name + "\t" + c.type;
    };
    for (const Column& c : info.columns) {
        lines.push_back(line(c));
    }
    if (!info.partitions.empty()) {
        lines.emplace_back("");
        lines.emplace_back("# Partition Information");
        lines.push_back(line({"# col_name", "data_type"}));
        lines.emplace_back("");
        for (const Column& c : info.partitions) {
            lines.push_back(line(c));
        }
    }
    return lines;
}

std::vector<std::string> create_table_lines(const std::string& database, const TableInfo& info) {
    std::vector<std::string> lines;
    lines.push_back("CREATE EXTERNAL TABLE `" + database + "`.`" + info.name + "`(");
    for (std::size_t i = 0; i < info.columns.size(); ++i) {
        lines.push_back("  `" + info.columns[i].name + "` " + info.columns[i].type +
                        (i + 1 < info.columns.size() ? "," : ")"));
    }
    if (!info.partitions.empty()) {
        lines.emplace_back("PARTITIONED BY (");
        for (std::size_t i = 0; i < info.partitions.size(); ++i) {
            lines.push_back("  `" + info.partitions[i].name + "` " + info.partitions[i].type +
                            (i + 1 < info.partitions.size() ? "," : ")"));
        }
    }
    lines.emplace_back("ROW FORMAT SERDE");
    lines.emplace_back("  'org.apache.hive.hcatalog.data.JsonSerDe'");
    lines.emplace_back("STORED AS INPUTFORMAT");
    lines.emplace_back("  'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
    lines.emplace_back("OUTPUTFORMAT");
    lines.emplace_back("  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'");
    lines.emplace_back("TBLPROPERTIES (");
    lines.emplace_back(
        "  'tripline.source'='trail store: every record Tripline recorded or "
        "ingested')");
    return lines;
}

Result<QueryOutput> show_create(duck::Connection& con,
                                const Statement& statement,
                                const std::string& database) {
    const std::string schema = schema_of(database);
    TRIPLINE_ASSIGN_OR_RETURN(TableInfo info, table(con, database, statement.name));
    if (info.table_type == "VIRTUAL_VIEW") {
        TRIPLINE_ASSIGN_OR_RETURN(
            std::vector<std::string> sql,
            strings(con,
                    "SELECT sql FROM duckdb_views() WHERE schema_name = " + sql_literal(schema) +
                        " AND view_name = " + sql_literal(statement.name)));
        std::vector<std::string> lines;
        for (const std::string& text : sql) {
            std::size_t start = 0;
            while (start <= text.size()) {
                std::size_t end = text.find('\n', start);
                lines.push_back(text.substr(start, end - start));
                if (end == std::string::npos) {
                    break;
                }
                start = end + 1;
            }
        }
        return text_output(statement, "createtab_stmt", lines);
    }
    if (auto def = external::definition(con, schema, statement.name)) {
        return text_output(statement,
                           "createtab_stmt",
                           external::create_statement_lines(*def, athena_name(schema)));
    }
    return text_output(statement, "createtab_stmt", create_table_lines(athena_name(schema), info));
}

Result<QueryOutput> show_partitions(duck::Connection& con,
                                    const Statement& statement,
                                    const std::string& database) {
    const std::string schema = schema_of(database);
    TRIPLINE_ASSIGN_OR_RETURN(TableInfo info, table(con, database, statement.name));
    if (info.partitions.empty()) {
        return make_error(Errc::kInvalidArgument,
                          "NOT_SUPPORTED: Table '" + statement.name + "' is not partitioned");
    }
    // The built-in tables show the partitioned layout's keys (region/year/month/day).
    std::string path;
    for (const Column& c : info.partitions) {
        if (c.name == "timestamp" && schema == "main" && kBuiltinViews.contains(statement.name)) {
            continue;
        }
        path += std::string(path.empty() ? "" : " || '/' || ") + sql_literal(c.name + "=") +
                " || coalesce(" + sql_identifier(c.name) + ", '__HIVE_DEFAULT_PARTITION__')";
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        std::vector<std::string> lines,
        strings(con,
                "SELECT DISTINCT " + path + " AS p FROM " + sql_identifier(schema) + "." +
                    sql_identifier(statement.name) + " ORDER BY p"));
    return text_output(statement, "partition", lines);
}

Status refuse_builtin(const Statement& statement, const std::string& schema) {
    if (schema == "main" && (kBuiltinViews.contains(statement.name) ||
                             statement.name == "trail_records" || statement.name == "trail_meta")) {
        return make_error(Errc::kInvalidArgument,
                          "NOT_SUPPORTED: " + statement.name +
                              " is Tripline's built-in table and cannot be replaced or dropped");
    }
    return ok_status();
}

Result<QueryOutput> create_or_drop(duck::Connection& con,
                                   const Statement& statement,
                                   const std::string& database,
                                   LogFileSource* source,
                                   std::string_view account) {
    const std::string schema = schema_of(database);
    switch (statement.kind) {
        case StatementKind::kCreateDatabase: {
            TRIPLINE_ASSIGN_OR_RETURN(bool exists, database_exists(con, statement.name));
            if (exists && !statement.if_exists) {
                return make_error(Errc::kInvalidArgument,
                                  "FAILED: AlreadyExistsException: Database " + statement.name +
                                      " already exists");
            }
            TRIPLINE_TRY(con.exec("CREATE SCHEMA IF NOT EXISTS " +
                                  sql_identifier(schema_of(statement.name))));
            return ddl_output(statement);
        }
        case StatementKind::kDropDatabase: {
            if (schema_of(statement.name) == "main") {
                return make_error(Errc::kInvalidArgument,
                                  "NOT_SUPPORTED: the default database cannot be dropped");
            }
            TRIPLINE_ASSIGN_OR_RETURN(bool exists, database_exists(con, statement.name));
            if (!exists) {
                if (statement.if_exists) {
                    return ddl_output(statement);
                }
                return not_found_database(statement.name);
            }
            if (!statement.cascade) {
                TRIPLINE_ASSIGN_OR_RETURN(auto inside, relations(con, schema_of(statement.name)));
                if (!inside.empty()) {
                    return make_error(Errc::kInvalidArgument,
                                      "FAILED: InvalidOperationException(message:Database " +
                                          statement.name +
                                          " is not empty. One or more tables exist.)");
                }
            }
            TRIPLINE_TRY(con.exec("DROP SCHEMA " + sql_identifier(schema_of(statement.name)) +
                                  (statement.cascade ? " CASCADE" : " RESTRICT")));
            return ddl_output(statement);
        }
        case StatementKind::kCreateView: {
            TRIPLINE_TRY(refuse_builtin(statement, schema));
            TRIPLINE_ASSIGN_OR_RETURN(bool exists, database_exists(con, database));
            if (!exists) {
                return not_found_database(database);
            }
            TRIPLINE_TRY(con.exec("SET schema = " + sql_literal(schema)));
            Status created = con.exec(statement.sql);
            TRIPLINE_TRY(con.exec("SET schema = 'main'"));
            TRIPLINE_TRY(created);
            return ddl_output(statement);
        }
        case StatementKind::kDropView: {
            TRIPLINE_TRY(refuse_builtin(statement, schema));
            TRIPLINE_TRY(con.exec(std::string("DROP VIEW ") +
                                  (statement.if_exists ? "IF EXISTS " : "") +
                                  sql_identifier(schema) + "." + sql_identifier(statement.name)));
            return ddl_output(statement);
        }
        case StatementKind::kDropTable: {
            TRIPLINE_TRY(refuse_builtin(statement, schema));
            auto info = table(con, database, statement.name);
            if (!info) {
                if (statement.if_exists && info.error().code == Errc::kNotFound) {
                    return ddl_output(statement);
                }
                return info.error();
            }
            if (info->table_type == "VIRTUAL_VIEW") {
                return make_error(
                    Errc::kInvalidArgument,
                    "NOT_SUPPORTED: " + statement.name + " is a view; drop it with DROP VIEW");
            }
            TRIPLINE_TRY(external::drop(con, schema, statement.name));
            return ddl_output(statement);
        }
        case StatementKind::kCreateTable:
            TRIPLINE_TRY(external::create(con, statement, database, source, account));
            return ddl_output(statement);
        case StatementKind::kAlterTable:
            TRIPLINE_TRY(external::add_partitions(con, statement, database, source, account));
            return ddl_output(statement);
        case StatementKind::kRepairTable:
            TRIPLINE_TRY(external::repair(con, statement, database, source, account));
            return ddl_output(statement);
        default:
            return make_error(
                Errc::kInvalidArgument,
                "NOT_SUPPORTED: " + statement.substatement_type + " is not supported");
    }
}

}  // namespace

std::string sql_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

std::string sql_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

Result<std::vector<std::string>> databases(duck::Connection& con) {
    TRIPLINE_ASSIGN_OR_RETURN(
        std::vector<std::string> schemas,
        strings(con,
                "SELECT schema_name FROM information_schema.schemata WHERE catalog_name = "
                "current_database() AND schema_name NOT IN ('information_schema', "
                "'pg_catalog') ORDER BY schema_name"));
    std::vector<std::string> out = {"default"};
    for (const std::string& schema : schemas) {
        if (schema != "main") {
            out.push_back(schema);
        }
    }
    return out;
}

Result<bool> database_exists(duck::Connection& con, std::string_view database) {
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<std::string> names, databases(con));
    return std::find(names.begin(), names.end(), athena_name(schema_of(database))) != names.end();
}

Result<std::vector<TableInfo>> tables(duck::Connection& con, std::string_view database) {
    const std::string schema = schema_of(database);
    TRIPLINE_ASSIGN_OR_RETURN(bool exists, database_exists(con, database));
    if (!exists) {
        return not_found_database(database);
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto names, relations(con, schema));
    std::vector<TableInfo> out;
    for (const auto& [name, kind] : names) {
        TRIPLINE_ASSIGN_OR_RETURN(TableInfo info, describe_relation(con, schema, name, kind));
        out.push_back(std::move(info));
    }
    return out;
}

Result<TableInfo> table(duck::Connection& con, std::string_view database, std::string_view name) {
    const std::string schema = schema_of(database);
    TRIPLINE_ASSIGN_OR_RETURN(auto names, relations(con, schema));
    for (const auto& [relation, kind] : names) {
        if (relation == name) {
            return describe_relation(con, schema, relation, kind);
        }
    }
    return not_found_table(database, name);
}

Result<QueryOutput> run_statement(duck::Connection& con,
                                  const Statement& statement,
                                  std::string_view session_database,
                                  LogFileSource* source,
                                  std::string_view account) {
    const std::string database = database_of(statement, session_database);
    switch (statement.kind) {
        case StatementKind::kShowDatabases: {
            TRIPLINE_ASSIGN_OR_RETURN(std::vector<std::string> names, databases(con));
            std::vector<std::string> shown;
            for (const std::string& name : names) {
                if (statement.pattern.empty() || matches_show_pattern(statement.pattern, name)) {
                    shown.push_back(name);
                }
            }
            return text_output(statement, "database_name", shown);
        }
        case StatementKind::kShowTables: {
            TRIPLINE_ASSIGN_OR_RETURN(bool exists, database_exists(con, database));
            if (!exists) {
                return not_found_database(database);
            }
            TRIPLINE_ASSIGN_OR_RETURN(auto names, relations(con, schema_of(database)));
            std::vector<std::string> shown;
            for (const auto& entry : names) {
                if (statement.pattern.empty() ||
                    matches_show_pattern(statement.pattern, entry.first)) {
                    shown.push_back(entry.first);
                }
            }
            return text_output(statement, "tab_name", shown);
        }
        case StatementKind::kShowColumns: {
            TRIPLINE_ASSIGN_OR_RETURN(TableInfo info, table(con, database, statement.name));
            std::vector<std::string> names;
            for (const Column& c : info.columns) {
                names.push_back(c.name);
            }
            for (const Column& c : info.partitions) {
                names.push_back(c.name);
            }
            return text_output(statement, "field", names);
        }
        case StatementKind::kDescribe: {
            TRIPLINE_ASSIGN_OR_RETURN(TableInfo info, table(con, database, statement.name));
            return text_output(statement, "col_name", describe_lines(info));
        }
        case StatementKind::kShowCreateTable:
            return show_create(con, statement, database);
        case StatementKind::kShowPartitions:
            return show_partitions(con, statement, database);
        default:
            return create_or_drop(con, statement, database, source, account);
    }
}

}  // namespace tripline::query::athena::catalog
