#include "metrics/alarm_messages.h"

#include <array>
#include <cctype>
#include <utility>

#include "metrics/alarm_format.h"

namespace tripline::metrics {

namespace {

using nlohmann::json;

std::string str(const std::string& s) { return json(s).dump(); }

std::string string_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += ",";
        }
        out += str(items[i]);
    }
    return out + "]";
}

std::string upper_statistic(const std::string& statistic) {
    if (statistic == "SampleCount") {
        return "SAMPLE_COUNT";
    }
    std::string out = statistic;
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// A Metrics list as the alarm message writes it: dimensions as {"value","name"}.
json message_metrics(const json& metrics) {
    json out = json::array();
    for (const json& m : metrics) {
        json copy = m;
        if (copy.contains("MetricStat") && copy["MetricStat"].contains("Metric") &&
            copy["MetricStat"]["Metric"].contains("Dimensions")) {
            json dims = json::array();
            for (const json& d : copy["MetricStat"]["Metric"]["Dimensions"]) {
                dims.push_back({{"value", d.value("Value", "")}, {"name", d.value("Name", "")}});
            }
            copy["MetricStat"]["Metric"]["Dimensions"] = dims;
        }
        out.push_back(std::move(copy));
    }
    return out;
}

std::string trigger(const MetricAlarm& a) {
    std::string out = "{";
    if (!a.metrics.is_array()) {
        out += "\"MetricName\":" + str(a.metric_name) + ",\"Namespace\":" + str(a.namespace_);
        if (!a.extended_statistic.empty()) {
            out += ",\"StatisticType\":\"ExtendedStatistic\",\"ExtendedStatistic\":" +
                   str(a.extended_statistic);
        } else {
            out += ",\"StatisticType\":\"Statistic\",\"Statistic\":" +
                   str(upper_statistic(a.statistic));
        }
        out += ",\"Unit\":" + (a.unit.empty() ? std::string("null") : str(a.unit));
        out += ",\"Dimensions\":[";
        for (std::size_t i = 0; i < a.dimensions.size(); ++i) {
            if (i > 0) {
                out += ",";
            }
            out += "{\"value\":" + str(a.dimensions[i].second) +
                   ",\"name\":" + str(a.dimensions[i].first) + "}";
        }
        out += "],";
    }
    out += "\"Period\":" + std::to_string(a.period);
    out += ",\"EvaluationPeriods\":" + std::to_string(a.evaluation_periods);
    if (a.datapoints_to_alarm) {
        out += ",\"DatapointsToAlarm\":" + std::to_string(*a.datapoints_to_alarm);
    }
    out += ",\"ComparisonOperator\":" + str(a.comparison_operator);
    if (!a.threshold_metric_id.empty()) {
        out += ",\"ThresholdMetricId\":" + str(a.threshold_metric_id);
    } else {
        out += ",\"Threshold\":" + java_double(a.threshold);
    }
    out += ",\"TreatMissingData\":" + str(a.treat_missing_data);
    out += ",\"EvaluateLowSampleCountPercentile\":" + str(a.evaluate_low_sample_count_percentile);
    if (a.metrics.is_array()) {
        out += ",\"Metrics\":" + message_metrics(a.metrics).dump();
    }
    return out + "}";
}

std::string pad(const std::string& label, std::size_t width) {
    std::string out = label;
    if (out.size() < width) {
        out.resize(width, ' ');
    }
    return out;
}

std::string list_or_empty(const std::vector<std::string>& actions) {
    if (actions.empty()) {
        return "";
    }
    std::string out = "[";
    for (std::size_t i = 0; i < actions.size(); ++i) {
        out += (i > 0 ? ", " : "") + actions[i];
    }
    return out + "]";
}

json state_json(AlarmState state, const std::string& reason, const json& data, TimePoint when) {
    json out = {{"value", alarm_state_name(state)},
                {"reason", reason},
                {"timestamp", cloudwatch_timestamp(when)}};
    if (!data.is_null()) {
        out["reasonData"] = data.is_string() ? data : json(data.dump());
    }
    return out;
}

// MetricDataQuery (AWS names) -> the event's camelCase form.
json event_metric(const json& m) {
    json out = json::object();
    out["id"] = m.value("Id", "");
    if (m.contains("Expression")) {
        out["expression"] = m["Expression"];
    }
    if (m.contains("Label")) {
        out["label"] = m["Label"];
    }
    if (m.contains("MetricStat")) {
        const json& s = m["MetricStat"];
        json metric = json::object();
        json dims = json::object();
        if (s.contains("Metric")) {
            for (const json& d : s["Metric"].value("Dimensions", json::array())) {
                dims[d.value("Name", "")] = d.value("Value", "");
            }
            metric["namespace"] = s["Metric"].value("Namespace", "");
            metric["name"] = s["Metric"].value("MetricName", "");
        }
        metric["dimensions"] = dims;
        out["metricStat"] = {
            {"metric", metric}, {"period", s.value("Period", 60)}, {"stat", s.value("Stat", "")}};
        if (s.contains("Unit")) {
            out["metricStat"]["unit"] = s["Unit"];
        }
    }
    out["returnData"] = m.value("ReturnData", true);
    return out;
}

}  // namespace

