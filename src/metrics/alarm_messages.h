// What an alarm state transition announces (docs/alarms.md, spec cloudwatch.md §4-§5): the SNS
// notification (subject, compact JSON message with AWS's key order, and the plain-text e-mail body
// an `email` subscription receives instead) and the detail of the EventBridge event "CloudWatch
// Alarm State Change" (source aws.cloudwatch). The SNS footer is the notify module's business.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "metrics/metric_alarm.h"

namespace tripline::metrics {

// "US East (N. Virginia)" for "us-east-1" (spec §4 list, `EU (...)` spelling); an unknown region
// gives the code itself.
std::string region_long_name(std::string_view region);

struct AlarmTransition {
    MetricAlarm alarm;
    std::string account_id;
    std::string region;
    std::string alarm_arn;
    AlarmState old_state = AlarmState::kInsufficientData;
    AlarmState new_state = AlarmState::kInsufficientData;
    std::string reason;
    nlohmann::json reason_data;  // null when none
    TimePoint change_time;
    TimePoint configuration_updated;
    // The state left (the event's previousState); empty / null / epoch when unknown.
    std::string old_reason;
    nlohmann::json old_reason_data;
    TimePoint old_state_time;
};

// `ALARM: "<name>" in <Region long name>`.
std::string alarm_sns_subject(const AlarmTransition& t);
// The compact JSON message (HTTP/SQS/email-json/Lambda), keys in AWS's order: AlarmName,
// AlarmDescription (null when none), AWSAccountId, AlarmConfigurationUpdatedTimestamp,
// NewStateValue, NewStateReason, StateChangeTime, Region, AlarmArn, OldStateValue, OKActions,
// AlarmActions, InsufficientDataActions, Trigger{...}. Numbers as Java prints them (5.0).
std::string alarm_sns_message(const AlarmTransition& t);
// The plain-text e-mail body (labels padded to fixed columns), ending with the "State Change
// Actions:" section; no SNS footer.
std::string alarm_email_body(const AlarmTransition& t);
// The `detail` of "CloudWatch Alarm State Change": {alarmName, state{value, reason, reasonData
// (JSON text), timestamp}, previousState{...}, configuration{description?, metrics[...]}}.
nlohmann::json alarm_state_change_detail(const AlarmTransition& t);
// The whole event without "id" (the bus assigns it): version, detail-type, source "aws.cloudwatch",
// account, time (change time, seconds), region, resources [alarm ARN], detail.
nlohmann::json alarm_state_change_event(const AlarmTransition& t);

}  // namespace tripline::metrics
