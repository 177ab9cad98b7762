// CloudWatch alarm operations: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric,
// DeleteAlarms, SetAlarmState, Enable/DisableAlarmActions, DescribeAlarmHistory.
#include "api/services/cloudwatch/cloudwatch_ops.h"
#include "api/services/cloudwatch/cloudwatch_service.h"
#include "api/services/cloudwatch/cloudwatch_wire.h"

namespace tripline::api::services {

using namespace cloudwatch;

namespace {

// A MetricAlarm of DescribeAlarms: the configuration in AWS's member names plus the state.
nlohmann::json alarm_json(const metrics::StoredAlarm& a) {
    nlohmann::json out = metrics::put_metric_alarm_fields(a.alarm);
    out.erase("Tags");
    out["AlarmArn"] = a.arn;
    out["AlarmConfigurationUpdatedTimestamp"] = format_iso8601_millis(a.configuration_updated);
    out["StateValue"] = metrics::alarm_state_name(a.state);
    out["StateReason"] = a.reason;
    if (!a.reason_data.is_null()) {
        out["StateReasonData"] = a.reason_data.dump();
    }
    out["StateUpdatedTimestamp"] = format_iso8601_millis(a.state_updated);
    out["StateTransitionedTimestamp"] = format_iso8601_millis(a.state_updated);
    for (const char* list : {"OKActions", "AlarmActions", "InsufficientDataActions"}) {
        if (!out.contains(list)) {
            out[list] = nlohmann::json::array();
        }
    }
    if (!out.contains("Dimensions")) {
        out["Dimensions"] = nlohmann::json::array();
    }
    out["ActionsEnabled"] = a.alarm.actions_enabled;
    return out;
}

std::optional<int> max_records(const nlohmann::json& input) {
    auto it = input.find("MaxRecords");
    if (it == input.end() || !it->is_number_integer()) {
        return std::nullopt;
    }
    return it->get<int>();
}

// Pages a list with NextToken = the offset of the next item.
std::variant<std::pair<std::size_t, std::size_t>, ApiError> page_of(const nlohmann::json& input,
                                                                    std::size_t size) {
    std::size_t offset = 0;
    if (auto token = text_member(input, "NextToken")) {
        try {
            offset = std::stoul(*token);
        } catch (const std::exception&) {
            return ApiError{400, "InvalidNextToken", "The service couldn't process the token."};
        }
    }
    const int max = max_records(input).value_or(50);
    if (max < 1 || max > 100) {
        return invalid_value("The parameter MaxRecords must be between 1 and 100.");
    }
    offset = std::min(offset, size);
    return std::pair{offset, std::min(size, offset + static_cast<std::size_t>(max))};
}

}  // namespace

CloudWatchService::Outcome CloudWatchService::alarm_operation(const ApiCall& call,
                                                              const nlohmann::json& input) {
    const std::string& op = call.operation;
    const metrics::MetricScope scope = scope_of(call);
    if (op == "PutMetricAlarm") {
        auto put = alarms_.put_metric_alarm(scope, input);
        if (!put) {
            return to_api(put.error());
        }
        return nlohmann::json::object();
    }
    if (op == "DescribeAlarms") {
        metrics::AlarmQuery query;
        query.names = text_list(input, "AlarmNames");
        query.name_prefix = text_member(input, "AlarmNamePrefix").value_or("");
        query.action_prefix = text_member(input, "ActionPrefix").value_or("");
        if (auto state = text_member(input, "StateValue")) {
            query.state = metrics::parse_alarm_state(*state);
            if (!query.state) {
                return invalid_value("The value " + *state +
                                     " for parameter StateValue is invalid.");
            }
        }
        auto found = alarms_.describe_alarms(scope, query);
        if (!found) {
            return to_api(found.error());
        }
        auto page = page_of(input, found->size());
        if (auto* error = std::get_if<ApiError>(&page)) {
            return *error;
        }
        auto [first, end] = std::get<0>(page);
        nlohmann::json out = {{"MetricAlarms", nlohmann::json::array()},
                              {"CompositeAlarms", nlohmann::json::array()}};
        for (std::size_t i = first; i < end; ++i) {
            out["MetricAlarms"].push_back(alarm_json((*found)[i]));
        }
        if (end < found->size()) {
            out["NextToken"] = std::to_string(end);
        }
        return out;
    }
    if (op == "DescribeAlarmsForMetric") {
        auto ns = text_member(input, "Namespace");
        auto name = text_member(input, "MetricName");
        if (!ns || !name) {
            return missing(!ns ? "Namespace" : "MetricName");
        }
        std::optional<storage::MetricDimensions> dims;
        if (input.contains("Dimensions")) {
            dims = dimensions_of(input);
        }
        std::string statistic = text_member(input, "Statistic")
                                    .value_or(text_member(input, "ExtendedStatistic").value_or(""));
        std::optional<int> period;
        if (auto it = input.find("Period"); it != input.end() && it->is_number_integer()) {
            period = it->get<int>();
        }
        auto found = alarms_.describe_alarms_for_metric(scope, *ns, *name, dims, statistic, period);
        if (!found) {
            return to_api(found.error());
        }
        nlohmann::json out = {{"MetricAlarms", nlohmann::json::array()}};
        for (const auto& a : *found) {
            out["MetricAlarms"].push_back(alarm_json(a));
        }
        return out;
    }
    if (op == "DeleteAlarms" || op == "EnableAlarmActions" || op == "DisableAlarmActions") {
        std::vector<std::string> names = text_list(input, "AlarmNames");
        if (names.empty()) {
            return missing("AlarmNames");
        }
        auto done = op == "DeleteAlarms"
                        ? alarms_.delete_alarms(scope, names)
                        : alarms_.set_actions_enabled(scope, names, op == "EnableAlarmActions");
        if (!done) {
            return to_api(done.error());
        }
        return nlohmann::json::object();
    }
    if (op == "SetAlarmState") {
        auto name = text_member(input, "AlarmName");
        auto state = text_member(input, "StateValue");
        auto reason = text_member(input, "StateReason");
        if (!name || !state || !reason) {
            return missing(!name ? "AlarmName" : !state ? "StateValue" : "StateReason");
        }
        auto set = alarms_.set_alarm_state(
            scope, *name, *state, *reason, text_member(input, "StateReasonData"));
        if (!set) {
            return to_api(set.error());
        }
        return nlohmann::json::object();
    }
    // DescribeAlarmHistory
    std::optional<TimePoint> start;
    std::optional<TimePoint> end;
    if (auto it = input.find("StartDate"); it != input.end()) {
        start = parse_timestamp(*it);
    }
    if (auto it = input.find("EndDate"); it != input.end()) {
        end = parse_timestamp(*it);
    }
    const bool oldest_first = text_member(input, "ScanBy").value_or("") == "TimestampAscending";
    auto history =
        alarms_.describe_alarm_history(scope,
                                       text_member(input, "AlarmName").value_or(""),
                                       text_member(input, "HistoryItemType").value_or(""),
                                       start,
                                       end,
                                       oldest_first);
    if (!history) {
        return to_api(history.error());
    }
    auto page = page_of(input, history->size());
    if (auto* error = std::get_if<ApiError>(&page)) {
        return *error;
    }
    auto [first, last] = std::get<0>(page);
    nlohmann::json out = {{"AlarmHistoryItems", nlohmann::json::array()}};
    for (std::size_t i = first; i < last; ++i) {
        const auto& [name, h] = (*history)[i];
        out["AlarmHistoryItems"].push_back({{"AlarmName", name},
                                            {"AlarmType", "MetricAlarm"},
                                            {"Timestamp", format_iso8601_millis(h.timestamp)},
                                            {"HistoryItemType", h.type},
                                            {"HistorySummary", h.summary},
                                            {"HistoryData", h.data}});
    }
    if (last < history->size()) {
        out["NextToken"] = std::to_string(last);
    }
    return out;
}

}  // namespace tripline::api::services
