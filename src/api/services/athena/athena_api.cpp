#include "api/services/athena/athena_api.h"

#include <optional>

namespace tripline::api::services {

namespace {

ApiError to_api(const Error& error) {
    switch (error.code) {
        case Errc::kIo:
        case Errc::kInternal:
        case Errc::kUnavailable:
            return ApiError{500, "InternalServerException", error.message, false};
        case Errc::kNotFound:
            return ApiError{400, "ResourceNotFoundException", error.message};
        case Errc::kLimitExceeded:
            return ApiError{400, "TooManyRequestsException", error.message};
        default:
            return ApiError{400, "InvalidRequestException", error.message};
    }
}

athena::AthenaScope scope_of(const ApiCall& call) {
    return athena::AthenaScope{call.principal.account_id, call.region};
}

std::string text(const nlohmann::json& input, const char* name) {
    auto it = input.find(name);
    return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `name` must be a string when present.
std::optional<ApiError> check_strings(const nlohmann::json& input,
                                      std::initializer_list<const char*> names) {
    for (const char* name : names) {
        auto it = input.find(name);
        if (it != input.end() && !it->is_null() && !it->is_string()) {
            return ApiError{
                400,
                "InvalidRequestException",
                std::string("1 validation error detected: '") + name + "' must be a string"};
        }
    }
    return std::nullopt;
}

ApiError required(const char* name) {
    return ApiError{400,
                    "InvalidRequestException",
                    std::string("1 validation error detected: Value null at '") + name +
                        "' failed to satisfy constraint: Member must not be null"};
}

// MaxResults between 1 and `maximum` (default `fallback`).
std::optional<std::size_t> max_results(const nlohmann::json& input,
                                       std::size_t fallback,
                                       std::size_t maximum,
                                       std::optional<ApiError>& error) {
    auto it = input.find("MaxResults");
    if (it == input.end() || it->is_null()) {
        return fallback;
    }
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 ||
        it->get<std::int64_t>() > static_cast<std::int64_t>(maximum)) {
        error = ApiError{400,
                         "InvalidRequestException",
                         "1 validation error detected: Value at 'maxResults' failed to satisfy "
                         "constraint: Member must have value between 1 and " +
                             std::to_string(maximum)};
        return std::nullopt;
    }
    return static_cast<std::size_t>(it->get<std::int64_t>());
}

// An offset token over a list of ids.
nlohmann::json page_of(const std::vector<std::string>& ids,
                       const nlohmann::json& input,
                       std::size_t size,
                       const char* member,
                       std::optional<ApiError>& error) {
    std::size_t offset = 0;
    std::string token = text(input, "NextToken");
    if (!token.empty()) {
        try {
            offset = std::stoul(token);
        } catch (const std::exception&) {
            offset = ids.size() + 1;
        }
        if (offset > ids.size()) {
            error = ApiError{400, "InvalidRequestException", "The NextToken is invalid."};
            return nullptr;
        }
    }
    const std::size_t end = std::min(ids.size(), offset + size);
    nlohmann::json out = {{member,
                           std::vector<std::string>(ids.begin() + static_cast<long>(offset),
                                                    ids.begin() + static_cast<long>(end))}};
    if (end < ids.size()) {
        out["NextToken"] = std::to_string(end);
    }
    return out;
}

// Athena's ColumnInfo for a Trino type name.
nlohmann::json column_info(const query::athena::Column& column) {
    std::string base = column.type.substr(0, column.type.find('('));
    if (column.type.find("with time zone") != std::string::npos) {
        base += " with time zone";
    }
    int precision = 0;
    int scale = 0;
    if (base == "varchar" || base == "json") {
        precision = 2147483647;
    } else if (base == "bigint") {
        precision = 19;
    } else if (base == "integer") {
        precision = 10;
    } else if (base == "smallint") {
        precision = 5;
    } else if (base == "tinyint") {
        precision = 3;
    } else if (base == "double") {
        precision = 17;
    } else if (base == "real") {
        precision = 24;
    } else if (base.starts_with("timestamp") || base.starts_with("time")) {
        precision = 3;
    } else if (base == "decimal") {
        std::size_t open = column.type.find('(');
        std::size_t comma = column.type.find(',');
        if (open != std::string::npos && comma != std::string::npos) {
            precision = std::stoi(column.type.substr(open + 1, comma - open - 1));
            scale = std::stoi(column.type.substr(comma + 1));
        }
    }
    return {{"CatalogName", "hive"},
            {"SchemaName", ""},
            {"TableName", ""},
            {"Name", column.name},
            {"Label", column.name},
            {"Type", base},
            {"Precision", precision},
            {"Scale", scale},
            {"Nullable", "UNKNOWN"},
            {"CaseSensitive", base == "varchar"}};
}

nlohmann::json table_metadata(const query::athena::TableInfo& table) {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& c : table.columns) {
        columns.push_back({{"Name", c.name}, {"Type", c.type}});
    }
    nlohmann::json partitions = nlohmann::json::array();
    for (const auto& c : table.partitions) {
        partitions.push_back({{"Name", c.name}, {"Type", c.type}});
    }
    nlohmann::json parameters = {{"classification", "cloudtrail"}};
    if (table.table_type == "VIRTUAL_VIEW") {
        parameters = nlohmann::json::object();
    }
    return {{"Name", table.name},
            {"TableType", table.table_type},
            {"Columns", columns},
            {"PartitionKeys", partitions},
            {"Parameters", parameters}};
}

std::optional<ApiError> check_catalog(const nlohmann::json& input) {
    std::string catalog = text(input, "CatalogName");
    if (!catalog.empty() && catalog != "AwsDataCatalog" && catalog != "awsdatacatalog") {
        return ApiError{400,
                        "InvalidRequestException",
                        "Catalog " + catalog +
                            " is not found. Tripline has one data catalog, "
                            "AwsDataCatalog."};
    }
    return std::nullopt;
}

}  // namespace

