// Creates or updates the log groups, metric filters and alarms `cloudwatch:` declares (upserts by
// name; nothing undeclared is deleted). Errors stop start-up and name the declaration's line.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "app/steps/steps.h"
#include "logs/log_service.h"
#include "metrics/alarm_service.h"
#include "notify/topic_arns.h"

namespace tripline::app::steps {

namespace {

Error at(const TextSpan& where, const std::string& what, const CodedError& error) {
    return make_error(
        Errc::kInvalidArgument, what + ": " + error.code + ": " + error.message, where);
}

std::string default_account(const Config& config) {
    return config.accounts.empty() ? std::string(kDefaultAccountId) : config.accounts.front().id;
}

// MetricValue and dimension values may be written as YAML numbers; the API takes text.
std::string as_text(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

Result<logs::MetricTransformation> transformation_of(const nlohmann::json& filter,
                                                     const std::string& what) {
    const nlohmann::json& list = filter.at("MetricTransformations");
    if (!list.is_array() || list.size() != 1 || !list[0].is_object()) {
        return make_error(Errc::kInvalidArgument,
                          what + ": MetricTransformations must be a list of exactly one");
    }
    const nlohmann::json& t = list[0];
    logs::MetricTransformation out;
    out.metric_name = as_text(t.value("MetricName", nlohmann::json("")));
    out.metric_namespace = as_text(t.value("MetricNamespace", nlohmann::json("")));
    out.metric_value = as_text(t.value("MetricValue", nlohmann::json("")));
    out.unit = as_text(t.value("Unit", nlohmann::json("")));
    if (auto d = t.find("DefaultValue"); d != t.end()) {
        if (!d->is_number()) {
            return make_error(Errc::kInvalidArgument, what + ": DefaultValue must be a number");
        }
        out.default_value = d->get<double>();
    }
    if (auto dims = t.find("Dimensions"); dims != t.end()) {
        if (!dims->is_array()) {
            return make_error(Errc::kInvalidArgument,
                              what + ": Dimensions must be a list of {Key, Value}");
        }
        for (const auto& d : *dims) {
            if (!d.is_object() || !d.contains("Key") || !d.contains("Value")) {
                return make_error(Errc::kInvalidArgument,
                                  what + ": Dimensions must be a list of {Key, Value}");
            }
            out.dimensions.emplace_back(as_text(d["Key"]), as_text(d["Value"]));
        }
    }
    return out;
}

Status apply_log_group(EngineState& state, const LogGroupConfig& declared) {
    logs::LogScope scope{
        declared.account.empty() ? default_account(state.config) : declared.account,
        declared.region.empty() ? state.config.server.region : declared.region};
    const std::string what = "log group " + declared.name;
    auto existing = state.logs->get_log_group(scope, declared.name);
    if (!existing) {
        auto created = state.logs->create_log_group(scope, declared.name, {});
        if (!created) {
            return at(declared.where, what, created.error());
        }
    }
    if (declared.retention_days) {
        if (auto set = state.logs->set_retention(scope, declared.name, declared.retention_days);
            !set) {
            return at(declared.where, what, set.error());
        }
    }
    const nlohmann::json filters = nlohmann::json::parse(declared.metric_filters);
    for (const auto& filter : filters) {
        TextSpan where = declared.where;
        where.begin.line = filter.value("__line", where.begin.line);
        const std::string name = as_text(filter.at("FilterName"));
        const std::string fwhat = what + " metric filter " + name;
        auto transformation = transformation_of(filter, fwhat);
        if (!transformation) {
            return make_error(Errc::kInvalidArgument, transformation.error().message, where);
        }
        auto put = state.logs->put_metric_filter(
            scope,
            declared.name,
            name,
            as_text(filter.value("FilterPattern", nlohmann::json(""))),
            *transformation);
        if (!put) {
            return at(where, fwhat, put.error());
        }
    }
    return ok_status();
}

Status apply_alarm(EngineState& state, const AlarmConfig& declared) {
    metrics::MetricScope scope{
        declared.account.empty() ? default_account(state.config) : declared.account,
        declared.region.empty() ? state.config.server.region : declared.region};
    nlohmann::json document = nlohmann::json::parse(declared.document);
    // Actions may name a topic of the alarm's account and region.
    for (const char* list : {"AlarmActions", "OKActions", "InsufficientDataActions"}) {
        if (auto it = document.find(list); it != document.end() && it->is_array()) {
            for (auto& action : *it) {
                if (action.is_string() && !action.get<std::string>().starts_with("arn:")) {
                    action = notify::make_topic_arn(
                        scope.region, scope.account_id, action.get<std::string>());
                }
            }
        }
    }
    auto put = state.alarms->put_metric_alarm(scope, document);
    if (!put) {
        return at(
            declared.where, "alarm " + document.value("AlarmName", std::string()), put.error());
    }
    return ok_status();
}

}  // namespace

Status apply_cloudwatch_config(EngineState& state) {
    const CloudWatchConfig& cloudwatch = state.config.cloudwatch;
    for (const LogGroupConfig& group : cloudwatch.log_groups) {
        TRIPLINE_TRY(apply_log_group(state, group));
    }
    for (const AlarmConfig& alarm : cloudwatch.alarms) {
        TRIPLINE_TRY(apply_alarm(state, alarm));
    }
    if (!cloudwatch.log_groups.empty() || !cloudwatch.alarms.empty()) {
        spdlog::info("cloudwatch: {} log groups and {} alarms declared",
                     cloudwatch.log_groups.size(),
                     cloudwatch.alarms.size());
    }
    return ok_status();
}

}  // namespace tripline::app::steps
