#include "insights/insight_record.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "base/clock.h"

namespace tripline::insights {

namespace {

using Json = nlohmann::ordered_json;

// AWS writes whole averages as integers (664) and others as decimals (85.4202380952).
Json number(double value) {
    if (std::isfinite(value) && value == std::floor(value) &&
        std::fabs(value) < static_cast<double>(std::numeric_limits<std::int64_t>::max())) {
        return static_cast<std::int64_t>(value);
    }
    return std::round(value * 1e10) / 1e10;
}

Json averages(const std::vector<ValueAverage>& values) {
    Json out = Json::array();
    for (const ValueAverage& v : values) {
        out.push_back(Json{{"value", v.value}, {"average", number(v.average)}});
    }
    return out;
}

}  // namespace

event::CloudTrailRecord insight_record(const InsightEvent& insight, std::string event_id) {
    Json attributions = Json::array();
    for (const Attribution& a : insight.attributions) {
        attributions.push_back(Json{{"attribute", a.attribute},
                                    {"insight", averages(a.insight)},
                                    {"baseline", averages(a.baseline)}});
    }
    Json details;
    details["state"] = insight.start ? "Start" : "End";
    details["eventSource"] = insight.event_source;
    details["eventName"] = insight.event_name;
    details["insightType"] = std::string(trail::insight_type_name(insight.type));
    if (insight.type == trail::InsightType::kApiErrorRate) {
        details["errorCode"] = insight.error_code;
    }
    details["insightContext"] =
        Json{{"statistics",
              Json{{"baseline", Json{{"average", number(insight.baseline_average)}}},
                   {"insight", Json{{"average", number(insight.insight_average)}}},
                   {"insightDuration", insight.insight_duration},
                   {"baselineDuration", insight.baseline_duration}}},
             {"attributions", std::move(attributions)}};
    details["sourceEventCategory"] = "Management";

    event::CloudTrailRecord record;
    record.event_version = "1.08";
    record.event_time = format_iso8601(TimePoint(std::chrono::minutes(insight.minute)));
    record.aws_region = insight.region;
    record.event_id = std::move(event_id);
    record.event_type = "AwsCloudTrailInsight";
    record.recipient_account_id = insight.account_id;
    record.shared_event_id = insight.shared_event_id;
    record.insight_details = details.dump();
    record.event_category = "Insight";
    return record;
}

}  // namespace tripline::insights
