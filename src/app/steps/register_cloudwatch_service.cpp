#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/api_dispatcher.h"
#include "api/services/cloudwatch/cloudwatch_service.h"
#include "api/services/logs/logs_service.h"
#include "app/delivery_metrics.h"
#include "app/record_pipeline.h"
#include "app/steps/steps.h"
#include "app/trail_log_forwarder.h"
#include "app/trail_ticker.h"
#include "base/uuid.h"
#include "bus/bus_service.h"
#include "logs/log_service.h"
#include "metrics/alarm_service.h"
#include "metrics/metric_service.h"
#include "notify/delivery_worker.h"
#include "notify/topic_service.h"
#include "trail/trail_service.h"

namespace tripline::app::steps {

namespace {

const std::vector<std::string>& actions_for(const metrics::MetricAlarm& alarm,
                                            metrics::AlarmState state) {
    switch (state) {
        case metrics::AlarmState::kAlarm:
            return alarm.alarm_actions;
        case metrics::AlarmState::kOk:
            return alarm.ok_actions;
        default:
            return alarm.insufficient_data_actions;
    }
}

// A transient storage failure rolls the transition back (it is evaluated again); anything else
// is the action's own failure, kept in the alarm's history as AWS does.
bool is_transient(const Error& error) {
    return error.code == Errc::kUnavailable || error.code == Errc::kIo ||
           error.code == Errc::kInternal;
}

// The "CloudWatch Alarm State Change" event on the account's default bus, and the alarm's
// actions for its new state: SNS topics get AWS's alarm message (JSON by default, the alarm
// e-mail text for e-mail subscribers).
Result<std::vector<std::string>> announce(EngineState& state, const metrics::AlarmTransition& t) {
    std::vector<std::string> summaries;
    if (state.buses) {
        nlohmann::json event = {{"version", "0"},
                                {"id", make_uuid()},
                                {"detail-type", "CloudWatch Alarm State Change"},
                                {"source", "aws.cloudwatch"},
                                {"account", t.account_id},
                                {"time", format_iso8601(t.change_time)},
                                {"region", t.region},
                                {"resources", nlohmann::json::array({t.alarm_arn})},
                                {"detail", metrics::alarm_state_change_detail(t)}};
        if (state.buses->bus_exists(t.account_id, t.region, "default")) {
            auto put = state.buses->put_event(t.account_id, t.region, "default", event.dump());
            if (!put && is_transient(put.error())) {
                return put.error();
            }
        }
    }
    if (!t.alarm.actions_enabled || !state.topics) {
        return summaries;
    }
    for (const std::string& arn : actions_for(t.alarm, t.new_state)) {
        if (!arn.starts_with("arn:aws:sns:")) {
            summaries.push_back("Failed to execute action " + arn +
                                ". Received error: \"Tripline performs SNS actions only\"");
            continue;
        }
        notify::PublishRequest request;
        request.caller.aws_service = true;
        request.caller.account_id = t.account_id;
        request.caller.region = t.region;
        request.caller.principal_arn = "cloudwatch.amazonaws.com";
        request.topic_arn = arn;
        request.subject = metrics::alarm_sns_subject(t);
        request.message_structure = "json";
        request.message = nlohmann::json{{"default", metrics::alarm_sns_message(t)},
                                         {"email", metrics::alarm_email_body(t)}}
                              .dump();
        auto published = state.topics->publish(request);
        if (!published) {
            if (is_transient(published.error())) {
                return published.error();
            }
            summaries.push_back("Failed to execute action " + arn + ". Received error: \"" +
                                published.error().message + "\"");
            continue;
        }
        summaries.push_back("Successfully executed action " + arn);
    }
    if (!summaries.empty() && state.delivery) {
        state.delivery->wake();
    }
    return summaries;
}

}  // namespace

Status register_cloudwatch_service(EngineState& state) {
    state.logs = std::make_unique<logs::LogService>(*state.database, *state.clock);
    state.metrics = std::make_unique<metrics::MetricService>(*state.database, *state.clock);
    state.alarms = std::make_unique<metrics::AlarmService>(
        *state.database,
        *state.clock,
        *state.metrics,
        std::chrono::seconds(state.config.cloudwatch.alarm_evaluation_seconds));
    state.alarms->set_transition_sink(
        [&state](const metrics::AlarmTransition& t) { return announce(state, t); });
    state.dispatcher->add_service(std::make_unique<api::services::LogsService>(*state.logs));
    state.dispatcher->add_service(
        std::make_unique<api::services::CloudWatchService>(*state.metrics, *state.alarms));
    if (state.trails) {
        state.trail_log_forwarder =
            std::make_unique<TrailLogForwarder>(*state.logs, *state.trails, *state.clock);
        const std::string& ingested = state.config.cloudwatch.ingested_log_group;
        if (!ingested.empty() && state.records != nullptr) {
            const Config& config = state.config;
            state.records->set_ingested_log_group(
                state.trail_log_forwarder.get(),
                logs::log_group_arn(config.server.region,
                                    config.accounts.empty() ? std::string(kDefaultAccountId)
                                                            : config.accounts.front().id,
                                    ingested));
        }
    }
    return ok_status();
}

void add_cloudwatch_tasks(EngineState& state, TrailTicker& ticker) {
    if (TrailLogForwarder* forwarder = state.trail_log_forwarder.get()) {
        ticker.add_periodic_task([forwarder] { forwarder->flush(); },
                                 static_cast<int>(state.config.cloudwatch.trail_delivery_seconds),
                                 true);
    }
    if (DeliveryMetrics* delivery = state.delivery_metrics.get()) {
        ticker.add_periodic_task([delivery] { delivery->flush(); }, 5, true);
    }
    if (metrics::AlarmService* alarms = state.alarms.get()) {
        // Each alarm is evaluated every cloudwatch.alarm_evaluation_seconds (AlarmService).
        ticker.add_periodic_task([alarms] { alarms->evaluate_due(); }, 1);
    }
    logs::LogService* logs = state.logs.get();
    metrics::MetricService* metrics = state.metrics.get();
    if (logs != nullptr && metrics != nullptr) {
        ticker.add_periodic_task(
            [logs, metrics] {
                logs->apply_retention();
                metrics->apply_retention();
            },
            3600);
    }
}

}  // namespace tripline::app::steps
