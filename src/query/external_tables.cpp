#include "query/external_tables.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "event/cloudtrail_record.h"
#include "query/athena_catalog.h"
#include "query/athena_tokens.h"
#include "query/external_table_files.h"
#include "query/record_chunk_writer.h"
#include "query/trail_schema.h"

namespace tripline::query::athena::external {

namespace {

using catalog::sql_identifier;
using catalog::sql_literal;

// Whether a declared column can be read from the records: the columns athena_select_sql() yields
// (trail_records' Athena columns, readonly rendered, and the extended ones).
bool readable(const std::string& name) {
    static const std::set<std::string, std::less<>> kNames = [] {
        std::set<std::string, std::less<>> out;
        const auto& stored = schema::column_names();
        for (std::size_t i = 0; i < schema::kEventCategory; ++i) {
            out.insert(stored[i] == "tl_readonly" ? std::string("readonly") : stored[i]);
        }
        out.insert({"eventcategory",
                    "managementevent",
                    "sessioncredentialfromconsole",
                    "vpcendpointaccountid",
                    "insightdetails"});
        return out;
    }();
    return kNames.contains(name);
}

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

std::string schema_for(const Statement& statement, const std::string& session) {
    return schema_of(statement.database.empty() ? session : statement.database);
}

Result<nlohmann::json> registry_row(duck::Connection& con,
                                    const std::string& schema,
                                    const std::string& name) {
    TRIPLINE_ASSIGN_OR_RETURN(
        duck::QueryResult result,
        con.query("SELECT definition, partitions, fingerprint FROM main.tl_external_tables WHERE "
                  "schema_name = " +
                  sql_literal(schema) + " AND table_name = " + sql_literal(name)));
    duck::DataChunk chunk(result.fetch_chunk());
    if (!chunk || chunk.size() == 0) {
        return make_error(Errc::kNotFound,
                          "TABLE_NOT_FOUND: Table 'awsdatacatalog." +
                              std::string(schema == "main" ? "default" : schema) + "." + name +
                              "' does not exist");
    }
    return nlohmann::json{
        {"definition",
         nlohmann::json::parse(duck::VectorReader(chunk.vector(0)).string_or_empty(0))},
        {"partitions",
         nlohmann::json::parse(duck::VectorReader(chunk.vector(1)).string_or_empty(0))},
        {"fingerprint", duck::VectorReader(chunk.vector(2)).string_or_empty(0)}};
}

// The SELECT list that turns Athena's columns of a loaded file into the table's columns.
Result<std::string> projection(const ExternalTableDef& def,
                               const std::vector<std::string>& values) {
    std::string out;
    for (const HiveColumn& c : def.columns) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string type, duck_type_of(c.type));
        out += (out.empty() ? "" : ", ") +
               (readable(c.name) ? "TRY_CAST(" + sql_identifier(c.name) + " AS " + type + ")"
                                 : "CAST(NULL AS " + type + ")");
    }
    for (std::size_t i = 0; i < def.partitions.size(); ++i) {
        out += ", " + (i < values.size() && !values[i].empty() ? sql_literal(values[i]) : "NULL");
    }
    return out;
}

