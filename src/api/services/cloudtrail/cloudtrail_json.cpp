#include "api/services/cloudtrail/cloudtrail_json.h"

#include <cctype>
#include <cmath>

#include "api/recorded_names.h"

namespace tripline::api::services::cloudtrail {

using nlohmann::json;
using trail::TrailErrc;

trail::TrailScope scope_of(const ApiCall& call) { return {call.principal.account_id, call.region}; }

ApiError to_api_error(const trail::TrailError& error) {
    const char* code = "InternalFailure";
    switch (error.code) {
        case TrailErrc::kTrailNotFound:
            code = "TrailNotFoundException";
            break;
        case TrailErrc::kTrailAlreadyExists:
            code = "TrailAlreadyExistsException";
            break;
        case TrailErrc::kInvalidTrailName:
            code = "InvalidTrailNameException";
            break;
        case TrailErrc::kInvalidTrailArn:
            code = "CloudTrailARNInvalidException";
            break;
        case TrailErrc::kInvalidHomeRegion:
            code = "InvalidHomeRegionException";
            break;
        case TrailErrc::kMaximumTrailsExceeded:
            code = "MaximumNumberOfTrailsExceededException";
            break;
        case TrailErrc::kBucketNotFound:
            code = "S3BucketDoesNotExistException";
            break;
        case TrailErrc::kInvalidBucketName:
            code = "InvalidS3BucketNameException";
            break;
        case TrailErrc::kInvalidS3Prefix:
            code = "InvalidS3PrefixException";
            break;
        case TrailErrc::kInvalidSnsTopicName:
            code = "InvalidSnsTopicNameException";
            break;
        case TrailErrc::kTopicNotFound:
            // AWS cannot tell a missing topic from one whose policy refuses CloudTrail.
            code = "InsufficientSnsTopicPolicyException";
            break;
        case TrailErrc::kInvalidEventSelectors:
            code = "InvalidEventSelectorsException";
            break;
        case TrailErrc::kInvalidInsightSelectors:
            code = "InvalidInsightSelectorsException";
            break;
        case TrailErrc::kInsightNotEnabled:
            code = "InsightNotEnabledException";
            break;
        case TrailErrc::kInvalidParameter:
            code = "InvalidParameterException";
            break;
        case TrailErrc::kInvalidParameterCombination:
            code = "InvalidParameterCombinationException";
            break;
        case TrailErrc::kInvalidCloudWatchLogsGroupArn:
            code = "InvalidCloudWatchLogsLogGroupArnException";
            break;
        case TrailErrc::kInvalidCloudWatchLogsRoleArn:
            code = "InvalidCloudWatchLogsRoleArnException";
            break;
        case TrailErrc::kInvalidKmsKeyId:
            code = "InvalidKmsKeyIdException";
            break;
        case TrailErrc::kResourceNotFound:
            code = "ResourceNotFoundException";
            break;
        case TrailErrc::kTagsLimitExceeded:
            code = "TagsLimitExceededException";
            break;
        case TrailErrc::kInvalidTagParameter:
            code = "InvalidTagParameterException";
            break;
        case TrailErrc::kStorage:
            return ApiError{500, "InternalFailure", error.message, false};
    }
    return ApiError{400, code, error.message};
}

ApiError invalid_parameter(std::string message) {
    return ApiError{400, "InvalidParameterException", std::move(message)};
}

const json* present(const json& input, const char* member) {
    auto it = input.find(member);
    return it == input.end() || it->is_null() ? nullptr : &*it;
}

namespace {

trail::TrailError wrong_type(const char* member, const char* type) {
    return trail::trail_error(TrailErrc::kInvalidParameter,
                              std::string("Parameter ") + member + " must be " + type + ".");
}

}  // namespace

trail::TrailResult<std::optional<std::string>> optional_string(const json& input,
                                                               const char* member) {
    const json* value = present(input, member);
    if (value == nullptr) {
        return std::optional<std::string>();
    }
    if (!value->is_string()) {
        return wrong_type(member, "a string");
    }
    return std::optional<std::string>(value->get<std::string>());
}

trail::TrailResult<std::optional<bool>> optional_bool(const json& input, const char* member) {
    const json* value = present(input, member);
    if (value == nullptr) {
        return std::optional<bool>();
    }
    if (!value->is_boolean()) {
        return wrong_type(member, "a boolean");
    }
    return std::optional<bool>(value->get<bool>());
}

trail::TrailResult<std::optional<std::vector<std::string>>> optional_string_list(
    const json& input, const char* member) {
    const json* value = present(input, member);
    if (value == nullptr) {
        return std::optional<std::vector<std::string>>();
    }
    if (!value->is_array()) {
        return wrong_type(member, "a list of strings");
    }
    std::vector<std::string> out;
    for (const json& item : *value) {
        if (!item.is_string()) {
            return wrong_type(member, "a list of strings");
        }
        out.push_back(item.get<std::string>());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
}

trail::TrailResult<std::optional<TimePoint>> optional_time(const json& input, const char* member) {
    const json* value = present(input, member);
    if (value == nullptr) {
        return std::optional<TimePoint>();
    }
    if (value->is_number()) {
        const double seconds = value->get<double>();
        if (!std::isfinite(seconds) || seconds < 0 || seconds > 253402300799.0) {
            return wrong_type(member, "a valid timestamp");
        }
        return std::optional<TimePoint>(TimePoint{
            std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds))});
    }
    TimePoint t;
    if (value->is_string() && parse_iso8601(value->get<std::string>(), t)) {
        return std::optional<TimePoint>(t);
    }
    return wrong_type(member, "a timestamp");
}