std::string region_long_name(std::string_view region) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kNames = {{
        {"us-east-1", "US East (N. Virginia)"},
        {"us-east-2", "US East (Ohio)"},
        {"us-west-1", "US West (N. California)"},
        {"us-west-2", "US West (Oregon)"},
        {"eu-west-1", "EU (Ireland)"},
        {"eu-west-2", "EU (London)"},
        {"eu-west-3", "EU (Paris)"},
        {"eu-central-1", "EU (Frankfurt)"},
        {"eu-north-1", "EU (Stockholm)"},
        {"ap-southeast-1", "Asia Pacific (Singapore)"},
        {"ap-southeast-2", "Asia Pacific (Sydney)"},
        {"ap-northeast-1", "Asia Pacific (Tokyo)"},
        {"ap-south-1", "Asia Pacific (Mumbai)"},
        {"ca-central-1", "Canada (Central)"},
        {"sa-east-1", "South America (Sao Paulo)"},
    }};
    for (const auto& [code, name] : kNames) {
        if (code == region) {
            return std::string(name);
        }
    }
    return std::string(region);
}

std::string alarm_sns_subject(const AlarmTransition& t) {
    return std::string(alarm_state_name(t.new_state)) + ": \"" + t.alarm.name + "\" in " +
           region_long_name(t.region);
}

std::string alarm_sns_message(const AlarmTransition& t) {
    const MetricAlarm& a = t.alarm;
    std::string out = "{\"AlarmName\":" + str(a.name);
    out += ",\"AlarmDescription\":" + (a.has_description ? str(a.description) : "null");
    out += ",\"AWSAccountId\":" + str(t.account_id);
    out += ",\"AlarmConfigurationUpdatedTimestamp\":" +
           str(cloudwatch_timestamp(t.configuration_updated));
    out += ",\"NewStateValue\":" + str(alarm_state_name(t.new_state));
    out += ",\"NewStateReason\":" + str(t.reason);
    out += ",\"StateChangeTime\":" + str(cloudwatch_timestamp(t.change_time));
    out += ",\"Region\":" + str(region_long_name(t.region));
    out += ",\"AlarmArn\":" + str(t.alarm_arn);
    out += ",\"OldStateValue\":" + str(alarm_state_name(t.old_state));
    out += ",\"OKActions\":" + string_array(a.ok_actions);
    out += ",\"AlarmActions\":" + string_array(a.alarm_actions);
    out += ",\"InsufficientDataActions\":" + string_array(a.insufficient_data_actions);
    out += ",\"Trigger\":" + trigger(a);
    return out + "}";
}

