#include "app/query_endpoint.h"

#include "app/local_endpoint.h"

namespace tripline::app {

bool is_query_request(const api::HttpRequest& request) { return request.path == kQueryPath; }

api::HttpResponse handle_query_request(const api::HttpRequest& request,
                                       const std::string& token,
                                       query::athena::AthenaEngine& engine) {
    if (request.method != "POST") {
        return local_reply(405, {{"message", "use POST"}});
    }
    if (!token_matches(request, token)) {
        return local_reply(401, {{"message", "missing or wrong X-Tripline-Token"}});
    }
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("sql") ||
        !body["sql"].is_string()) {
        return local_reply(400, {{"message", "the body must be {\"sql\": \"...\"}"}});
    }
    const std::string database = body.contains("database") && body["database"].is_string()
                                     ? body["database"].get<std::string>()
                                     : "";
    auto output = engine.run(body["sql"].get<std::string>(), database);
    if (!output) {
        const bool user = output.error().code != Errc::kIo &&
                          output.error().code != Errc::kInternal &&
                          output.error().code != Errc::kUnavailable;
        return local_reply(user ? 400 : 500, {{"message", output.error().message}});
    }
    return local_reply(200, output_to_json(*output));
}

nlohmann::json output_to_json(const query::athena::QueryOutput& output) {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& c : output.result.columns) {
        columns.push_back({{"name", c.name}, {"type", c.type}});
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : output.result.rows) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& value : row) {
            values.push_back(value ? nlohmann::json(*value) : nlohmann::json(nullptr));
        }
        rows.push_back(std::move(values));
    }
    return {{"statement_type", output.statement_type},
            {"substatement_type", output.substatement_type},
            {"header", output.header},
            {"data_scanned_bytes", output.data_scanned_bytes},
            {"columns", columns},
            {"rows", rows}};
}

Result<query::athena::QueryOutput> output_from_json(const nlohmann::json& doc) {
    if (!doc.is_object() || !doc.contains("columns") || !doc["columns"].is_array() ||
        !doc.contains("rows") || !doc["rows"].is_array()) {
        return make_error(Errc::kIo, "the server's query reply is not a result");
    }
    query::athena::QueryOutput out;
    out.statement_type = doc.value("statement_type", "");
    out.substatement_type = doc.value("substatement_type", "");
    out.header = doc.value("header", true);
    out.data_scanned_bytes = doc.value("data_scanned_bytes", std::uint64_t{0});
    for (const auto& c : doc["columns"]) {
        out.result.columns.push_back({c.value("name", ""), c.value("type", "varchar")});
    }
    for (const auto& row : doc["rows"]) {
        query::athena::Row values;
        for (const auto& value : row) {
            if (value.is_string()) {
                values.emplace_back(value.get<std::string>());
            } else {
                values.emplace_back(std::nullopt);
            }
        }
        out.result.rows.push_back(std::move(values));
    }
    return out;
}

}  // namespace tripline::app
