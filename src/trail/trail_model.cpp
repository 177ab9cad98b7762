#include "trail/trail_model.h"

namespace tripline::trail {

namespace {

using nlohmann::json;

void put_optional(json& out, const char* key, const std::optional<std::string>& value) {
    if (value) {
        out[key] = *value;
    }
}

void put_time(json& out, const char* key, const std::optional<TimePoint>& value) {
    if (value) {
        out[key] = format_iso8601_millis(*value);
    }
}

std::optional<std::string> get_optional(const json& in, const char* key) {
    auto it = in.find(key);
    if (it == in.end() || !it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::optional<TimePoint> get_time(const json& in, const char* key) {
    auto text = get_optional(in, key);
    TimePoint t;
    if (!text || !parse_iso8601(*text, t)) {
        return std::nullopt;
    }
    return t;
}

bool get_bool(const json& in, const char* key, bool fallback) {
    auto it = in.find(key);
    return it != in.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

json status_to_json(const TrailDeliveryStatus& s) {
    json out = json::object();
    put_time(out, "StartLoggingTime", s.start_logging_time);
    put_time(out, "StopLoggingTime", s.stop_logging_time);
    put_time(out, "LatestDeliveryTime", s.latest_delivery_time);
    put_time(out, "LatestDeliveryAttemptTime", s.latest_delivery_attempt_time);
    put_optional(out, "LatestDeliveryError", s.latest_delivery_error);
    put_time(out, "LatestDigestDeliveryTime", s.latest_digest_delivery_time);
    put_optional(out, "LatestDigestDeliveryError", s.latest_digest_delivery_error);
    put_time(out, "LatestNotificationTime", s.latest_notification_time);
    put_time(out, "LatestNotificationAttemptTime", s.latest_notification_attempt_time);
    put_optional(out, "LatestNotificationError", s.latest_notification_error);
    put_time(out, "LatestCloudWatchLogsDeliveryTime", s.latest_cloudwatch_logs_delivery_time);
    put_optional(out, "LatestCloudWatchLogsDeliveryError", s.latest_cloudwatch_logs_delivery_error);
    return out;
}

TrailDeliveryStatus status_from_json(const json& in) {
    TrailDeliveryStatus s;
    if (!in.is_object()) {
        return s;
    }
    s.start_logging_time = get_time(in, "StartLoggingTime");
    s.stop_logging_time = get_time(in, "StopLoggingTime");
    s.latest_delivery_time = get_time(in, "LatestDeliveryTime");
    s.latest_delivery_attempt_time = get_time(in, "LatestDeliveryAttemptTime");
    s.latest_delivery_error = get_optional(in, "LatestDeliveryError");
    s.latest_digest_delivery_time = get_time(in, "LatestDigestDeliveryTime");
    s.latest_digest_delivery_error = get_optional(in, "LatestDigestDeliveryError");
    s.latest_notification_time = get_time(in, "LatestNotificationTime");
    s.latest_notification_attempt_time = get_time(in, "LatestNotificationAttemptTime");
    s.latest_notification_error = get_optional(in, "LatestNotificationError");
    s.latest_cloudwatch_logs_delivery_time = get_time(in, "LatestCloudWatchLogsDeliveryTime");
    s.latest_cloudwatch_logs_delivery_error = get_optional(in, "LatestCloudWatchLogsDeliveryError");
    return s;
}

TrailError wrong_type(const char* member, const char* type) {
    return trail_error(TrailErrc::kInvalidParameter,
                       std::string("Parameter ") + member + " must be " + type + ".");
}

TrailResult<std::optional<std::string>> read_string(const json& input, const char* member) {
    auto it = input.find(member);
    if (it == input.end() || it->is_null()) {
        return std::optional<std::string>();
    }
    if (!it->is_string()) {
        return wrong_type(member, "a string");
    }
    return std::optional<std::string>(it->get<std::string>());
}

TrailResult<std::optional<bool>> read_bool(const json& input, const char* member) {
    auto it = input.find(member);
    if (it == input.end() || it->is_null()) {
        return std::optional<bool>();
    }
    if (!it->is_boolean()) {
        return wrong_type(member, "a boolean");
    }
    return std::optional<bool>(it->get<bool>());
}

}  // namespace

json Trail::to_document() const {
    json out = json::object();
    out["Name"] = name;
    out["AccountId"] = account_id;
    out["HomeRegion"] = home_region;
    out["TrailARN"] = arn;
    out["S3BucketName"] = s3_bucket;
    put_optional(out, "S3KeyPrefix", s3_key_prefix);
    put_optional(out, "SnsTopicName", sns_topic_name);
    put_optional(out, "SnsTopicARN", sns_topic_arn);
    out["IncludeGlobalServiceEvents"] = include_global_service_events;
    out["IsMultiRegionTrail"] = is_multi_region;
    out["IsOrganizationTrail"] = is_organization;
    out["LogFileValidationEnabled"] = log_file_validation;
    put_optional(out, "CloudWatchLogsLogGroupArn", cloudwatch_logs_log_group_arn);
    put_optional(out, "CloudWatchLogsRoleArn", cloudwatch_logs_role_arn);
    put_optional(out, "KmsKeyId", kms_key_id);
    json tag_list = json::array();
    for (const TrailTag& tag : tags) {
        tag_list.push_back({{"Key", tag.key}, {"Value", tag.value}});
    }
    out["Tags"] = std::move(tag_list);
    out["Selectors"] = selectors.to_document();
    out["InsightSelectors"] = insight_selectors;
    out["IsLogging"] = is_logging;
    out["Status"] = status_to_json(status);
    return out;
}

TrailResult<Trail> Trail::from_document(const json& document) {
    if (!document.is_object()) {
        return trail_error(TrailErrc::kStorage, "stored trail is not a JSON object");
    }
    Trail t;
    t.name = get_optional(document, "Name").value_or("");
    t.account_id = get_optional(document, "AccountId").value_or("");
    t.home_region = get_optional(document, "HomeRegion").value_or("");
    t.arn = get_optional(document, "TrailARN").value_or("");
    t.s3_bucket = get_optional(document, "S3BucketName").value_or("");
    if (t.name.empty() || t.account_id.empty() || t.home_region.empty() || t.arn.empty()) {
        return trail_error(TrailErrc::kStorage, "stored trail lacks its name, account or ARN");
    }
    t.s3_key_prefix = get_optional(document, "S3KeyPrefix");
    t.sns_topic_name = get_optional(document, "SnsTopicName");
    t.sns_topic_arn = get_optional(document, "SnsTopicARN");
    t.include_global_service_events = get_bool(document, "IncludeGlobalServiceEvents", true);
    t.is_multi_region = get_bool(document, "IsMultiRegionTrail", false);
    t.is_organization = get_bool(document, "IsOrganizationTrail", false);
    t.log_file_validation = get_bool(document, "LogFileValidationEnabled", false);
    t.cloudwatch_logs_log_group_arn = get_optional(document, "CloudWatchLogsLogGroupArn");
    t.cloudwatch_logs_role_arn = get_optional(document, "CloudWatchLogsRoleArn");
    t.kms_key_id = get_optional(document, "KmsKeyId");
    if (auto it = document.find("Tags"); it != document.end() && it->is_array()) {
        for (const json& tag : *it) {
            if (tag.is_object()) {
                t.tags.push_back({get_optional(tag, "Key").value_or(""),
                                  get_optional(tag, "Value").value_or("")});
            }
        }
    }
    if (auto it = document.find("Selectors"); it != document.end() && !it->is_null()) {
        auto selectors = TrailSelectors::from_document(*it);
        if (!selectors) {
            return trail_error(
                TrailErrc::kStorage,
                "stored selectors of trail " + t.arn + ": " + selectors.error().message);
        }
        t.selectors = std::move(*selectors);
    }
    if (auto it = document.find("InsightSelectors"); it != document.end() && it->is_array()) {
        t.insight_selectors = *it;
    }
    t.is_logging = get_bool(document, "IsLogging", false);
    if (auto it = document.find("Status"); it != document.end()) {
        t.status = status_from_json(*it);
    }
    return t;
}

storage::StoredResource Trail::to_resource() const {
    storage::StoredResource row;
    row.account_id = account_id;
    row.region = home_region;
    row.type = std::string(kTrailResourceType);
    row.name = name;
    row.arn = arn;
    row.document = to_document().dump();
    return row;
}

TrailResult<Trail> Trail::from_resource(const storage::StoredResource& row) {
    json document = json::parse(row.document, nullptr, false);
    if (document.is_discarded()) {
        return trail_error(TrailErrc::kStorage, "stored trail " + row.arn + " is not JSON");
    }
    return from_document(document);
}

TrailResult<std::vector<TrailTag>> parse_tags(const json& tags) {
    std::vector<TrailTag> out;
    if (tags.is_null()) {
        return out;
    }
    if (!tags.is_array()) {
        return wrong_type("TagsList", "a list");
    }
    for (const json& tag : tags) {
        if (!tag.is_object()) {
            return trail_error(TrailErrc::kInvalidTagParameter, "Each tag must be a structure.");
        }
        TRAIL_ASSIGN_OR_RETURN(auto key, read_string(tag, "Key"));
        TRAIL_ASSIGN_OR_RETURN(auto value, read_string(tag, "Value"));
        if (!key) {
            return trail_error(TrailErrc::kInvalidTagParameter, "Tag key must not be null.");
        }
        out.push_back({std::move(*key), value.value_or("")});
    }
    return out;
}

TrailResult<TrailSettings> parse_trail_settings(const json& input) {
    if (!input.is_object()) {
        return trail_error(TrailErrc::kInvalidParameter, "The trail must be a JSON object.");
    }
    TrailSettings s;
    TRAIL_ASSIGN_OR_RETURN(auto name, read_string(input, "Name"));
    s.name = name.value_or("");
    struct StringMember {
        const char* key;
        std::optional<std::string>* target;
    };
    for (StringMember m :
         {StringMember{"S3BucketName", &s.s3_bucket},
          StringMember{"S3KeyPrefix", &s.s3_key_prefix},
          StringMember{"SnsTopicName", &s.sns_topic},
          StringMember{"CloudWatchLogsLogGroupArn", &s.cloudwatch_logs_log_group_arn},
          StringMember{"CloudWatchLogsRoleArn", &s.cloudwatch_logs_role_arn},
          StringMember{"KmsKeyId", &s.kms_key_id}}) {
        TRAIL_ASSIGN_OR_RETURN(*m.target, read_string(input, m.key));
    }
    struct BoolMember {
        const char* key;
        std::optional<bool>* target;
    };
    for (BoolMember m : {BoolMember{"IncludeGlobalServiceEvents", &s.include_global_service_events},
                         BoolMember{"IsMultiRegionTrail", &s.is_multi_region},
                         BoolMember{"EnableLogFileValidation", &s.log_file_validation},
                         BoolMember{"IsOrganizationTrail", &s.is_organization}}) {
        TRAIL_ASSIGN_OR_RETURN(*m.target, read_bool(input, m.key));
    }
    if (auto it = input.find("TagsList"); it != input.end()) {
        TRAIL_ASSIGN_OR_RETURN(s.tags, parse_tags(*it));
    }
    return s;
}

std::string_view insight_type_name(InsightType type) {
    return type == InsightType::kApiCallRate ? "ApiCallRateInsight" : "ApiErrorRateInsight";
}

InsightTypes insight_types_of(const nlohmann::json& insight_selectors) {
    InsightTypes types;
    if (!insight_selectors.is_array()) {
        return types;
    }
    for (const nlohmann::json& selector : insight_selectors) {
        if (!selector.is_object()) {
            continue;
        }
        auto categories = selector.find("EventCategories");
        bool management = categories == selector.end() || !categories->is_array();
        if (!management) {
            for (const nlohmann::json& category : *categories) {
                management = management || (category.is_string() && category == "Management");
            }
        }
        auto type = selector.find("InsightType");
        if (!management || type == selector.end() || !type->is_string()) {
            continue;
        }
        if (*type == "ApiCallRateInsight") {
            types.api_call_rate = true;
        } else if (*type == "ApiErrorRateInsight") {
            types.api_error_rate = true;
        }
    }
    return types;
}

}  // namespace tripline::trail