double epoch_seconds(TimePoint t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

json trail_settings_to_json(const trail::Trail& t) {
    json out = json::object();
    out["Name"] = t.name;
    out["S3BucketName"] = t.s3_bucket;
    if (t.s3_key_prefix) {
        out["S3KeyPrefix"] = *t.s3_key_prefix;
    }
    if (t.sns_topic_name) {
        out["SnsTopicName"] = *t.sns_topic_name;
    }
    if (t.sns_topic_arn) {
        out["SnsTopicARN"] = *t.sns_topic_arn;
    }
    out["IncludeGlobalServiceEvents"] = t.include_global_service_events;
    out["IsMultiRegionTrail"] = t.is_multi_region;
    out["TrailARN"] = t.arn;
    out["LogFileValidationEnabled"] = t.log_file_validation;
    if (t.cloudwatch_logs_log_group_arn) {
        out["CloudWatchLogsLogGroupArn"] = *t.cloudwatch_logs_log_group_arn;
    }
    if (t.cloudwatch_logs_role_arn) {
        out["CloudWatchLogsRoleArn"] = *t.cloudwatch_logs_role_arn;
    }
    if (t.kms_key_id) {
        out["KmsKeyId"] = *t.kms_key_id;
    }
    out["IsOrganizationTrail"] = t.is_organization;
    return out;
}

json trail_to_json(const trail::Trail& t) {
    json out = trail_settings_to_json(t);
    out["HomeRegion"] = t.home_region;
    out["HasCustomEventSelectors"] = t.selectors.has_custom_selectors();
    out["HasInsightSelectors"] = t.has_insight_selectors();
    return out;
}

json trail_status_to_json(const trail::Trail& t) {
    const trail::TrailDeliveryStatus& s = t.status;
    json out = json::object();
    out["IsLogging"] = t.is_logging;
    auto time = [&](const char* key, const std::optional<TimePoint>& value) {
        if (value) {
            out[key] = epoch_seconds(*value);
        }
    };
    auto text = [&](const char* key, const std::optional<std::string>& value) {
        if (value) {
            out[key] = *value;
        }
    };
    auto twin = [&](const char* key, const std::optional<TimePoint>& value) {
        out[key] = value ? format_iso8601(*value) : std::string();
    };
    text("LatestDeliveryError", s.latest_delivery_error);
    text("LatestNotificationError", s.latest_notification_error);
    time("LatestDeliveryTime", s.latest_delivery_time);
    time("LatestNotificationTime", s.latest_notification_time);
    time("StartLoggingTime", s.start_logging_time);
    time("StopLoggingTime", s.stop_logging_time);
    text("LatestCloudWatchLogsDeliveryError", s.latest_cloudwatch_logs_delivery_error);
    time("LatestCloudWatchLogsDeliveryTime", s.latest_cloudwatch_logs_delivery_time);
    time("LatestDigestDeliveryTime", s.latest_digest_delivery_time);
    text("LatestDigestDeliveryError", s.latest_digest_delivery_error);
    twin("LatestDeliveryAttemptTime", s.latest_delivery_attempt_time);
    twin("LatestNotificationAttemptTime", s.latest_notification_attempt_time);
    twin("LatestNotificationAttemptSucceeded", s.latest_notification_time);
    twin("LatestDeliveryAttemptSucceeded", s.latest_delivery_time);
    twin("TimeLoggingStarted", s.start_logging_time);
    twin("TimeLoggingStopped", s.stop_logging_time);
    return out;
}

json tags_to_json(const std::vector<trail::TrailTag>& tags) {
    json out = json::array();
    for (const trail::TrailTag& tag : tags) {
        out.push_back({{"Key", tag.key}, {"Value", tag.value}});
    }
    return out;
}

json lower_camel(const json& value) { return lower_camel_keys(value); }

void record_trail_resource(ApiCall& call, const trail::Trail& trail) {
    call.resources.push_back({"AWS::CloudTrail::Trail", trail.arn, trail.account_id});
}

}  // namespace tripline::api::services::cloudtrail