// Reads every file into the table (replacing its rows) unless the files are unchanged.
Status load(duck::Connection& con,
            const std::string& schema,
            const std::string& name,
            LogFileSource& source,
            std::string_view account,
            bool force) {
    TRIPLINE_ASSIGN_OR_RETURN(nlohmann::json row, registry_row(con, schema, name));
    ExternalTableDef def = ExternalTableDef::from_json(row["definition"]);
    std::string fingerprint;
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<FileGroup> files,
                              files_of(def, row["partitions"], source, account, fingerprint));
    if (!force && fingerprint == row["fingerprint"].get<std::string>()) {
        return ok_status();
    }
    std::mt19937_64 random(std::random_device{}());
    const std::string staging = "main.tl_load_" + std::to_string(random() % 1'000'000'000);
    const std::string target = sql_identifier(schema) + "." + sql_identifier(name);
    TRIPLINE_TRY(
        con.exec("CREATE TABLE " + staging + " AS SELECT * FROM main.trail_records LIMIT 0"));
    auto loaded = [&]() -> Status {
        TRIPLINE_TRY(con.exec("BEGIN TRANSACTION"));
        TRIPLINE_TRY(con.exec("DELETE FROM " + target));
        for (const FileGroup& file : files) {
            auto text = source.read_text(file.bucket, file.key);
            if (!text) {
                continue;  // gone since the listing
            }
            auto records = event::parse_cloudtrail_log_file(*text);
            if (!records || records->empty()) {
                continue;  // not a CloudTrail log file (a digest, anything else)
            }
            TRIPLINE_ASSIGN_OR_RETURN(duck::Appender appender,
                                      con.appender(staging.substr(5).c_str(), "main"));
            RecordChunkWriter writer;
            for (const event::CloudTrailRecord& record : *records) {
                writer.add(record);
                if (writer.full()) {
                    TRIPLINE_TRY(appender.append(writer.take()));
                }
            }
            if (writer.size() > 0) {
                TRIPLINE_TRY(appender.append(writer.take()));
            }
            TRIPLINE_TRY(appender.flush());
            TRIPLINE_ASSIGN_OR_RETURN(std::string select, projection(def, file.values));
            TRIPLINE_TRY(con.exec("INSERT INTO " + target + " SELECT " + select + " FROM (" +
                                  schema::athena_select_sql(staging) + ")"));
            TRIPLINE_TRY(con.exec("DELETE FROM " + staging));
        }
        TRIPLINE_TRY(con.exec("UPDATE main.tl_external_tables SET fingerprint = " +
                              sql_literal(fingerprint) + " WHERE schema_name = " +
                              sql_literal(schema) + " AND table_name = " + sql_literal(name)));
        return con.exec("COMMIT");
    }();
    if (!loaded) {
        (void)con.exec("ROLLBACK");
    }
    (void)con.exec("DROP TABLE IF EXISTS " + staging);
    return loaded;
}

Status need_source(LogFileSource* source) {
    if (source == nullptr) {
        return invalid(
            "NOT_SUPPORTED: external tables read Tripline's buckets, which this session cannot "
            "reach: run the statement through the Athena API of tripline serve");
    }
    return ok_status();
}

}  // namespace

Status ensure_registry(duck::Connection& con) {
    return con.exec(
        "CREATE TABLE IF NOT EXISTS main.tl_external_tables (schema_name VARCHAR, table_name "
        "VARCHAR, definition VARCHAR, partitions VARCHAR, fingerprint VARCHAR, PRIMARY KEY "
        "(schema_name, table_name))");
}

Result<std::vector<std::string>> names(duck::Connection& con, const std::string& schema) {
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result,
                              con.query("SELECT table_name FROM main.tl_external_tables WHERE "
                                        "schema_name = " +
                                        sql_literal(schema) + " ORDER BY table_name"));
    std::vector<std::string> out;
    while (duck::DataChunk chunk{result.fetch_chunk()}) {
        duck::VectorReader column(chunk.vector(0));
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            out.push_back(column.string_or_empty(row));
        }
    }
    return out;
}

Result<ExternalTableDef> definition(duck::Connection& con,
                                    const std::string& schema,
                                    const std::string& name) {
    TRIPLINE_ASSIGN_OR_RETURN(nlohmann::json row, registry_row(con, schema, name));
    return ExternalTableDef::from_json(row["definition"]);
}