ServiceReply AthenaApi::handle(ApiCall& call) {
    const std::string& op = call.operation;
    if (op.find("NamedQuer") != std::string::npos || op.find("WorkGroup") != std::string::npos) {
        return named_query_operation(call);
    }
    if (op == "ListDataCatalogs" || op == "GetDataCatalog" || op == "ListDatabases" ||
        op == "GetDatabase" || op == "ListTableMetadata" || op == "GetTableMetadata") {
        return catalog_operation(call);
    }
    return execution_operation(call);
}

ServiceReply AthenaApi::execution_operation(ApiCall& call) {
    const std::string& op = call.operation;
    const nlohmann::json& in = call.input;
    const athena::AthenaScope scope = scope_of(call);
    if (auto bad = check_strings(
            in,
            {"QueryString", "QueryExecutionId", "WorkGroup", "ClientRequestToken", "NextToken"})) {
        return *bad;
    }
    if (op == "StartQueryExecution") {
        athena::StartQuery request;
        request.query = text(in, "QueryString");
        if (request.query.empty()) {
            return required("queryString");
        }
        if (auto ctx = in.find("QueryExecutionContext"); ctx != in.end() && ctx->is_object()) {
            request.database = text(*ctx, "Database");
            request.catalog = text(*ctx, "Catalog");
        }
        if (auto rc = in.find("ResultConfiguration"); rc != in.end() && rc->is_object()) {
            request.output_location = text(*rc, "OutputLocation");
        }
        request.workgroup = text(in, "WorkGroup");
        request.client_token = text(in, "ClientRequestToken");
        if (!request.catalog.empty() && request.catalog != "AwsDataCatalog" &&
            request.catalog != "awsdatacatalog") {
            return ApiError{
                400, "InvalidRequestException", "Catalog " + request.catalog + " is not found."};
        }
        auto started = athena_.start_query(scope, request);
        if (!started) {
            return to_api(started.error());
        }
        call.response_elements = {{"queryExecutionId", *started}};
        return json_reply(call, {{"QueryExecutionId", *started}});
    }
    if (op == "GetQueryExecution" || op == "StopQueryExecution") {
        std::string id = text(in, "QueryExecutionId");
        if (id.empty()) {
            return required("queryExecutionId");
        }
        if (op == "StopQueryExecution") {
            Status stopped = athena_.stop_query(scope, id);
            if (!stopped) {
                return to_api(stopped.error());
            }
            return json_reply(call, nlohmann::json::object());
        }
        auto execution = athena_.get_query(scope, id);
        if (!execution) {
            return to_api(execution.error());
        }
        return json_reply(call, {{"QueryExecution", execution->to_api()}});
    }
    if (op == "BatchGetQueryExecution") {
        call.read_only = true;
        auto ids = in.find("QueryExecutionIds");
        if (ids == in.end() || !ids->is_array() || ids->empty() || ids->size() > 50) {
            return ApiError{400,
                            "InvalidRequestException",
                            "1 validation error detected: Value at 'queryExecutionIds' failed to "
                            "satisfy constraint: Member must have length between 1 and 50"};
        }
        nlohmann::json found = nlohmann::json::array();
        nlohmann::json missing = nlohmann::json::array();
        for (const auto& id : *ids) {
            const std::string value = id.is_string() ? id.get<std::string>() : std::string();
            auto execution = athena_.get_query(scope, value);
            if (execution) {
                found.push_back(execution->to_api());
            } else {
                missing.push_back({{"QueryExecutionId", value},
                                   {"ErrorCode", "INVALID_INPUT"},
                                   {"ErrorMessage", execution.error().message}});
            }
        }
        return json_reply(call,
                          {{"QueryExecutions", found}, {"UnprocessedQueryExecutionIds", missing}});
    }
    if (op == "ListQueryExecutions") {
        std::optional<ApiError> error;
        auto size = max_results(in, 50, 50, error);
        if (error) {
            return *error;
        }
        auto ids = athena_.list_queries(scope, text(in, "WorkGroup"));
        if (!ids) {
            return to_api(ids.error());
        }
        nlohmann::json body = page_of(*ids, in, *size, "QueryExecutionIds", error);
        if (error) {
            return *error;
        }
        return json_reply(call, body);
    }
    if (op == "GetQueryResults") {
        std::string id = text(in, "QueryExecutionId");
        if (id.empty()) {
            return required("queryExecutionId");
        }
        std::optional<ApiError> error;
        auto size = max_results(in, 1000, 1000, error);
        if (error) {
            return *error;
        }
        auto page = athena_.get_results(scope, id, text(in, "NextToken"), *size);
        if (!page) {
            return to_api(page.error());
        }
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : page->rows) {
            nlohmann::json data = nlohmann::json::array();
            for (const auto& value : row) {
                data.push_back(value ? nlohmann::json{{"VarCharValue", *value}}
                                     : nlohmann::json::object());
            }
            rows.push_back({{"Data", data}});
        }
        nlohmann::json columns = nlohmann::json::array();
        for (const auto& c : page->columns) {
            columns.push_back(column_info(c));
        }
        nlohmann::json body = {
            {"UpdateCount", 0},
            {"ResultSet", {{"Rows", rows}, {"ResultSetMetadata", {{"ColumnInfo", columns}}}}}};
        if (!page->next_token.empty()) {
            body["NextToken"] = page->next_token;
        }
        return json_reply(call, body);
    }
    return ApiError{400, "UnknownOperationException", "Tripline's Athena does not implement " + op};
}

