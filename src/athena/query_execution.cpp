#include "athena/query_execution.h"

#include <chrono>

namespace tripline::athena {

namespace {

std::int64_t millis(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_millis(std::int64_t ms) { return TimePoint{std::chrono::milliseconds(ms)}; }

// Athena's timestamps: epoch seconds with a fraction.
double epoch_seconds(TimePoint t) { return static_cast<double>(millis(t)) / 1000.0; }

std::string text(const nlohmann::json& doc, const char* name) {
    auto it = doc.find(name);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t number(const nlohmann::json& doc, const char* name) {
    auto it = doc.find(name);
    return it != doc.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

}  // namespace

nlohmann::json QueryExecution::to_document() const {
    return {{"query", query},
            {"database", database},
            {"catalog", catalog},
            {"workgroup", workgroup},
            {"output_location", output_location},
            {"client_token", client_token},
            {"state", state},
            {"state_change_reason", state_change_reason},
            {"statement_type", statement_type},
            {"substatement_type", substatement_type},
            {"error_category", error_category},
            {"error_type", error_type},
            {"error_message", error_message},
            {"submitted_ms", millis(submitted)},
            {"started_ms", millis(started)},
            {"completed_ms", millis(completed)},
            {"engine_ms", engine_ms},
            {"data_scanned", data_scanned},
            {"result_rows", result_rows}};
}

QueryExecution QueryExecution::from_document(const std::string& id, const nlohmann::json& doc) {
    QueryExecution q;
    q.id = id;
    q.query = text(doc, "query");
    q.database = text(doc, "database");
    q.catalog = text(doc, "catalog");
    q.workgroup = text(doc, "workgroup");
    q.output_location = text(doc, "output_location");
    q.client_token = text(doc, "client_token");
    q.state = text(doc, "state");
    q.state_change_reason = text(doc, "state_change_reason");
    q.statement_type = text(doc, "statement_type");
    q.substatement_type = text(doc, "substatement_type");
    q.error_category = static_cast<int>(number(doc, "error_category"));
    q.error_type = static_cast<int>(number(doc, "error_type"));
    q.error_message = text(doc, "error_message");
    q.submitted = from_millis(number(doc, "submitted_ms"));
    q.started = from_millis(number(doc, "started_ms"));
    q.completed = from_millis(number(doc, "completed_ms"));
    q.engine_ms = number(doc, "engine_ms");
    q.data_scanned = static_cast<std::uint64_t>(number(doc, "data_scanned"));
    q.result_rows = static_cast<std::uint64_t>(number(doc, "result_rows"));
    return q;
}

nlohmann::json QueryExecution::to_api() const {
    nlohmann::json status = {{"State", state}, {"SubmissionDateTime", epoch_seconds(submitted)}};
    if (finished()) {
        status["CompletionDateTime"] = epoch_seconds(completed);
    }
    if (!state_change_reason.empty()) {
        status["StateChangeReason"] = state_change_reason;
    }
    if (state == kFailed) {
        status["AthenaError"] = {{"ErrorCategory", error_category},
                                 {"ErrorType", error_type},
                                 {"Retryable", error_category == 1},
                                 {"ErrorMessage", error_message}};
    }
    nlohmann::json out = {
        {"QueryExecutionId", id},
        {"Query", query},
        {"ResultConfiguration", {{"OutputLocation", output_location}}},
        {"ResultReuseConfiguration", {{"ResultReuseByAgeConfiguration", {{"Enabled", false}}}}},
        {"QueryExecutionContext", {{"Database", database}, {"Catalog", catalog}}},
        {"Status", status},
        {"WorkGroup", workgroup},
        {"EngineVersion",
         {{"SelectedEngineVersion", "AUTO"},
          {"EffectiveEngineVersion", "Athena engine version 3"}}},
        {"SubstatementType", substatement_type.empty() ? "SELECT" : substatement_type}};
    out["StatementType"] = statement_type.empty() ? "DML" : statement_type;
    const std::int64_t queue_ms =
        state == kQueued ? 0 : std::max<std::int64_t>(0, millis(started) - millis(submitted));
    nlohmann::json statistics = {{"EngineExecutionTimeInMillis", engine_ms},
                                 {"DataScannedInBytes", data_scanned},
                                 {"QueryQueueTimeInMillis", queue_ms},
                                 {"ResultReuseInformation", {{"ReusedPreviousResult", false}}}};
    if (finished()) {
        statistics["TotalExecutionTimeInMillis"] =
            std::max<std::int64_t>(0, millis(completed) - millis(submitted));
        statistics["ServicePreProcessingTimeInMillis"] = 0;
        statistics["QueryPlanningTimeInMillis"] = 0;
        statistics["ServiceProcessingTimeInMillis"] =
            std::max<std::int64_t>(0, millis(completed) - millis(started) - engine_ms);
    }
    out["Statistics"] = statistics;
    return out;
}

nlohmann::json NamedQuery::to_api() const {
    nlohmann::json out = {{"Name", name},
                          {"Database", database},
                          {"QueryString", query},
                          {"NamedQueryId", id},
                          {"WorkGroup", workgroup}};
    if (!description.empty()) {
        out["Description"] = description;
    }
    return out;
}

NamedQuery NamedQuery::from_api(const nlohmann::json& doc) {
    NamedQuery q;
    q.id = text(doc, "NamedQueryId");
    q.name = text(doc, "Name");
    q.description = text(doc, "Description");
    q.database = text(doc, "Database");
    q.query = text(doc, "QueryString");
    q.workgroup = text(doc, "WorkGroup");
    return q;
}

nlohmann::json WorkGroup::to_api() const {
    nlohmann::json result_configuration = nlohmann::json::object();
    if (!output_location.empty()) {
        result_configuration["OutputLocation"] = output_location;
    }
    nlohmann::json out = {{"Name", name},
                          {"State", state},
                          {"Configuration",
                           {{"ResultConfiguration", result_configuration},
                            {"EnforceWorkGroupConfiguration", false},
                            {"PublishCloudWatchMetricsEnabled", false},
                            {"RequesterPaysEnabled", false},
                            {"EngineVersion",
                             {{"SelectedEngineVersion", "AUTO"},
                              {"EffectiveEngineVersion", "Athena engine version 3"}}},
                            {"EnableMinimumEncryptionConfiguration", false}}},
                          {"CreationTime", epoch_seconds(created)}};
    if (!description.empty()) {
        out["Description"] = description;
    }
    return out;
}

nlohmann::json WorkGroup::to_document() const {
    return {{"description", description},
            {"state", state},
            {"output_location", output_location},
            {"created_ms", millis(created)}};
}

WorkGroup WorkGroup::from_document(const std::string& name, const nlohmann::json& doc) {
    WorkGroup w;
    w.name = name;
    w.description = text(doc, "description");
    w.state = text(doc, "state");
    w.output_location = text(doc, "output_location");
    w.created = from_millis(number(doc, "created_ms"));
    return w;
}

}  // namespace tripline::athena
