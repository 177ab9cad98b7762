// CloudWatch metric operations: PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics.
#include <algorithm>
#include <cmath>

#include "api/services/cloudwatch/cloudwatch_ops.h"
#include "api/services/cloudwatch/cloudwatch_service.h"
#include "api/services/cloudwatch/cloudwatch_wire.h"
#include "metrics/metric_statistics.h"

namespace tripline::api::services {

using namespace cloudwatch;

namespace {

std::optional<double> number_member(const nlohmann::json& input, const char* name) {
    auto it = input.find(name);
    if (it == input.end() || !it->is_number()) {
        return std::nullopt;
    }
    return it->get<double>();
}

std::vector<double> number_list(const nlohmann::json& input, const char* name) {
    std::vector<double> out;
    auto it = input.find(name);
    if (it != input.end() && it->is_array()) {
        for (const auto& v : *it) {
            if (v.is_number()) {
                out.push_back(v.get<double>());
            }
        }
    }
    return out;
}

std::variant<metrics::MetricDatum, ApiError> datum_of(const nlohmann::json& d, std::size_t index) {
    const std::string where = "MetricData.member." + std::to_string(index);
    metrics::MetricDatum datum;
    if (!d.is_object()) {
        return missing(where);
    }
    datum.metric_name = text_member(d, "MetricName").value_or("");
    datum.dimensions = dimensions_of(d);
    if (d.contains("Timestamp")) {
        datum.timestamp = parse_timestamp(d["Timestamp"]);
        if (!datum.timestamp) {
            return invalid_value("The parameter " + where + ".Timestamp is not a valid time.");
        }
    }
    if (d.contains("Value")) {
        datum.value = number_member(d, "Value");
        if (!datum.value) {
            return invalid_value("The value for parameter " + where + ".Value is not a number.");
        }
    }
    if (auto it = d.find("StatisticValues"); it != d.end() && it->is_object()) {
        datum.sample_count = number_member(*it, "SampleCount");
        datum.sum = number_member(*it, "Sum");
        datum.minimum = number_member(*it, "Minimum");
        datum.maximum = number_member(*it, "Maximum");
    }
    datum.values = number_list(d, "Values");
    datum.counts = number_list(d, "Counts");
    datum.unit = text_member(d, "Unit").value_or("");
    return datum;
}

std::optional<TimePoint> time_member(const nlohmann::json& input, const char* name) {
    auto it = input.find(name);
    return it == input.end() ? std::nullopt : parse_timestamp(*it);
}

}  // namespace

CloudWatchService::Outcome CloudWatchService::metric_operation(const ApiCall& call,
                                                               const nlohmann::json& input) {
    const std::string& op = call.operation;
    const metrics::MetricScope scope = scope_of(call);
    if (op == "PutMetricData") {
        auto ns = text_member(input, "Namespace");
        if (!ns) {
            return missing("Namespace");
        }
        std::vector<metrics::MetricDatum> data;
        auto list = input.find("MetricData");
        if (list == input.end() || !list->is_array()) {
            return missing("MetricData");
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto datum = datum_of((*list)[i], i + 1);
            if (auto* error = std::get_if<ApiError>(&datum)) {
                return *error;
            }
            data.push_back(std::get<metrics::MetricDatum>(std::move(datum)));
        }
        auto put = metrics_.put_metric_data(scope, *ns, data);
        if (!put) {
            return to_api(put.error());
        }
        return nlohmann::json::object();
    }
    if (op == "GetMetricStatistics") {
        metrics::StatisticsRequest r;
        auto ns = text_member(input, "Namespace");
        auto name = text_member(input, "MetricName");
        auto start = time_member(input, "StartTime");
        auto end = time_member(input, "EndTime");
        auto period = number_member(input, "Period");
        if (!ns || !name || !start || !end || !period) {
            return missing(!ns      ? "Namespace"
                           : !name  ? "MetricName"
                           : !start ? "StartTime"
                           : !end   ? "EndTime"
                                    : "Period");
        }
        r.namespace_ = *ns;
        r.metric_name = *name;
        r.dimensions = dimensions_of(input);
        r.start = *start;
        r.end = *end;
        r.period = static_cast<int>(*period);
        r.statistics = text_list(input, "Statistics");
        r.extended_statistics = text_list(input, "ExtendedStatistics");
        if (auto unit = text_member(input, "Unit")) {
            r.unit = *unit;
        }
        auto points = metrics_.get_metric_statistics(scope, r);
        if (!points) {
            return to_api(points.error());
        }
        nlohmann::json out = {{"Label", *name}, {"Datapoints", nlohmann::json::array()}};
        for (const auto& p : *points) {
            nlohmann::json j = {{"Timestamp", format_iso8601(p.timestamp)}, {"Unit", p.unit}};
            for (const auto& [stat, value] : p.statistics) {
                j[stat] = value;
            }
            if (!p.extended.empty()) {
                j["ExtendedStatistics"] = p.extended;
            }
            out["Datapoints"].push_back(std::move(j));
        }
        return out;
    }
    if (op == "GetMetricData") {
        auto start = time_member(input, "StartTime");
        auto end = time_member(input, "EndTime");
        if (!start || !end) {
            return missing(!start ? "StartTime" : "EndTime");
        }
        const bool ascending = text_member(input, "ScanBy").value_or("") == "TimestampAscending";
        auto queries = input.find("MetricDataQueries");
        if (queries == input.end() || !queries->is_array() || queries->empty()) {
            return missing("MetricDataQueries");
        }
        if (queries->size() > 500) {
            return invalid_value(
                "The collection MetricDataQueries must not have more than 500 "
                "members.");
        }
        const auto to_s = [](TimePoint t) {
            return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
        };
        nlohmann::json out = {{"MetricDataResults", nlohmann::json::array()},
                              {"Messages", nlohmann::json::array()}};
        for (const auto& q : *queries) {
            auto id = text_member(q, "Id");
            if (!id) {
                return missing("MetricDataQueries.member.Id");
            }
            if (q.contains("Expression")) {
                return invalid_value(
                    "Metric math expressions are not supported by Tripline (query " + *id +
                    "); use MetricStat.");
            }
            auto stat_it = q.find("MetricStat");
            if (stat_it == q.end() || !stat_it->is_object()) {
                return missing("MetricDataQueries.member.MetricStat");
            }
            const nlohmann::json& stat = *stat_it;
            const nlohmann::json metric = stat.value("Metric", nlohmann::json::object());
            auto ns = text_member(metric, "Namespace");
            auto name = text_member(metric, "MetricName");
            auto period = number_member(stat, "Period");
            auto statistic = text_member(stat, "Stat");
            if (!ns || !name || !period || !statistic) {
                return missing("MetricDataQueries.member.MetricStat");
            }
            if (!metrics::is_basic_statistic(*statistic) && !metrics::percentile_of(*statistic)) {
                return invalid_value("The value " + *statistic + " for Stat is not supported.");
            }
            storage::MetricKey key{
                scope.account_id, scope.region, *ns, *name, dimensions_of(metric)};
            auto series = metrics_.series(
                key, static_cast<int>(*period), *statistic, to_s(*start), to_s(*end));
            if (!series) {
                return to_api(series.error());
            }
            if (!q.value("ReturnData", true)) {
                continue;
            }
            nlohmann::json result = {{"Id", *id},
                                     {"Label", text_member(q, "Label").value_or(*name)},
                                     {"Timestamps", nlohmann::json::array()},
                                     {"Values", nlohmann::json::array()},
                                     {"StatusCode", "Complete"}};
            if (!ascending) {
                std::reverse(series->begin(), series->end());
            }
            for (const auto& v : *series) {
                if (v.value) {
                    result["Timestamps"].push_back(
                        format_iso8601(TimePoint(std::chrono::seconds(v.start_s))));
                    result["Values"].push_back(*v.value);
                }
            }
            out["MetricDataResults"].push_back(std::move(result));
        }
        return out;
    }
    // ListMetrics
    std::vector<std::pair<std::string, std::optional<std::string>>> filters;
    if (auto dims = input.find("Dimensions"); dims != input.end() && dims->is_array()) {
        for (const auto& d : *dims) {
            if (auto name = text_member(d, "Name")) {
                filters.emplace_back(*name, text_member(d, "Value"));
            }
        }
    }
    auto listed = metrics_.list_metrics(scope,
                                        text_member(input, "Namespace"),
                                        text_member(input, "MetricName"),
                                        filters,
                                        text_member(input, "RecentlyActive").has_value());
    if (!listed) {
        return to_api(listed.error());
    }
    nlohmann::json out = {{"Metrics", nlohmann::json::array()}};
    for (const auto& m : *listed) {
        out["Metrics"].push_back({{"Namespace", m.namespace_},
                                  {"MetricName", m.metric_name},
                                  {"Dimensions", dimensions_json(m.dimensions)}});
    }
    return out;
}

}  // namespace tripline::api::services