ServiceReply AthenaApi::named_query_operation(ApiCall& call) {
    const std::string& op = call.operation;
    const nlohmann::json& in = call.input;
    const athena::AthenaScope scope = scope_of(call);
    if (auto bad = check_strings(in,
                                 {"Name",
                                  "Description",
                                  "Database",
                                  "QueryString",
                                  "NamedQueryId",
                                  "WorkGroup",
                                  "ClientRequestToken"})) {
        return *bad;
    }
    if (op == "CreateNamedQuery") {
        athena::NamedQuery query;
        query.name = text(in, "Name");
        query.description = text(in, "Description");
        query.database = text(in, "Database");
        query.query = text(in, "QueryString");
        query.workgroup = text(in, "WorkGroup");
        auto created = athena_.create_named_query(scope, query, text(in, "ClientRequestToken"));
        if (!created) {
            return to_api(created.error());
        }
        call.response_elements = {{"namedQueryId", *created}};
        return json_reply(call, {{"NamedQueryId", *created}});
    }
    if (op == "GetNamedQuery" || op == "DeleteNamedQuery") {
        std::string id = text(in, "NamedQueryId");
        if (id.empty()) {
            return required("namedQueryId");
        }
        if (op == "DeleteNamedQuery") {
            Status deleted = athena_.delete_named_query(scope, id);
            return deleted ? ServiceReply(json_reply(call, nlohmann::json::object()))
                           : ServiceReply(to_api(deleted.error()));
        }
        auto query = athena_.get_named_query(scope, id);
        if (!query) {
            return to_api(query.error());
        }
        return json_reply(call, {{"NamedQuery", query->to_api()}});
    }
    if (op == "BatchGetNamedQuery") {
        call.read_only = true;
        auto ids = in.find("NamedQueryIds");
        if (ids == in.end() || !ids->is_array() || ids->empty() || ids->size() > 50) {
            return ApiError{400,
                            "InvalidRequestException",
                            "1 validation error detected: Value at 'namedQueryIds' failed to "
                            "satisfy constraint: Member must have length between 1 and 50"};
        }
        nlohmann::json found = nlohmann::json::array();
        nlohmann::json missing = nlohmann::json::array();
        for (const auto& id : *ids) {
            const std::string value = id.is_string() ? id.get<std::string>() : std::string();
            auto query = athena_.get_named_query(scope, value);
            if (query) {
                found.push_back(query->to_api());
            } else {
                missing.push_back({{"NamedQueryId", value},
                                   {"ErrorCode", "INVALID_INPUT"},
                                   {"ErrorMessage", query.error().message}});
            }
        }
        return json_reply(call, {{"NamedQueries", found}, {"UnprocessedNamedQueryIds", missing}});
    }
    if (op == "ListNamedQueries") {
        std::optional<ApiError> error;
        auto size = max_results(in, 50, 50, error);
        if (error) {
            return *error;
        }
        auto ids = athena_.list_named_queries(scope, text(in, "WorkGroup"));
        if (!ids) {
            return to_api(ids.error());
        }
        nlohmann::json body = page_of(*ids, in, *size, "NamedQueryIds", error);
        if (error) {
            return *error;
        }
        return json_reply(call, body);
    }
    if (op == "ListWorkGroups") {
        auto groups = athena_.list_workgroups(scope);
        if (!groups) {
            return to_api(groups.error());
        }
        nlohmann::json list = nlohmann::json::array();
        for (const auto& g : *groups) {
            nlohmann::json api = g.to_api();
            list.push_back({{"Name", g.name},
                            {"State", g.state},
                            {"Description", g.description},
                            {"CreationTime", api["CreationTime"]},
                            {"EngineVersion", api["Configuration"]["EngineVersion"]}});
        }
        return json_reply(call, {{"WorkGroups", list}});
    }
    if (op == "GetWorkGroup" || op == "DeleteWorkGroup" || op == "CreateWorkGroup") {
        std::string name = text(in, "WorkGroup");
        if (op == "CreateWorkGroup") {
            name = text(in, "Name");
        }
        if (name.empty()) {
            return required(op == "CreateWorkGroup" ? "name" : "workGroup");
        }
        if (op == "GetWorkGroup") {
            auto group = athena_.get_workgroup(scope, name);
            if (!group) {
                return to_api(group.error());
            }
            return json_reply(call, {{"WorkGroup", group->to_api()}});
        }
        if (op == "DeleteWorkGroup") {
            Status deleted = athena_.delete_workgroup(scope, name);
            return deleted ? ServiceReply(json_reply(call, nlohmann::json::object()))
                           : ServiceReply(to_api(deleted.error()));
        }
        athena::WorkGroup group;
        group.name = name;
        group.description = text(in, "Description");
        if (auto cfg = in.find("Configuration"); cfg != in.end() && cfg->is_object()) {
            if (auto rc = cfg->find("ResultConfiguration"); rc != cfg->end() && rc->is_object()) {
                group.output_location = text(*rc, "OutputLocation");
            }
        }
        Status created = athena_.create_workgroup(scope, group);
        return created ? ServiceReply(json_reply(call, nlohmann::json::object()))
                       : ServiceReply(to_api(created.error()));
    }
    return ApiError{400, "UnknownOperationException", "Tripline's Athena does not implement " + op};
}

