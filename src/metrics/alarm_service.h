// AlarmService: CloudWatch metric alarms (issue 9, item 5) - PutMetricAlarm, DescribeAlarms,
// DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState, Enable/DisableAlarmActions,
// DescribeAlarmHistory, and the evaluation loop: evaluate_due() evaluates every alarm whose
// evaluation has fallen due (every `evaluation_interval`, on the injected clock) over its
// evaluation range of periods (alarm_evaluator.h). A state change is saved, with its history item,
// in one transaction with what the transition sink enqueues (SNS notifications, the "CloudWatch
// Alarm State Change" event), so a transition is never announced twice nor lost.
//
// Alarms live in memory and in the ResourceStore (type "cloudwatch:alarm"), with their state and
// their last 100 history items.
// Ownership: borrows the Database, Clock and MetricService. Thread-safety: every method may run
// concurrently (one mutex; the sink is called with it held and must not call back).
// Errors carry CloudWatch's names: ResourceNotFound, InvalidParameterValue, LimitExceeded, ...
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/coded_result.h"
#include "metrics/alarm_evaluator.h"
#include "metrics/alarm_messages.h"
#include "metrics/metric_alarm.h"
#include "metrics/metric_service.h"
#include "storage/database.h"

namespace tripline::metrics {

struct AlarmHistoryItem {
    TimePoint timestamp;
    std::string type;  // ConfigurationUpdate | StateUpdate | Action
    std::string summary;
    std::string data;  // HistoryData JSON text
};

struct StoredAlarm {
    MetricAlarm alarm;
    std::string account_id;
    std::string region;
    std::string arn;
    AlarmState state = AlarmState::kInsufficientData;
    std::string reason = "Unchecked: Initial alarm creation";
    nlohmann::json reason_data = nullptr;
    TimePoint state_updated;
    TimePoint configuration_updated;
    std::vector<AlarmHistoryItem> history;  // oldest first
};

struct AlarmQuery {
    std::vector<std::string> names;
    std::string name_prefix;
    std::optional<AlarmState> state;
    std::string action_prefix;
};

// What a transition's actions did, one summary per action (for the history).
using TransitionSink =
    std::function<Result<std::vector<std::string>>(const AlarmTransition& transition)>;

class AlarmService {
public:
    AlarmService(storage::Database& db,
                 const Clock& clock,
                 MetricService& metrics,
                 std::chrono::seconds evaluation_interval);

    void set_transition_sink(TransitionSink sink) { sink_ = std::move(sink); }

    CodedResult<StoredAlarm> put_metric_alarm(const MetricScope& scope,
                                              const nlohmann::json& request);
    CodedResult<std::vector<StoredAlarm>> describe_alarms(const MetricScope& scope,
                                                          const AlarmQuery& query);
    CodedResult<std::vector<StoredAlarm>> describe_alarms_for_metric(
        const MetricScope& scope,
        const std::string& namespace_,
        const std::string& metric_name,
        const std::optional<storage::MetricDimensions>& dimensions,
        const std::string& statistic,
        std::optional<int> period);
    CodedResult<bool> delete_alarms(const MetricScope& scope,
                                    const std::vector<std::string>& names);
    CodedResult<bool> set_alarm_state(const MetricScope& scope,
                                      const std::string& name,
                                      const std::string& state,
                                      const std::string& reason,
                                      const std::optional<std::string>& reason_data);
    CodedResult<bool> set_actions_enabled(const MetricScope& scope,
                                          const std::vector<std::string>& names,
                                          bool enabled);
    CodedResult<std::vector<std::pair<std::string, AlarmHistoryItem>>> describe_alarm_history(
        const MetricScope& scope,
        const std::string& name,
        const std::string& type,
        std::optional<TimePoint> start,
        std::optional<TimePoint> end,
        bool oldest_first);

    // Evaluates the alarms that are due; returns how many changed state.
    std::size_t evaluate_due();
    // Evaluates one alarm now (tests, SetAlarmState's next check).
    CodedResult<bool> evaluate_now(const MetricScope& scope, const std::string& name);

    // The datapoints of the alarm's evaluation range at `now`, oldest first.
    CodedResult<std::vector<Datapoint>> evaluation_range(const StoredAlarm& alarm, TimePoint now);

private:
    CodedResult<bool> save(const StoredAlarm& alarm);
    // Moves `alarm` to `state`; saves it and runs the sink in one transaction. Caller holds mutex_.
    CodedResult<bool> transition(StoredAlarm& alarm,
                                 AlarmState state,
                                 std::string reason,
                                 nlohmann::json reason_data);
    CodedResult<bool> evaluate(StoredAlarm& alarm);

    storage::Database& db_;
    const Clock& clock_;
    MetricService& metrics_;
    std::chrono::seconds interval_;
    TransitionSink sink_;
    std::mutex mutex_;
    std::map<std::string, StoredAlarm> alarms_;  // by ARN
    std::map<std::string, TimePoint> next_evaluation_;
};

}  // namespace tripline::metrics
