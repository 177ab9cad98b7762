#include "query/trail_export.h"

#include <algorithm>

#include "query/athena_catalog.h"
#include "query/athena_engine.h"
#include "query/duck.h"

namespace tripline::query {

namespace {

std::string athena_ddl(const std::vector<athena::Column>& columns, const std::string& location) {
    std::string ddl = "CREATE EXTERNAL TABLE cloudtrail_parquet (\n";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        ddl += "  `" + columns[i].name + "` " + columns[i].type +
               (i + 1 < columns.size() ? ",\n" : "\n");
    }
    ddl +=
        ")\nPARTITIONED BY (account string, region string, year string, month string, day "
        "string)\nSTORED AS PARQUET\nLOCATION '" +
        location + "';\n\n-- Then load the partitions:\nMSCK REPAIR TABLE cloudtrail_parquet;\n";
    return ddl;
}

// Trino's names for the Hive types DESCRIBE prints (struct<a:string> -> row(a varchar)).
std::string trino_type(std::string hive) {
    std::string out;
    std::size_t i = 0;
    while (i < hive.size()) {
        auto starts = [&](std::string_view word) {
            return hive.compare(i, word.size(), word) == 0;
        };
        if (starts("struct<")) {
            out += "row(";
            i += 7;
        } else if (starts("array<")) {
            out += "array(";
            i += 6;
        } else if (starts("map<")) {
            out += "map(";
            i += 4;
        } else if (starts("string")) {
            out += "varchar";
            i += 6;
        } else if (hive[i] == '>') {
            out += ')';
            ++i;
        } else if (hive[i] == ':') {
            out += ' ';
            ++i;
        } else if (hive[i] == ',') {
            out += ", ";
            ++i;
        } else {
            out += hive[i++];
        }
    }
    return out;
}

std::string trino_ddl(const std::vector<athena::Column>& columns, const std::string& location) {
    std::string ddl = "CREATE TABLE hive.default.cloudtrail_parquet (\n";
    for (const athena::Column& c : columns) {
        ddl += "  " + c.name + " " + trino_type(c.type) + ",\n";
    }
    ddl +=
        "  account varchar,\n  region varchar,\n  year varchar,\n  month varchar,\n  day "
        "varchar\n)\nWITH (\n  format = 'PARQUET',\n  partitioned_by = ARRAY['account', "
        "'region', 'year', 'month', 'day'],\n  external_location = '" +
        location +
        "'\n);\n\n-- Then register the partitions:\nCALL hive.system.sync_partition_metadata("
        "'default', 'cloudtrail_parquet', 'ADD');\n";
    return ddl;
}

}  // namespace

Result<ParquetExport> export_parquet(TrailStore& store,
                                     const std::filesystem::path& dir,
                                     const std::string& location) {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
        return make_error(Errc::kAlreadyExists,
                          dir.string() + " is not empty: export into a new or empty folder");
    }
    TRIPLINE_TRY(store.flush());
    athena::AthenaEngine engine(store);
    TRIPLINE_ASSIGN_OR_RETURN(athena::TableInfo table,
                              engine.get_table("default", "cloudtrail_logs"));
    TRIPLINE_ASSIGN_OR_RETURN(duck::Connection con, store.connect());
    std::string columns;
    for (const athena::Column& c : table.columns) {
        columns += athena::catalog::sql_identifier(c.name) + ", ";
    }
    const std::string sql =
        "COPY (SELECT " + columns +
        "coalesce(recipientaccountid, useridentity.accountid, 'unknown') AS account, region, year, "
        "month, day FROM main.cloudtrail_logs) TO " +
        athena::catalog::sql_literal(dir.string()) +
        " (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (account, region, year, month, day), "
        "FILENAME_PATTERN 'cloudtrail_{i}', OVERWRITE_OR_IGNORE true)";
    TRIPLINE_ASSIGN_OR_RETURN(duck::QueryResult result, con.query(sql));
    ParquetExport out;
    out.records = result.rows_changed();
    std::filesystem::create_directories(dir, ec);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
        if (entry.is_regular_file()) {
            out.files.push_back(std::filesystem::relative(entry.path(), dir));
        }
    }
    std::sort(out.files.begin(), out.files.end());
    out.athena_ddl = athena_ddl(table.columns, location);
    out.trino_ddl = trino_ddl(table.columns, location);
    return out;
}

}  // namespace tripline::query