ServiceReply AthenaApi::catalog_operation(ApiCall& call) {
    const std::string& op = call.operation;
    const nlohmann::json& in = call.input;
    if (auto bad = check_strings(
            in, {"CatalogName", "DatabaseName", "TableName", "Name", "Expression", "NextToken"})) {
        return *bad;
    }
    if (op == "ListDataCatalogs") {
        return json_reply(call,
                          {{"DataCatalogsSummary",
                            nlohmann::json::array({{{"CatalogName", "AwsDataCatalog"},
                                                    {"Type", "GLUE"},
                                                    {"Status", "CREATE_COMPLETE"}}})}});
    }
    if (op == "GetDataCatalog") {
        std::string name = text(in, "Name");
        if (name != "AwsDataCatalog" && name != "awsdatacatalog") {
            return ApiError{400, "InvalidRequestException", "Catalog " + name + " is not found."};
        }
        return json_reply(call,
                          {{"DataCatalog",
                            {{"Name", "AwsDataCatalog"},
                             {"Type", "GLUE"},
                             {"Description", "Tripline's trail store"},
                             {"Parameters", nlohmann::json::object()},
                             {"Status", "CREATE_COMPLETE"}}}});
    }
    if (auto bad = check_catalog(in)) {
        return *bad;
    }
    query::athena::AthenaEngine& engine = athena_.engine();
    if (op == "ListDatabases" || op == "GetDatabase") {
        auto names = engine.list_databases();
        if (!names) {
            return to_api(names.error());
        }
        if (op == "GetDatabase") {
            std::string wanted = text(in, "DatabaseName");
            for (const std::string& name : *names) {
                if (name == wanted) {
                    return json_reply(call, {{"Database", {{"Name", name}}}});
                }
            }
            return ApiError{400, "MetadataException", "Database " + wanted + " is not found."};
        }
        nlohmann::json list = nlohmann::json::array();
        for (const std::string& name : *names) {
            list.push_back({{"Name", name}});
        }
        return json_reply(call, {{"DatabaseList", list}});
    }
    std::string database = text(in, "DatabaseName");
    if (database.empty()) {
        return required("databaseName");
    }
    if (op == "GetTableMetadata") {
        std::string name = text(in, "TableName");
        if (name.empty()) {
            return required("tableName");
        }
        auto table = engine.get_table(database, name);
        if (!table) {
            return ApiError{400, "MetadataException", table.error().message};
        }
        return json_reply(call, {{"TableMetadata", table_metadata(*table)}});
    }
    auto tables = engine.list_tables(database);
    if (!tables) {
        return ApiError{400, "MetadataException", tables.error().message};
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& table : *tables) {
        list.push_back(table_metadata(table));
    }
    return json_reply(call, {{"TableMetadataList", list}});
}

}  // namespace tripline::api::services
