#include "api/services/cloudwatch/cloudwatch_service.h"

#include "api/services/cloudwatch/cloudwatch_ops.h"
#include "api/services/cloudwatch/cloudwatch_wire.h"

namespace tripline::api::services {

namespace cloudwatch {

ApiError to_api(const CodedError& error) {
    if (error.status >= 500) {
        return ApiError{500, "InternalServiceError", error.message, false};
    }
    const int status = error.code == "ResourceNotFound" ? 404 : 400;
    return ApiError{status, error.code, error.message};
}

metrics::MetricScope scope_of(const ApiCall& call) {
    return metrics::MetricScope{call.principal.account_id, call.region};
}

std::optional<std::string> text_member(const nlohmann::json& input, const char* name) {
    auto it = input.find(name);
    if (it == input.end() || !it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::vector<std::string> text_list(const nlohmann::json& input, const char* name) {
    std::vector<std::string> out;
    auto it = input.find(name);
    if (it == input.end() || !it->is_array()) {
        return out;
    }
    for (const auto& v : *it) {
        if (v.is_string()) {
            out.push_back(v.get<std::string>());
        }
    }
    return out;
}

storage::MetricDimensions dimensions_of(const nlohmann::json& input) {
    storage::MetricDimensions out;
    auto it = input.find("Dimensions");
    if (it == input.end() || !it->is_array()) {
        return out;
    }
    for (const auto& d : *it) {
        if (d.is_object() && d.contains("Name") && d["Name"].is_string()) {
            out.emplace_back(d["Name"].get<std::string>(),
                             d.contains("Value") && d["Value"].is_string()
                                 ? d["Value"].get<std::string>()
                                 : std::string());
        }
    }
    return out;
}

nlohmann::json dimensions_json(const storage::MetricDimensions& dimensions) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, value] : dimensions) {
        out.push_back({{"Name", name}, {"Value", value}});
    }
    return out;
}

ApiError missing(const std::string& member) {
    return ApiError{400, "MissingParameter", "The parameter " + member + " is required."};
}

ApiError invalid_value(const std::string& message) {
    return ApiError{400, "InvalidParameterValue", message};
}

}  // namespace cloudwatch

ServiceReply CloudWatchService::handle(ApiCall& call) {
    using namespace cloudwatch;
    const nlohmann::json input =
        call.protocol == Protocol::kQuery ? query_form_to_input(call.form) : call.input;
    const std::string& op = call.operation;
    Outcome outcome;
    if (op == "PutMetricData" || op == "GetMetricStatistics" || op == "GetMetricData" ||
        op == "ListMetrics") {
        outcome = metric_operation(call, input);
    } else if (op == "PutMetricAlarm" || op == "DescribeAlarms" ||
               op == "DescribeAlarmsForMetric" || op == "DeleteAlarms" || op == "SetAlarmState" ||
               op == "EnableAlarmActions" || op == "DisableAlarmActions" ||
               op == "DescribeAlarmHistory") {
        outcome = alarm_operation(call, input);
    } else {
        return ApiError{
            400, "InvalidAction", "The action " + op + " is not valid for this web service."};
    }
    if (auto* error = std::get_if<ApiError>(&outcome)) {
        return *error;
    }
    const nlohmann::json& output = std::get<nlohmann::json>(outcome);
    if (call.protocol == Protocol::kQuery) {
        return query_reply(call, xml_namespace(), output_to_result_xml(output), !output.empty());
    }
    return json_reply(call, output);
}

}  // namespace tripline::api::services
