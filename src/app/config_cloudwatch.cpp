// Reader of `cloudwatch:` (docs/cloudwatch.md): how often alarms are evaluated and trail records
// reach their log groups, log groups with their metric filters (CloudFormation's
// AWS::Logs::MetricFilter names), and alarms (PutMetricAlarm's names). Values are checked here
// for shape; the services check them again when steps/apply_cloudwatch_config.cpp applies them,
// and their errors name the declaration's line.
#include <nlohmann/json.hpp>
#include <set>

#include "app/config_resources.h"

namespace tripline::app {

namespace {

const std::set<std::string, std::less<>> kFilterKeys = {
    "FilterName", "FilterPattern", "MetricTransformations"};
const std::set<std::string, std::less<>> kAlarmKeys = {"AlarmName",
                                                       "AlarmDescription",
                                                       "ActionsEnabled",
                                                       "OKActions",
                                                       "AlarmActions",
                                                       "InsufficientDataActions",
                                                       "MetricName",
                                                       "Namespace",
                                                       "Statistic",
                                                       "ExtendedStatistic",
                                                       "Dimensions",
                                                       "Period",
                                                       "Unit",
                                                       "EvaluationPeriods",
                                                       "DatapointsToAlarm",
                                                       "Threshold",
                                                       "ComparisonOperator",
                                                       "TreatMissingData",
                                                       "EvaluateLowSampleCountPercentile",
                                                       "Tags"};

std::string known(const std::set<std::string, std::less<>>& keys) {
    std::string out;
    for (const auto& k : keys) {
        out += (out.empty() ? "" : ", ") + k;
    }
    return out;
}

void read_log_group(ConfigReader& r, const YAML::Node& node, LogGroupConfig& group) {
    group.where = r.where(node);
    if (!node.IsMap()) {
        r.error(node, "a log group must be a mapping (name, retention_days, metric_filters)");
        return;
    }
    nlohmann::json filters = nlohmann::json::array();
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& value = kv.second;
        if (key == "name") {
            r.string(value, "log group name", group.name);
        } else if (key == "account") {
            r.string(value, "log group account", group.account);
        } else if (key == "region") {
            r.string(value, "log group region", group.region);
        } else if (key == "retention_days") {
            std::size_t days = 0;
            r.size(value, "log group retention_days", days);
            group.retention_days = static_cast<int>(days);
        } else if (key == "metric_filters") {
            if (!value.IsSequence()) {
                r.error(value, "metric_filters must be a list");
                continue;
            }
            for (const auto& item : value) {
                if (!item.IsMap() || !item["FilterName"] || !item["MetricTransformations"]) {
                    r.error(item,
                            "a metric filter needs FilterName, FilterPattern and "
                            "MetricTransformations");
                    continue;
                }
                for (const auto& member : item) {
                    if (!kFilterKeys.contains(member.first.Scalar())) {
                        r.error(member.first,
                                "unknown metric filter key '" + member.first.Scalar() +
                                    "' (expected " + known(kFilterKeys) + ")");
                    }
                }
                auto parsed = nlohmann::json::parse(yaml_to_json(item), nullptr, false);
                if (parsed.is_discarded()) {
                    r.error(item, "metric filter is not a valid value");
                    continue;
                }
                // Where to point an error found when the filter is applied.
                parsed["__line"] = r.where(item).begin.line;
                filters.push_back(std::move(parsed));
            }
        } else {
            r.error(kv.first,
                    "unknown log group key '" + key +
                        "' (expected name, account, region, retention_days, metric_filters)");
        }
    }
    if (group.name.empty()) {
        r.error(node, "a log group needs a name");
    }
    group.metric_filters = filters.dump();
}

void read_alarm(ConfigReader& r, const YAML::Node& node, AlarmConfig& alarm) {
    alarm.where = r.where(node);
    if (!node.IsMap() || !node["AlarmName"]) {
        r.error(node, "an alarm must be a mapping with AlarmName, MetricName, Namespace, ...");
        return;
    }
    nlohmann::json document = nlohmann::json::object();
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& value = kv.second;
        if (key == "account") {
            r.string(value, "alarm account", alarm.account);
        } else if (key == "region") {
            r.string(value, "alarm region", alarm.region);
        } else if (kAlarmKeys.contains(key)) {
            auto parsed = nlohmann::json::parse(yaml_to_json(value), nullptr, false);
            if (parsed.is_discarded()) {
                r.error(value, "alarm " + key + " is not a valid value");
                continue;
            }
            document[key] = std::move(parsed);
        } else {
            r.error(kv.first,
                    "unknown alarm key '" + key + "' (expected account, region, " +
                        known(kAlarmKeys) + ")");
        }
    }
    alarm.document = document.dump();
}

}  // namespace

void read_cloudwatch(ConfigReader& r, const YAML::Node& node, CloudWatchConfig& cloudwatch) {
    cloudwatch.where = r.where(node);
    r.mapping(
        node,
        "cloudwatch",
        {{"alarm_evaluation_seconds",
          [&](const YAML::Node& v) {
              r.size(v, "cloudwatch.alarm_evaluation_seconds", cloudwatch.alarm_evaluation_seconds);
          }},
         {"trail_delivery_seconds",
          [&](const YAML::Node& v) {
              r.size(v, "cloudwatch.trail_delivery_seconds", cloudwatch.trail_delivery_seconds);
          }},
         {"ingested_log_group",
          [&](const YAML::Node& v) {
              r.string(v, "cloudwatch.ingested_log_group", cloudwatch.ingested_log_group);
          }},
         {"log_groups",
          [&](const YAML::Node& v) {
              r.sequence(v, "cloudwatch.log_groups", [&](const YAML::Node& item) {
                  read_log_group(r, item, cloudwatch.log_groups.emplace_back());
              });
          }},
         {"alarms", [&](const YAML::Node& v) {
              r.sequence(v, "cloudwatch.alarms", [&](const YAML::Node& item) {
                  read_alarm(r, item, cloudwatch.alarms.emplace_back());
              });
          }}});
}

void read_athena(ConfigReader& r, const YAML::Node& node, AthenaConfig& athena) {
    athena.where = r.where(node);
    r.mapping(
        node,
        "athena",
        {{"workers",
          [&](const YAML::Node& v) {
              r.size(v, "athena.workers", athena.workers);
              if (athena.workers == 0 || athena.workers > 64) {
                  r.error(v, "athena.workers must be between 1 and 64");
              }
          }},
         {"query_timeout_seconds",
          [&](const YAML::Node& v) {
              r.size(v, "athena.query_timeout_seconds", athena.query_timeout_seconds);
              if (athena.query_timeout_seconds == 0) {
                  r.error(v, "athena.query_timeout_seconds must be at least 1");
              }
          }},
         {"max_result_rows",
          [&](const YAML::Node& v) {
              r.size(v, "athena.max_result_rows", athena.max_result_rows);
          }},
         {"output_location", [&](const YAML::Node& v) {
              r.string(v, "athena.output_location", athena.output_location);
              if (!athena.output_location.empty() && !athena.output_location.starts_with("s3://")) {
                  r.error(v, "athena.output_location must be an s3://bucket/prefix/ URL");
              }
          }}});
}

}  // namespace tripline::app
