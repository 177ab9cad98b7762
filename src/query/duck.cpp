#include "query/duck.h"

#include <string>

namespace tripline::query::duck {

namespace {

bool is_lock_conflict(std::string_view detail) {
    return detail.find("Could not set lock") != std::string_view::npos ||
           detail.find("Conflicting lock") != std::string_view::npos;
}

}  // namespace

Error duck_error(std::string_view what, std::string_view detail) {
    std::string message = "DuckDB: ";
    message.append(what);
    if (!detail.empty()) {
        message.append(": ").append(detail);
    }
    return make_error(is_lock_conflict(detail) ? Errc::kUnavailable : Errc::kIo,
                      std::move(message));
}

Error query_error(duckdb_result& result) {
    const char* detail = duckdb_result_error(&result);
    std::string_view text = detail != nullptr ? detail : "unknown error";
    switch (duckdb_result_error_type(&result)) {
        case DUCKDB_ERROR_PARSER:
        case DUCKDB_ERROR_SYNTAX:
        case DUCKDB_ERROR_BINDER:
        case DUCKDB_ERROR_CATALOG:
        case DUCKDB_ERROR_CONVERSION:
        case DUCKDB_ERROR_MISMATCH_TYPE:
        case DUCKDB_ERROR_INVALID_TYPE:
        case DUCKDB_ERROR_INVALID_INPUT:
        case DUCKDB_ERROR_OUT_OF_RANGE:
        case DUCKDB_ERROR_DIVIDE_BY_ZERO:
        case DUCKDB_ERROR_NOT_IMPLEMENTED:
        case DUCKDB_ERROR_DEPENDENCY:
        case DUCKDB_ERROR_PARAMETER_NOT_RESOLVED:
        case DUCKDB_ERROR_PARAMETER_NOT_ALLOWED:
            return make_error(Errc::kInvalidArgument, std::string(text));
        default:
            return duck_error("query failed", text);
    }
}

LogicalType LogicalType::struct_of(
    const std::vector<std::pair<const char*, LogicalType>>& members) {
    std::vector<duckdb_logical_type> types;
    std::vector<const char*> names;
    for (const auto& [name, type] : members) {
        names.push_back(name);
        types.push_back(type.get());
    }
    return LogicalType(duckdb_create_struct_type(types.data(), names.data(), members.size()));
}

DataChunk::DataChunk(const std::vector<LogicalType>& types) {
    std::vector<duckdb_logical_type> raw;
    raw.reserve(types.size());
    for (const LogicalType& type : types) {
        raw.push_back(type.get());
    }
    chunk_ = duckdb_create_data_chunk(raw.data(), raw.size());
}

std::optional<std::string> VectorReader::string(std::size_t row) const {
    if (is_null(row)) {
        return std::nullopt;
    }
    auto* value = static_cast<duckdb_string_t*>(data_) + row;
    return std::string(duckdb_string_t_data(value), duckdb_string_t_length(*value));
}

Status Prepared::bind(std::size_t index, std::string_view value) {
    if (duckdb_bind_varchar_length(stmt_, index, value.data(), value.size()) != DuckDBSuccess) {
        return duck_error("bind", duckdb_prepare_error(stmt_) ? duckdb_prepare_error(stmt_) : "");
    }
    return ok_status();
}

Status Prepared::bind_int64(std::size_t index, std::int64_t value) {
    if (duckdb_bind_int64(stmt_, index, value) != DuckDBSuccess) {
        return duck_error("bind", "");
    }
    return ok_status();
}

Status Prepared::bind_timestamp_micros(std::size_t index, std::int64_t micros) {
    if (duckdb_bind_timestamp(stmt_, index, duckdb_timestamp{micros}) != DuckDBSuccess) {
        return duck_error("bind", "");
    }
    return ok_status();
}

Result<QueryResult> Prepared::execute() {
    duckdb_result result;
    if (duckdb_execute_prepared(stmt_, &result) != DuckDBSuccess) {
        Error error = query_error(result);
        duckdb_destroy_result(&result);
        return error;
    }
    return QueryResult(result);
}

Status Appender::append(const DataChunk& chunk) {
    if (duckdb_append_data_chunk(appender_, chunk.get()) != DuckDBSuccess) {
        const char* detail = duckdb_appender_error(appender_);
        return duck_error("append", detail != nullptr ? detail : "");
    }
    return ok_status();
}

Status Appender::flush() {
    if (duckdb_appender_flush(appender_) != DuckDBSuccess) {
        const char* detail = duckdb_appender_error(appender_);
        return duck_error("appender flush", detail != nullptr ? detail : "");
    }
    return ok_status();
}

Result<QueryResult> Connection::query(const std::string& sql) {
    duckdb_result result;
    if (duckdb_query(con_, sql.c_str(), &result) != DuckDBSuccess) {
        Error error = query_error(result);
        duckdb_destroy_result(&result);
        return error;
    }
    return QueryResult(result);
}

Status Connection::exec(const std::string& sql) {
    TRIPLINE_ASSIGN_OR_RETURN(QueryResult ignored, query(sql));
    (void)ignored;
    return ok_status();
}

Result<Prepared> Connection::prepare(const std::string& sql) {
    duckdb_prepared_statement stmt = nullptr;
    if (duckdb_prepare(con_, sql.c_str(), &stmt) != DuckDBSuccess) {
        const char* detail = duckdb_prepare_error(stmt);
        Error error = duck_error("prepare", detail != nullptr ? detail : "");
        duckdb_destroy_prepare(&stmt);
        return error;
    }
    return Prepared(stmt);
}

Result<Appender> Connection::appender(const char* table, const char* schema) {
    duckdb_appender appender = nullptr;
    if (duckdb_appender_create(con_, schema, table, &appender) != DuckDBSuccess) {
        const char* detail = appender != nullptr ? duckdb_appender_error(appender) : nullptr;
        Error error = duck_error("appender", detail != nullptr ? detail : table);
        duckdb_appender_destroy(&appender);
        return error;
    }
    return Appender(appender);
}

Result<std::unique_ptr<Database>> Database::open(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& settings) {
    duckdb_config config = nullptr;
    if (duckdb_create_config(&config) != DuckDBSuccess) {
        return duck_error("create config", "");
    }
    for (const auto& [name, value] : settings) {
        if (duckdb_set_config(config, name.c_str(), value.c_str()) != DuckDBSuccess) {
            duckdb_destroy_config(&config);
            return duck_error("bad setting", name + "=" + value);
        }
    }
    duckdb_database db = nullptr;
    char* open_error = nullptr;
    duckdb_state state = duckdb_open_ext(path.c_str(), &db, config, &open_error);
    duckdb_destroy_config(&config);
    if (state != DuckDBSuccess) {
        std::string detail = open_error != nullptr ? open_error : "";
        duckdb_free(open_error);
        return duck_error("cannot open " + path, detail);
    }
    return std::unique_ptr<Database>(new Database(db));
}

Database::~Database() { duckdb_close(&db_); }

Result<Connection> Database::connect() {
    duckdb_connection con = nullptr;
    if (duckdb_connect(db_, &con) != DuckDBSuccess) {
        return duck_error("connect", "");
    }
    return Connection(con);
}

}  // namespace tripline::query::duck