Status create(duck::Connection& con,
              const Statement& statement,
              const std::string& session_database,
              LogFileSource* source,
              std::string_view account) {
    TRIPLINE_TRY(need_source(source));
    TRIPLINE_ASSIGN_OR_RETURN(ExternalTableDef def, parse_create_external_table(statement.text));
    const std::string schema = schema_for(statement, session_database);
    TRIPLINE_ASSIGN_OR_RETURN(bool db_exists, catalog::database_exists(con, schema));
    if (!db_exists) {
        return invalid("SCHEMA_NOT_FOUND: Schema '" +
                       (statement.database.empty() ? session_database : statement.database) +
                       "' does not exist");
    }
    if (schema == "main" &&
        (def.name == "cloudtrail_logs" || def.name == "cloudtrail_logs_extended" ||
         def.name.starts_with("tl_") || def.name == "trail_records" || def.name == "trail_meta")) {
        return invalid("NOT_SUPPORTED: " + def.name +
                       " is Tripline's built-in table in the default database: give the table "
                       "another name or create it in another database");
    }
    if (catalog::table(con, schema == "main" ? "default" : schema, def.name)) {
        if (def.if_not_exists) {
            return ok_status();
        }
        return invalid("FAILED: AlreadyExistsException: Table " + def.name + " already exists");
    }
    TRIPLINE_TRY(parse_location(def.location));
    TRIPLINE_TRY(source->list(account, parse_location(def.location)->bucket, ""));
    std::string columns;
    for (const HiveColumn& c : def.columns) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string type, duck_type_of(c.type));
        columns += (columns.empty() ? "" : ", ") + sql_identifier(c.name) + " " + type;
    }
    for (const HiveColumn& c : def.partitions) {
        columns += ", " + sql_identifier(c.name) + " VARCHAR";
    }
    def.database = schema == "main" ? "default" : schema;
    TRIPLINE_TRY(con.exec("CREATE TABLE " + sql_identifier(schema) + "." +
                          sql_identifier(def.name) + " (" + columns + ")"));
    TRIPLINE_TRY(con.exec("INSERT INTO main.tl_external_tables VALUES (" + sql_literal(schema) +
                          ", " + sql_literal(def.name) + ", " + sql_literal(def.to_json().dump()) +
                          ", '[]', '')"));
    return load(con, schema, def.name, *source, account, true);
}

Status add_partitions(duck::Connection& con,
                      const Statement& statement,
                      const std::string& session_database,
                      LogFileSource* source,
                      std::string_view account) {
    TRIPLINE_TRY(need_source(source));
    const std::string schema = schema_for(statement, session_database);
    if (statement.substatement_type != "ALTER_TABLE_ADD_PARTITION") {
        return invalid("NOT_SUPPORTED: " + statement.substatement_type + " is not supported");
    }
    TRIPLINE_ASSIGN_OR_RETURN(nlohmann::json row, registry_row(con, schema, statement.name));
    ExternalTableDef def = ExternalTableDef::from_json(row["definition"]);
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<PartitionSpec> specs,
                              parse_add_partitions(statement.text));
    nlohmann::json partitions = row["partitions"];
    for (const PartitionSpec& spec : specs) {
        nlohmann::json values = nlohmann::json::object();
        std::string hive_path;
        for (const HiveColumn& column : def.partitions) {
            auto found = std::find_if(spec.values.begin(), spec.values.end(), [&](const auto& kv) {
                return kv.first == column.name;
            });
            if (found == spec.values.end()) {
                return invalid("SYNTAX_ERROR: partition column " + column.name + " has no value");
            }
            values[column.name] = found->second;
            hive_path += column.name + "=" + found->second + "/";
        }
        const std::string location =
            spec.location.empty() ? with_slash(def.location) + hive_path : spec.location;
        bool known = false;
        for (auto& existing : partitions) {
            if (existing["values"] == values) {
                known = true;
            }
        }
        if (!known) {
            partitions.push_back({{"values", values}, {"location", location}});
        }
    }
    TRIPLINE_TRY(con.exec(
        "UPDATE main.tl_external_tables SET partitions = " + sql_literal(partitions.dump()) +
        " WHERE schema_name = " + sql_literal(schema) +
        " AND table_name = " + sql_literal(statement.name)));
    return load(con, schema, statement.name, *source, account, true);
}