std::string alarm_email_body(const AlarmTransition& t) {
    const MetricAlarm& a = t.alarm;
    const std::string when = email_timestamp(t.change_time);
    const std::string state = alarm_state_name(t.new_state);
    std::string out = "You are receiving this email because your Amazon CloudWatch Alarm \"" +
                      a.name + "\" in the " + region_long_name(t.region) +
                      " region has entered the " + state + " state, because \"" + t.reason +
                      "\" at \"" + when + "\".\n\n";
    out += "View this alarm in the AWS Management Console:\n";
    out += "https://" + t.region +
           ".console.aws.amazon.com/cloudwatch/deeplink.js?region=" + t.region +
           "#alarmsV2:alarm/" + a.name + "\n\n";
    out += "Alarm Details:\n";
    auto detail = [&](const std::string& label, const std::string& value) {
        out += pad("- " + label + ":", 30) + value + "\n";
    };
    detail("Name", a.name);
    detail("Description", a.description);
    detail("State Change", std::string(alarm_state_name(t.old_state)) + " -> " + state);
    detail("Reason for State Change", t.reason);
    detail("Timestamp", when);
    detail("AWS Account", t.account_id);
    detail("Alarm Arn", t.alarm_arn);
    out += "\nThreshold:\n";
    std::string threshold =
        a.threshold_metric_id.empty() ? java_double(a.threshold) : a.threshold_metric_id;
    std::string span;
    const int m = a.datapoints_required();
    if (a.datapoints_to_alarm && m != a.evaluation_periods) {
        span = "for at least " + std::to_string(m) + " of the last " +
               std::to_string(a.evaluation_periods) + " period(s) of " + std::to_string(a.period) +
               " seconds";
    } else {
        span = "for " + std::to_string(static_cast<long long>(a.period) * a.evaluation_periods) +
               " seconds";
    }
    out += "- The alarm is in the ALARM state when the metric is " + a.comparison_operator + " " +
           threshold + " " + span + ". \n\n";
    out += "Monitored Metric:\n";
    auto metric = [&](const std::string& label, const std::string& value) {
        out += pad("- " + label + ":", 39) + value + "\n";
    };
    std::string dims;
    if (!a.dimensions.empty()) {
        dims = "[";
        for (std::size_t i = 0; i < a.dimensions.size(); ++i) {
            dims += (i > 0 ? ", " : "") + a.dimensions[i].first + " = " + a.dimensions[i].second;
        }
        dims += "]";
    }
    metric("MetricNamespace", a.namespace_);
    metric("MetricName", a.metric_name);
    metric("Dimensions", dims);
    metric("Period", std::to_string(a.period) + " seconds");
    metric("Statistic", a.extended_statistic.empty() ? a.statistic : a.extended_statistic);
    metric("Unit", a.unit.empty() ? "not specified" : a.unit);
    metric("TreatMissingData", a.treat_missing_data);
    out += "\n\nState Change Actions:\n";
    out += "- OK: " + list_or_empty(a.ok_actions) + "\n";
    out += "- ALARM: " + list_or_empty(a.alarm_actions) + "\n";
    out += "- INSUFFICIENT_DATA: " + list_or_empty(a.insufficient_data_actions) + "\n";
    return out;
}

json alarm_state_change_detail(const AlarmTransition& t) {
    const MetricAlarm& a = t.alarm;
    json configuration = json::object();
    if (a.has_description) {
        configuration["description"] = a.description;
    }
    json metrics = json::array();
    if (a.metrics.is_array()) {
        for (const json& m : a.metrics) {
            metrics.push_back(event_metric(m));
        }
    } else {
        json dims = json::object();
        for (const auto& [name, value] : a.dimensions) {
            dims[name] = value;
        }
        json stat = {{"metric",
                      {{"namespace", a.namespace_}, {"name", a.metric_name}, {"dimensions", dims}}},
                     {"period", a.period},
                     {"stat", a.extended_statistic.empty() ? a.statistic : a.extended_statistic}};
        if (!a.unit.empty()) {
            stat["unit"] = a.unit;
        }
        // AWS writes a generated UUID here; the alarm ARN's hash would do, but a fixed id keeps
        // the event deterministic.
        metrics.push_back({{"id", "m1"}, {"metricStat", stat}, {"returnData", true}});
    }
    configuration["metrics"] = metrics;
    return {{"alarmName", a.name},
            {"state", state_json(t.new_state, t.reason, t.reason_data, t.change_time)},
            {"previousState",
             state_json(t.old_state, t.old_reason, t.old_reason_data, t.old_state_time)},
            {"configuration", configuration}};
}

json alarm_state_change_event(const AlarmTransition& t) {
    return {{"version", "0"},
            {"detail-type", "CloudWatch Alarm State Change"},
            {"source", "aws.cloudwatch"},
            {"account", t.account_id},
            {"time", cloudwatch_timestamp(t.change_time).substr(0, 19) + "Z"},
            {"region", t.region},
            {"resources", json::array({t.alarm_arn})},
            {"detail", alarm_state_change_detail(t)}};
}

}  // namespace tripline::metrics
