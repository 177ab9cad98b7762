// Trail: one CloudTrail trail as Tripline keeps it (cloudtrail.md §6-§8, §11) - its settings as
// CreateTrail/UpdateTrail set them, its selectors, tags, logging state and the delivery status
// that GetTrailStatus reports. Stored as a JSON document in the ResourceStore (type
// "cloudtrail:trail", named by (account, home region, name), ARN = TrailARN).
//
// Also the request shapes of CreateTrail / UpdateTrail (TrailSettings), parsed from the API's
// JSON members (also what config declarations use), so both front ends apply the same rules.
//
// Plain values; thread-safety as for any value type. Errors: from_document() returns kStorage for
// a corrupt stored document; parse_trail_settings() kInvalidParameter for members of the wrong
// JSON type.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "storage/resource_store.h"
#include "trail/event_selectors.h"
#include "trail/trail_errors.h"

namespace tripline::trail {

inline constexpr std::string_view kTrailResourceType = "cloudtrail:trail";

// The insight types a trail selected on management events (InsightSelectors whose
// EventCategories are absent or include "Management"; cloudtrail.md §10).
enum class InsightType { kApiCallRate, kApiErrorRate };
struct InsightTypes {
    bool api_call_rate = false;
    bool api_error_rate = false;

    bool any() const { return api_call_rate || api_error_rate; }
    bool has(InsightType type) const {
        return type == InsightType::kApiCallRate ? api_call_rate : api_error_rate;
    }
};
// "ApiCallRateInsight" / "ApiErrorRateInsight".
std::string_view insight_type_name(InsightType type);
InsightTypes insight_types_of(const nlohmann::json& insight_selectors);

struct TrailTag {
    std::string key;
    std::string value;
    bool operator==(const TrailTag&) const = default;
};

// What GetTrailStatus reports besides IsLogging. Unset = never happened.
struct TrailDeliveryStatus {
    std::optional<TimePoint> start_logging_time;
    std::optional<TimePoint> stop_logging_time;
    std::optional<TimePoint> latest_delivery_time;  // last successful log-file delivery
    std::optional<TimePoint> latest_delivery_attempt_time;
    std::optional<std::string> latest_delivery_error;  // cleared by the next success
    std::optional<TimePoint> latest_digest_delivery_time;
    std::optional<std::string> latest_digest_delivery_error;
    std::optional<TimePoint> latest_notification_time;  // last SNS "file delivered" publish
    std::optional<TimePoint> latest_notification_attempt_time;
    std::optional<std::string> latest_notification_error;
    std::optional<TimePoint> latest_cloudwatch_logs_delivery_time;
    std::optional<std::string> latest_cloudwatch_logs_delivery_error;

    bool operator==(const TrailDeliveryStatus&) const = default;
};

struct Trail {
    std::string name;
    std::string account_id;
    std::string home_region;
    std::string arn;
    std::string s3_bucket;
    std::optional<std::string> s3_key_prefix;
    std::optional<std::string> sns_topic_name;  // the topic's name (SnsTopicName)
    std::optional<std::string> sns_topic_arn;   // resolved when set
    bool include_global_service_events = true;
    bool is_multi_region = false;
    bool is_organization = false;  // stored and shown; organization layouts are not written yet
    bool log_file_validation = false;
    std::optional<std::string> cloudwatch_logs_log_group_arn;
    std::optional<std::string> cloudwatch_logs_role_arn;
    std::optional<std::string> kms_key_id;
    std::vector<TrailTag> tags;
    TrailSelectors selectors;                                    // default: management events
    nlohmann::json insight_selectors = nlohmann::json::array();  // [] = none
    bool is_logging = false;
    TrailDeliveryStatus status;

    bool has_insight_selectors() const { return !insight_selectors.empty(); }
    // Whether the trail logs events of `region` (home region, or every region when multi-region).
    bool logs_region(std::string_view region) const {
        return is_multi_region || region == home_region;
    }

    nlohmann::json to_document() const;
    static TrailResult<Trail> from_document(const nlohmann::json& document);
    storage::StoredResource to_resource() const;
    static TrailResult<Trail> from_resource(const storage::StoredResource& row);
};

// CreateTrail's / UpdateTrail's members; nullopt = not given (UpdateTrail keeps the old value).
struct TrailSettings {
    std::string name;  // CreateTrail: the name; UpdateTrail: name or ARN
    std::optional<std::string> s3_bucket;
    std::optional<std::string> s3_key_prefix;
    std::optional<std::string> sns_topic;  // name or ARN; "" clears (UpdateTrail)
    std::optional<bool> include_global_service_events;
    std::optional<bool> is_multi_region;
    std::optional<bool> log_file_validation;  // EnableLogFileValidation
    std::optional<std::string> cloudwatch_logs_log_group_arn;
    std::optional<std::string> cloudwatch_logs_role_arn;
    std::optional<std::string> kms_key_id;
    std::optional<bool> is_organization;
    std::vector<TrailTag> tags;  // CreateTrail's TagsList
};

// Reads CreateTrail/UpdateTrail's JSON members (Name, S3BucketName, ..., TagsList). Presence and
// value rules are the service's; this checks JSON types only.
TrailResult<TrailSettings> parse_trail_settings(const nlohmann::json& input);
// A TagsList array ([{Key, Value?}]).
TrailResult<std::vector<TrailTag>> parse_tags(const nlohmann::json& tags);

}  // namespace tripline::trail