Status repair(duck::Connection& con,
              const Statement& statement,
              const std::string& session_database,
              LogFileSource* source,
              std::string_view account) {
    TRIPLINE_TRY(need_source(source));
    const std::string schema = schema_for(statement, session_database);
    TRIPLINE_ASSIGN_OR_RETURN(nlohmann::json row, registry_row(con, schema, statement.name));
    ExternalTableDef def = ExternalTableDef::from_json(row["definition"]);
    TRIPLINE_ASSIGN_OR_RETURN(Location location, parse_location(def.location));
    const std::string base = with_slash(location.prefix);
    TRIPLINE_ASSIGN_OR_RETURN(auto objects, source->list(account, location.bucket, base));
    // Hive-style folders only (k=v/...), as MSCK REPAIR TABLE: CloudTrail's own layout is not.
    nlohmann::json partitions = row["partitions"];
    for (const auto& object : objects) {
        std::string_view rest = std::string_view(object.key).substr(base.size());
        nlohmann::json values = nlohmann::json::object();
        std::string path;
        bool complete = true;
        for (const HiveColumn& column : def.partitions) {
            const std::string head = column.name + "=";
            const std::size_t slash = rest.find('/');
            if (!rest.starts_with(head) || slash == std::string_view::npos) {
                complete = false;
                break;
            }
            values[column.name] = std::string(rest.substr(head.size(), slash - head.size()));
            path += std::string(rest.substr(0, slash + 1));
            rest.remove_prefix(slash + 1);
        }
        if (!complete || def.partitions.empty()) {
            continue;
        }
        const bool known =
            std::any_of(partitions.begin(), partitions.end(), [&](const nlohmann::json& p) {
                return p["values"] == values;
            });
        if (!known) {
            partitions.push_back(
                {{"values", values}, {"location", "s3://" + location.bucket + "/" + base + path}});
        }
    }
    TRIPLINE_TRY(con.exec(
        "UPDATE main.tl_external_tables SET partitions = " + sql_literal(partitions.dump()) +
        " WHERE schema_name = " + sql_literal(schema) +
        " AND table_name = " + sql_literal(statement.name)));
    return load(con, schema, statement.name, *source, account, true);
}

Status drop(duck::Connection& con, const std::string& schema, const std::string& name) {
    TRIPLINE_TRY(con.exec("DELETE FROM main.tl_external_tables WHERE schema_name = " +
                          sql_literal(schema) + " AND table_name = " + sql_literal(name)));
    return con.exec("DROP TABLE IF EXISTS " + sql_identifier(schema) + "." + sql_identifier(name));
}

Status refresh_named(duck::Connection& con,
                     std::string_view sql,
                     LogFileSource* source,
                     std::string_view account) {
    if (source == nullptr) {
        return ok_status();
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        duck::QueryResult result,
        con.query("SELECT schema_name, table_name FROM main.tl_external_tables"));
    std::vector<std::pair<std::string, std::string>> tables;
    while (duck::DataChunk chunk{result.fetch_chunk()}) {
        duck::VectorReader schemas(chunk.vector(0));
        duck::VectorReader tables_column(chunk.vector(1));
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            tables.emplace_back(schemas.string_or_empty(row), tables_column.string_or_empty(row));
        }
    }
    const std::string text = detail::lower(sql);
    for (const auto& [schema, name] : tables) {
        if (text.find(name) != std::string::npos) {
            TRIPLINE_TRY(load(con, schema, name, *source, account, false));
        }
    }
    return ok_status();
}

std::vector<std::string> create_statement_lines(const ExternalTableDef& def,
                                                const std::string& database) {
    std::vector<std::string> lines;
    lines.push_back("CREATE EXTERNAL TABLE `" + database + "`.`" + def.name + "`(");
    for (std::size_t i = 0; i < def.columns.size(); ++i) {
        lines.push_back("  `" + def.columns[i].name + "` " + def.columns[i].type +
                        (i + 1 < def.columns.size() ? "," : ")"));
    }
    if (!def.partitions.empty()) {
        lines.emplace_back("PARTITIONED BY (");
        for (std::size_t i = 0; i < def.partitions.size(); ++i) {
            lines.push_back("  `" + def.partitions[i].name + "` " + def.partitions[i].type +
                            (i + 1 < def.partitions.size() ? "," : ")"));
        }
    }
    if (!def.serde.empty()) {
        lines.push_back("ROW FORMAT SERDE");
        lines.push_back("  '" + def.serde + "'");
    }
    if (!def.input_format.empty()) {
        lines.push_back("STORED AS INPUTFORMAT");
        lines.push_back("  '" + def.input_format + "'");
    }
    lines.push_back("LOCATION");
    lines.push_back("  '" + def.location + "'");
    if (!def.properties.empty()) {
        lines.emplace_back("TBLPROPERTIES (");
        std::size_t i = 0;
        for (const auto& [key, value] : def.properties) {
            lines.push_back("  '" + key + "'='" + value + "'" +
                            (++i < def.properties.size() ? "," : ")"));
        }
    }
    return lines;
}

}  // namespace tripline::query::athena::external
