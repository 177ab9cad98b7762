#include "metrics/alarm_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/resource_store.h"
#include "storage/statement.h"
#include "storage/transaction.h"

namespace tripline::metrics {

namespace {

constexpr std::string_view kAlarmType = "cloudwatch:alarm";
constexpr std::size_t kMaxHistory = 100;

std::string alarm_arn(const MetricScope& scope, const std::string& name) {
    return "arn:aws:cloudwatch:" + scope.region + ":" + scope.account_id + ":alarm:" + name;
}

nlohmann::json history_json(const AlarmHistoryItem& h) {
    return {{"t", storage::to_unix_ms(h.timestamp)},
            {"type", h.type},
            {"summary", h.summary},
            {"data", h.data}};
}

nlohmann::json to_document(const StoredAlarm& a) {
    nlohmann::json history = nlohmann::json::array();
    for (const auto& h : a.history) {
        history.push_back(history_json(h));
    }
    return {{"fields", put_metric_alarm_fields(a.alarm)},
            {"account_id", a.account_id},
            {"region", a.region},
            {"state", alarm_state_name(a.state)},
            {"reason", a.reason},
            {"reason_data", a.reason_data},
            {"state_updated_ms", storage::to_unix_ms(a.state_updated)},
            {"configuration_updated_ms", storage::to_unix_ms(a.configuration_updated)},
            {"history", history}};
}

std::optional<StoredAlarm> from_document(const std::string& arn, const nlohmann::json& doc) {
    try {
        auto alarm = parse_put_metric_alarm(doc.at("fields"));
        auto state = parse_alarm_state(doc.at("state").get<std::string>());
        if (!alarm || !state) {
            return std::nullopt;
        }
        StoredAlarm a;
        a.alarm = std::move(alarm.value());
        a.account_id = doc.at("account_id").get<std::string>();
        a.region = doc.at("region").get<std::string>();
        a.arn = arn;
        a.state = *state;
        a.reason = doc.value("reason", "");
        a.reason_data = doc.value("reason_data", nlohmann::json());
        a.state_updated = storage::from_unix_ms(doc.at("state_updated_ms").get<std::int64_t>());
        a.configuration_updated =
            storage::from_unix_ms(doc.at("configuration_updated_ms").get<std::int64_t>());
        for (const auto& h : doc.value("history", nlohmann::json::array())) {
            a.history.push_back(
                AlarmHistoryItem{storage::from_unix_ms(h.at("t").get<std::int64_t>()),
                                 h.at("type").get<std::string>(),
                                 h.at("summary").get<std::string>(),
                                 h.at("data").get<std::string>()});
        }
        return a;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

void add_history(StoredAlarm& a, AlarmHistoryItem item) {
    a.history.push_back(std::move(item));
    if (a.history.size() > kMaxHistory) {
        a.history.erase(a.history.begin(),
                        a.history.begin() + static_cast<long>(a.history.size() - kMaxHistory));
    }
}

CodedError not_found(const std::string& name) {
    return coded_error("ResourceNotFound", "Alarm " + name + " not found");
}

bool in_scope(const StoredAlarm& a, const MetricScope& scope) {
    return a.account_id == scope.account_id && a.region == scope.region;
}

std::int64_t floor_to(std::int64_t t, std::int64_t step) {
    std::int64_t r = t % step;
    return r < 0 ? t - r - step : t - r;
}

}  // namespace

AlarmService::AlarmService(storage::Database& db,
                           const Clock& clock,
                           MetricService& metrics,
                           std::chrono::seconds evaluation_interval)
    : db_(db), clock_(clock), metrics_(metrics), interval_(evaluation_interval) {
    storage::ResourceStore store(db_);
    auto all = store.list_all(kAlarmType);
    if (!all) {
        spdlog::warn("CloudWatch: cannot load alarms: {}", all.error().to_string());
        return;
    }
    for (const auto& r : *all) {
        auto alarm = from_document(r.arn, nlohmann::json::parse(r.document, nullptr, false));
        if (!alarm) {
            spdlog::warn("CloudWatch: alarm {} cannot be read; skipped", r.arn);
            continue;
        }
        alarms_.emplace(r.arn, std::move(*alarm));
    }
}

CodedResult<bool> AlarmService::save(const StoredAlarm& a) {
    storage::ResourceStore store(db_);
    storage::StoredResource r;
    r.account_id = a.account_id;
    r.region = a.region;
    r.type = std::string(kAlarmType);
    r.name = a.alarm.name;
    r.arn = a.arn;
    r.document = to_document(a).dump();
    if (auto put = store.put(r, clock_.now()); !put) {
        return coded_internal(put.error());
    }
    return true;
}

CodedResult<StoredAlarm> AlarmService::put_metric_alarm(const MetricScope& scope,
                                                        const nlohmann::json& request) {
    auto parsed = parse_put_metric_alarm(request);
    if (!parsed) {
        const std::string& message = parsed.error().message;
        // "Code: text" (metric_alarm.h).
        std::size_t colon = message.find(": ");
        if (colon != std::string::npos && colon < 40 && message.find(' ') == colon + 1 &&
            message.substr(0, colon).find(' ') == std::string::npos) {
            return coded_error(message.substr(0, colon), message.substr(colon + 2));
        }
        return coded_error("ValidationError", message);
    }
    MetricAlarm alarm = std::move(parsed.value());
    const TimePoint now = clock_.now();
    std::lock_guard lock(mutex_);
    const std::string arn = alarm_arn(scope, alarm.name);
    StoredAlarm updated;
    auto it = alarms_.find(arn);
    const bool created = it == alarms_.end();
    if (created) {
        if (alarms_.size() >= 10000) {
            return coded_error("LimitExceeded", "The maximum number of alarms has been reached.");
        }
        updated.account_id = scope.account_id;
        updated.region = scope.region;
        updated.arn = arn;
        updated.state_updated = now;
    } else {
        updated = it->second;  // an update keeps the state, as AWS does
    }
    updated.alarm = std::move(alarm);
    updated.configuration_updated = now;
    nlohmann::json data = {{"version", "1.0"},
                           {"type", created ? "Create" : "Update"},
                           {"createdAlarm", put_metric_alarm_fields(updated.alarm)}};
    add_history(updated,
                AlarmHistoryItem{
                    now,
                    "ConfigurationUpdate",
                    "Alarm \"" + updated.alarm.name + "\" " + (created ? "created" : "updated"),
                    data.dump()});
    if (auto saved = save(updated); !saved) {
        return saved.error();
    }
    alarms_[arn] = updated;
    next_evaluation_.erase(arn);  // evaluate it on the next round
    return updated;
}

CodedResult<std::vector<StoredAlarm>> AlarmService::describe_alarms(const MetricScope& scope,
                                                                    const AlarmQuery& query) {
    if (!query.names.empty() && !query.name_prefix.empty()) {
        return coded_error("InvalidParameterCombination",
                           "AlarmNamePrefix and AlarmNames cannot both be specified.");
    }
    std::lock_guard lock(mutex_);
    std::vector<StoredAlarm> out;
    for (const auto& [arn, a] : alarms_) {
        if (!in_scope(a, scope)) {
            continue;
        }
        if (!query.names.empty() &&
            std::find(query.names.begin(), query.names.end(), a.alarm.name) == query.names.end()) {
            continue;
        }
        if (!a.alarm.name.starts_with(query.name_prefix)) {
            continue;
        }
        if (query.state && a.state != *query.state) {
            continue;
        }
        if (!query.action_prefix.empty()) {
            auto has = [&](const std::vector<std::string>& actions) {
                return std::any_of(actions.begin(), actions.end(), [&](const std::string& x) {
                    return x.starts_with(query.action_prefix);
                });
            };
            if (!has(a.alarm.alarm_actions) && !has(a.alarm.ok_actions) &&
                !has(a.alarm.insufficient_data_actions)) {
                continue;
            }
        }
        out.push_back(a);
    }
    return out;
}

CodedResult<std::vector<StoredAlarm>> AlarmService::describe_alarms_for_metric(
    const MetricScope& scope,
    const std::string& namespace_,
    const std::string& metric_name,
    const std::optional<storage::MetricDimensions>& dimensions,
    const std::string& statistic,
    std::optional<int> period) {
    std::lock_guard lock(mutex_);
    std::vector<StoredAlarm> out;
    for (const auto& [arn, a] : alarms_) {
        if (!in_scope(a, scope) || a.alarm.namespace_ != namespace_ ||
            a.alarm.metric_name != metric_name) {
            continue;
        }
        if (dimensions && storage::canonical_dimensions(*dimensions) !=
                              storage::canonical_dimensions(a.alarm.dimensions)) {
            continue;
        }
        if (!statistic.empty() && a.alarm.statistic != statistic &&
            a.alarm.extended_statistic != statistic) {
            continue;
        }
        if (period && a.alarm.period != *period) {
            continue;
        }
        out.push_back(a);
    }
    return out;
}

CodedResult<bool> AlarmService::delete_alarms(const MetricScope& scope,
                                              const std::vector<std::string>& names) {
    if (names.empty() || names.size() > 100) {
        return coded_error("InvalidParameterValue",
                           "The collection AlarmNames must have between 1 and 100 members.");
    }
    std::lock_guard lock(mutex_);
    for (const std::string& name : names) {
        if (alarms_.count(alarm_arn(scope, name)) == 0) {
            return not_found(name);
        }
    }
    storage::ResourceStore store(db_);
    for (const std::string& name : names) {
        if (auto removed = store.remove(scope.account_id, scope.region, kAlarmType, name);
            !removed) {
            return coded_internal(removed.error());
        }
        alarms_.erase(alarm_arn(scope, name));
        next_evaluation_.erase(alarm_arn(scope, name));
    }
    return true;
}

CodedResult<bool> AlarmService::set_actions_enabled(const MetricScope& scope,
                                                    const std::vector<std::string>& names,
                                                    bool enabled) {
    std::lock_guard lock(mutex_);
    for (const std::string& name : names) {
        auto it = alarms_.find(alarm_arn(scope, name));
        if (it == alarms_.end()) {
            continue;  // AWS ignores names it does not know here
        }
        StoredAlarm updated = it->second;
        updated.alarm.actions_enabled = enabled;
        if (auto saved = save(updated); !saved) {
            return saved.error();
        }
        it->second = std::move(updated);
    }
    return true;
}

CodedResult<bool> AlarmService::transition(StoredAlarm& alarm,
                                           AlarmState state,
                                           std::string reason,
                                           nlohmann::json reason_data) {
    const TimePoint now = clock_.now();
    StoredAlarm updated = alarm;
    const AlarmState old_state = alarm.state;
    updated.state = state;
    updated.reason = std::move(reason);
    updated.reason_data = std::move(reason_data);
    updated.state_updated = now;
    nlohmann::json data = {
        {"version", "1.0"},
        {"oldState", {{"stateValue", alarm_state_name(old_state)}, {"stateReason", alarm.reason}}},
        {"newState", {{"stateValue", alarm_state_name(state)}, {"stateReason", updated.reason}}}};
    if (!updated.reason_data.is_null()) {
        data["newState"]["stateReasonData"] = updated.reason_data;
    }
    add_history(updated,
                AlarmHistoryItem{now,
                                 "StateUpdate",
                                 std::string("Alarm updated from ") + alarm_state_name(old_state) +
                                     " to " + alarm_state_name(state),
                                 data.dump()});
    AlarmTransition t;
    t.alarm = updated.alarm;
    t.account_id = updated.account_id;
    t.region = updated.region;
    t.alarm_arn = updated.arn;
    t.old_state = old_state;
    t.new_state = state;
    t.reason = updated.reason;
    t.reason_data = updated.reason_data;
    t.change_time = now;
    t.configuration_updated = updated.configuration_updated;
    t.old_reason = alarm.reason;
    t.old_reason_data = alarm.reason_data;
    t.old_state_time = alarm.state_updated;
    Status done = storage::with_transaction(db_, [&]() -> Status {
        StoredAlarm staged = updated;
        if (sink_) {
            TRIPLINE_ASSIGN_OR_RETURN(std::vector<std::string> actions, sink_(t));
            for (std::string& summary : actions) {
                add_history(staged, AlarmHistoryItem{now, "Action", std::move(summary), "{}"});
            }
        }
        if (auto saved = save(staged); !saved) {
            return saved.error().to_error();
        }
        updated = std::move(staged);
        return ok_status();
    });
    if (!done) {
        return coded_internal(done.error());
    }
    alarm = std::move(updated);
    spdlog::info("CloudWatch alarm {}: {} -> {}",
                 alarm.alarm.name,
                 alarm_state_name(old_state),
                 alarm_state_name(alarm.state));
    return true;
}

CodedResult<bool> AlarmService::set_alarm_state(const MetricScope& scope,
                                                const std::string& name,
                                                const std::string& state_name,
                                                const std::string& reason,
                                                const std::optional<std::string>& reason_data) {
    auto state = parse_alarm_state(state_name);
    if (!state) {
        return coded_error("InvalidParameterValue",
                           "The value " + state_name + " for parameter StateValue is invalid.");
    }
    if (reason.size() > 1023) {
        return coded_error("InvalidParameterValue", "StateReason is longer than 1023 characters.");
    }
    nlohmann::json data = nullptr;
    if (reason_data) {
        data = nlohmann::json::parse(*reason_data, nullptr, false);
        if (data.is_discarded()) {
            return coded_error("InvalidFormat", "StateReasonData is not valid JSON.");
        }
    }
    std::lock_guard lock(mutex_);
    auto it = alarms_.find(alarm_arn(scope, name));
    if (it == alarms_.end()) {
        return not_found(name);
    }
    if (it->second.state == *state) {
        return true;
    }
    // The next evaluation decides again, one interval later (AWS: the next period).
    next_evaluation_[it->first] = clock_.now() + interval_;
    return transition(it->second, *state, reason, std::move(data));
}

CodedResult<std::vector<Datapoint>> AlarmService::evaluation_range(const StoredAlarm& a,
                                                                   TimePoint now) {
    const MetricAlarm& alarm = a.alarm;
    const int n = std::max(alarm.evaluation_periods, 1);
    const std::int64_t step = std::max(alarm.period, 60);
    const std::int64_t range = n + 2;
    const std::int64_t now_s =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::int64_t current = floor_to(now_s, step);
    storage::MetricKey key{
        a.account_id, a.region, alarm.namespace_, alarm.metric_name, alarm.dimensions};
    const std::string statistic =
        alarm.extended_statistic.empty() ? alarm.statistic : alarm.extended_statistic;
    auto values =
        metrics_.series(key, alarm.period, statistic, current - range * step, current + step);
    if (!values) {
        return values.error();
    }
    // The current period counts once it has data; until then it is not yet "missing".
    if (!values->empty() && !values->back().value) {
        values->pop_back();
    } else if (!values->empty()) {
        values->erase(values->begin());
    }
    std::vector<Datapoint> out;
    for (const PeriodValue& v : *values) {
        out.push_back(Datapoint{TimePoint(std::chrono::seconds(v.start_s)), v.value});
    }
    return out;
}

CodedResult<bool> AlarmService::evaluate(StoredAlarm& a) {
    const TimePoint now = clock_.now();
    auto range = evaluation_range(a, now);
    if (!range) {
        return range.error();
    }
    Evaluation e = evaluate_alarm(a.alarm, *range, a.state, now);
    if (!e.changed || e.state == a.state) {
        return false;
    }
    auto moved = transition(a, e.state, std::move(e.reason), std::move(e.reason_data));
    if (!moved) {
        return moved.error();
    }
    return true;
}

std::size_t AlarmService::evaluate_due() {
    std::lock_guard lock(mutex_);
    const TimePoint now = clock_.now();
    std::size_t changed = 0;
    for (auto& [arn, alarm] : alarms_) {
        auto due = next_evaluation_.find(arn);
        if (due != next_evaluation_.end() && now < due->second) {
            continue;
        }
        next_evaluation_[arn] = now + interval_;
        auto result = evaluate(alarm);
        if (!result) {
            spdlog::warn("CloudWatch alarm {}: evaluation failed: {}",
                         alarm.alarm.name,
                         result.error().message);
            next_evaluation_.erase(arn);  // retried on the next round
            continue;
        }
        changed += *result ? 1 : 0;
    }
    return changed;
}

CodedResult<bool> AlarmService::evaluate_now(const MetricScope& scope, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = alarms_.find(alarm_arn(scope, name));
    if (it == alarms_.end()) {
        return not_found(name);
    }
    return evaluate(it->second);
}

CodedResult<std::vector<std::pair<std::string, AlarmHistoryItem>>>
AlarmService::describe_alarm_history(const MetricScope& scope,
                                     const std::string& name,
                                     const std::string& type,
                                     std::optional<TimePoint> start,
                                     std::optional<TimePoint> end,
                                     bool oldest_first) {
    if (!type.empty() && type != "ConfigurationUpdate" && type != "StateUpdate" &&
        type != "Action") {
        return coded_error("InvalidParameterValue",
                           "The value " + type + " for parameter HistoryItemType is invalid.");
    }
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, AlarmHistoryItem>> out;
    for (const auto& [arn, a] : alarms_) {
        if (!in_scope(a, scope) || (!name.empty() && a.alarm.name != name)) {
            continue;
        }
        for (const AlarmHistoryItem& h : a.history) {
            if ((!type.empty() && h.type != type) || (start && h.timestamp < *start) ||
                (end && h.timestamp >= *end)) {
                continue;
            }
            out.emplace_back(a.alarm.name, h);
        }
    }
    std::stable_sort(out.begin(), out.end(), [&](const auto& x, const auto& y) {
        return oldest_first ? x.second.timestamp < y.second.timestamp
                            : x.second.timestamp > y.second.timestamp;
    });
    return out;
}

}  // namespace tripline::metrics
