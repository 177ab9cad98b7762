#include "trail/trail_service.h"

#include <spdlog/spdlog.h>

#include "base/arn.h"
#include "trail/trail_names.h"

namespace tripline::trail {

namespace {

TrailError unknown_trail(std::string_view arn, std::string_view account) {
    return trail_error(
        TrailErrc::kTrailNotFound,
        "Unknown trail: " + std::string(arn) + " for the user: " + std::string(account));
}

// S3's bucket naming rules (the ones a trail's bucket must follow).
bool is_valid_bucket_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 63) {
        return false;
    }
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(name.front()) || !alnum(name.back())) {
        return false;
    }
    for (char c : name) {
        if (!alnum(c) && c != '.' && c != '-') {
            return false;
        }
    }
    return name.find("..") == std::string_view::npos;
}

bool is_valid_topic_name(std::string_view name) {
    if (name.empty() || name.size() > 256) {
        return false;
    }
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// A key id (UUID), a key or alias ARN, or "alias/<name>".
bool is_valid_kms_key_id(std::string_view id) {
    if (id.starts_with("alias/")) {
        return id.size() > 6;
    }
    if (id.starts_with("arn:")) {
        auto arn = parse_arn(id);
        return arn && arn->service == "kms" &&
               (arn->resource.starts_with("key/") || arn->resource.starts_with("alias/"));
    }
    return id.size() == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-';
}

std::string topic_name_of(std::string_view topic_arn) {
    std::size_t colon = topic_arn.rfind(':');
    return std::string(colon == std::string_view::npos ? topic_arn : topic_arn.substr(colon + 1));
}

}  // namespace

TrailService::TrailService(storage::ResourceStore& resources,
                           storage::BucketStore& buckets,
                           LogDelivery& delivery,
                           Clock& clock,
                           TrailHooks hooks)
    : resources_(resources),
      buckets_(buckets),
      delivery_(delivery),
      clock_(clock),
      hooks_(std::move(hooks)) {
    if (TrailStatus loaded = reload(); !loaded) {
        spdlog::error("cloudtrail: could not load trails: {}", loaded.error().message);
    }
}

TrailService::~TrailService() = default;

TrailStatus TrailService::reload() {
    TRAIL_ASSIGN_OR_RETURN(auto rows, resources_.list_all(kTrailResourceType));
    std::lock_guard lock(mutex_);
    trails_.clear();
    for (const storage::StoredResource& row : rows) {
        auto trail = Trail::from_resource(row);
        if (!trail) {
            spdlog::warn(
                "cloudtrail: skipping stored trail {}: {}", row.arn, trail.error().message);
            continue;
        }
        trails_.emplace(trail->arn, std::move(*trail));
    }
    publish_snapshot();
    return {};
}

// ---- lookup

TrailResult<Trail*> TrailService::find_visible(const TrailScope& scope,
                                               std::string_view name_or_arn) {
    if (looks_like_trail_arn(name_or_arn)) {
        auto parsed = parse_trail_arn(name_or_arn);
        if (!parsed) {
            return trail_error(TrailErrc::kInvalidTrailArn, parsed.error().message);
        }
        auto it = trails_.find(name_or_arn);
        if (it == trails_.end() || parsed->account != scope.account_id ||
            !it->second.logs_region(scope.region)) {
            return unknown_trail(name_or_arn, scope.account_id);
        }
        return &it->second;
    }
    if (Status valid = validate_trail_name(name_or_arn); !valid) {
        return trail_error(TrailErrc::kInvalidTrailName, valid.error().message);
    }
    const std::string own_arn = trail_arn(scope.account_id, scope.region, name_or_arn);
    if (auto it = trails_.find(own_arn); it != trails_.end()) {
        return &it->second;
    }
    for (auto& [arn, trail] : trails_) {
        if (trail.is_multi_region && trail.account_id == scope.account_id &&
            trail.name == name_or_arn) {
            return &trail;
        }
    }
    return unknown_trail(own_arn, scope.account_id);
}

TrailResult<Trail*> TrailService::find_in_home_region(const TrailScope& scope,
                                                      std::string_view name_or_arn) {
    TRAIL_ASSIGN_OR_RETURN(Trail * trail, find_visible(scope, name_or_arn));
    if (trail->home_region != scope.region) {
        return trail_error(TrailErrc::kInvalidHomeRegion,
                           "This operation must be called from the trail's home region (" +
                               trail->home_region + ").");
    }
    return trail;
}

TrailStatus TrailService::check_name_free(const Trail& trail) {
    for (const auto& [arn, other] : trails_) {
        if (arn == trail.arn || other.account_id != trail.account_id || other.name != trail.name) {
            continue;
        }
        // Names must be unique among the trails visible in any one region.
        if (other.home_region == trail.home_region || other.is_multi_region ||
            trail.is_multi_region) {
            return trail_error(
                TrailErrc::kTrailAlreadyExists,
                "Trail " + trail.name + " already exists for customer: " + trail.account_id);
        }
    }
    return {};
}

// ---- settings

TrailStatus TrailService::apply_settings(Trail& trail,
                                         const TrailSettings& settings,
                                         bool creating) {
    if (settings.s3_bucket) {
        const std::string& bucket = *settings.s3_bucket;
        if (!is_valid_bucket_name(bucket)) {
            return trail_error(TrailErrc::kInvalidBucketName,
                               "Bucket name is not valid: " + bucket);
        }
        auto row = buckets_.find_bucket(bucket);
        if (!row) {
            if (row.error().code == Errc::kNotFound) {
                return trail_error(TrailErrc::kBucketNotFound,
                                   "S3 bucket does not exist: " + bucket);
            }
            return from_error(row.error());
        }
        trail.s3_bucket = bucket;
    } else if (creating) {
        return trail_error(TrailErrc::kInvalidParameter,
                           "S3BucketName is required when creating a trail.");
    }
    if (settings.s3_key_prefix) {
        if (settings.s3_key_prefix->size() > kMaxS3KeyPrefixLength) {
            return trail_error(TrailErrc::kInvalidS3Prefix,
                               "Prefix is too long. Maximum length is 200 characters.");
        }
        trail.s3_key_prefix = settings.s3_key_prefix->empty()
                                  ? std::nullopt
                                  : std::optional<std::string>(*settings.s3_key_prefix);
    }
    if (settings.sns_topic) {
        const std::string& topic = *settings.sns_topic;
        if (topic.empty()) {
            trail.sns_topic_name.reset();
            trail.sns_topic_arn.reset();
        } else {
            const bool is_arn = topic.starts_with("arn:");
            if (is_arn ? !(parse_arn(topic) && parse_arn(topic)->service == "sns")
                       : !is_valid_topic_name(topic)) {
                return trail_error(TrailErrc::kInvalidSnsTopicName,
                                   "SNS topic name or ARN is not valid: " + topic);
            }
            std::optional<std::string> arn;
            if (hooks_.resolve_topic) {
                arn = hooks_.resolve_topic(trail.account_id, trail.home_region, topic);
            }
            if (!arn) {
                return trail_error(TrailErrc::kTopicNotFound,
                                   "SNS Topic does not exist or the topic policy is incorrect!");
            }
            trail.sns_topic_arn = *arn;
            trail.sns_topic_name = topic_name_of(*arn);
        }
    }
    if (settings.include_global_service_events) {
        trail.include_global_service_events = *settings.include_global_service_events;
    }
    if (settings.is_multi_region) {
        trail.is_multi_region = *settings.is_multi_region;
    }
    if (settings.log_file_validation) {
        trail.log_file_validation = *settings.log_file_validation;
    }
    if (settings.is_organization) {
        trail.is_organization = *settings.is_organization;
    }
    if (trail.is_multi_region && !trail.include_global_service_events) {
        return trail_error(TrailErrc::kInvalidParameterCombination,
                           "Multi-Region trail must include global service events.");
    }
    if (settings.cloudwatch_logs_log_group_arn) {
        const std::string& group = *settings.cloudwatch_logs_log_group_arn;
        if (!group.empty()) {
            auto arn = parse_arn(group);
            if (!arn || arn->service != "logs" || !arn->resource.starts_with("log-group:")) {
                return trail_error(TrailErrc::kInvalidCloudWatchLogsGroupArn,
                                   "CloudWatch Logs log group ARN is not valid: " + group);
            }
        }
        trail.cloudwatch_logs_log_group_arn =
            group.empty() ? std::nullopt : std::optional<std::string>(group);
    }
    if (settings.cloudwatch_logs_role_arn) {
        const std::string& role = *settings.cloudwatch_logs_role_arn;
        if (!role.empty()) {
            auto arn = parse_arn(role);
            if (!arn || arn->service != "iam" || !arn->resource.starts_with("role/")) {
                return trail_error(TrailErrc::kInvalidCloudWatchLogsRoleArn,
                                   "CloudWatch Logs role ARN is not valid: " + role);
            }
        }
        trail.cloudwatch_logs_role_arn =
            role.empty() ? std::nullopt : std::optional<std::string>(role);
    }
    if (trail.cloudwatch_logs_log_group_arn.has_value() !=
        trail.cloudwatch_logs_role_arn.has_value()) {
        return trail_error(
            trail.cloudwatch_logs_role_arn ? TrailErrc::kInvalidCloudWatchLogsGroupArn
                                           : TrailErrc::kInvalidCloudWatchLogsRoleArn,
            "You must specify both a CloudWatch Logs log group ARN and a role ARN, or neither.");
    }
    if (settings.kms_key_id) {
        const std::string& key = *settings.kms_key_id;
        if (!key.empty() && !is_valid_kms_key_id(key)) {
            return trail_error(TrailErrc::kInvalidKmsKeyId, "KMS key id is not valid: " + key);
        }
        trail.kms_key_id = key.empty() ? std::nullopt : std::optional<std::string>(key);
    }
    return {};
}

TrailStatus TrailService::save(const Trail& trail) {
    TRAIL_TRY(resources_.put(trail.to_resource(), clock_.now()));
    trails_.insert_or_assign(trail.arn, trail);
    publish_snapshot();
    return {};
}

// ---- trails

TrailResult<Trail> TrailService::create_trail(const TrailScope& scope,
                                              const TrailSettings& settings) {
    if (looks_like_trail_arn(settings.name)) {
        return trail_error(TrailErrc::kInvalidTrailName,
                           "Trail name or ARN can only contain uppercase letters, lowercase "
                           "letters, numbers, periods (.), hyphens (-), and underscores (_).");
    }
    if (Status valid = validate_trail_name(settings.name); !valid) {
        return trail_error(TrailErrc::kInvalidTrailName, valid.error().message);
    }
    std::lock_guard lock(mutex_);
    Trail trail;
    trail.name = settings.name;
    trail.account_id = scope.account_id;
    trail.home_region = scope.region;
    trail.arn = trail_arn(scope.account_id, scope.region, settings.name);
    if (trails_.contains(trail.arn)) {
        return trail_error(
            TrailErrc::kTrailAlreadyExists,
            "Trail " + trail.name + " already exists for customer: " + trail.account_id);
    }
    TRAIL_TRY(apply_settings(trail, settings, true));
    TRAIL_TRY(check_name_free(trail));
    std::size_t in_region = 0;
    for (const auto& [arn, other] : trails_) {
        if (other.account_id == scope.account_id && other.home_region == scope.region) {
            ++in_region;
        }
    }
    if (in_region >= kMaxTrailsPerRegion) {
        return trail_error(TrailErrc::kMaximumTrailsExceeded,
                           "User: " + scope.account_id + " already has " +
                               std::to_string(kMaxTrailsPerRegion) + " trails in " + scope.region +
                               ".");
    }
    TRAIL_TRY(merge_tags(trail, settings.tags));
    TRAIL_TRY(save(trail));
    return trail;
}

TrailResult<Trail> TrailService::update_trail(const TrailScope& scope,
                                              const TrailSettings& settings) {
    std::lock_guard lock(mutex_);
    TRAIL_ASSIGN_OR_RETURN(Trail * found, find_in_home_region(scope, settings.name));
    Trail trail = *found;
    TRAIL_TRY(apply_settings(trail, settings, false));
    TRAIL_TRY(check_name_free(trail));
    TRAIL_TRY(save(trail));
    return trail;
}

TrailStatus TrailService::delete_trail(const TrailScope& scope, std::string_view name_or_arn) {
    std::lock_guard lock(mutex_);
    TRAIL_ASSIGN_OR_RETURN(Trail * trail, find_in_home_region(scope, name_or_arn));
    TRAIL_TRY(
        resources_.remove(trail->account_id, trail->home_region, kTrailResourceType, trail->name));
    trails_.erase(trail->arn);
    publish_snapshot();
    return {};
}

TrailResult<Trail> TrailService::get_trail(const TrailScope& scope, std::string_view name_or_arn) {
    std::lock_guard lock(mutex_);
    TRAIL_ASSIGN_OR_RETURN(Trail * trail, find_visible(scope, name_or_arn));
    return *trail;
}

TrailResult<Trail> TrailService::get_trail_status(const TrailScope& scope,
                                                  std::string_view name_or_arn) {
    return get_trail(scope, name_or_arn);
}

TrailResult<std::vector<Trail>> TrailService::describe_trails(const TrailScope& scope,
                                                              const std::vector<std::string>& names,
                                                              bool include_shadow_trails) {
    std::lock_guard lock(mutex_);
    std::vector<Trail> out;
    if (names.empty()) {
        for (const auto& [arn, trail] : trails_) {
            if (trail.account_id == scope.account_id &&
                (trail.home_region == scope.region ||
                 (include_shadow_trails && trail.is_multi_region))) {
                out.push_back(trail);
            }
        }
        return out;
    }
    for (const std::string& name : names) {
        const Trail* found = nullptr;
        if (looks_like_trail_arn(name)) {
            auto parsed = parse_trail_arn(name);
            if (!parsed) {
                return trail_error(TrailErrc::kInvalidTrailArn, parsed.error().message);
            }
            auto it = trails_.find(name);
            if (it != trails_.end() && parsed->account == scope.account_id) {
                found = &it->second;
            }
        } else {
            auto trail = find_visible(scope, name);
            if (trail) {
                if ((*trail)->home_region == scope.region || include_shadow_trails) {
                    found = *trail;
                }
            } else if (trail.error().code != TrailErrc::kTrailNotFound) {
                return std::move(trail).error();
            }
        }
        if (found != nullptr) {
            bool seen = false;
            for (const Trail& t : out) {
                seen = seen || t.arn == found->arn;
            }
            if (!seen) {
                out.push_back(*found);
            }
        }
    }
    return out;
}

std::vector<Trail> TrailService::list_trails(const TrailScope& scope) {
    std::lock_guard lock(mutex_);
    std::vector<Trail> out;
    for (const auto& [arn, trail] : trails_) {
        if (trail.account_id == scope.account_id) {
            out.push_back(trail);
        }
    }
    return out;
}

TrailStatus TrailService::set_logging(const TrailScope& scope,
                                      std::string_view name_or_arn,
                                      bool logging) {
    std::lock_guard lock(mutex_);
    TRAIL_ASSIGN_OR_RETURN(Trail * found, find_in_home_region(scope, name_or_arn));
    if (found->is_logging == logging) {
        return {};
    }
    Trail trail = *found;
    trail.is_logging = logging;
    (logging ? trail.status.start_logging_time : trail.status.stop_logging_time) = clock_.now();
    return save(trail);
}

TrailStatus TrailService::start_logging(const TrailScope& scope, std::string_view name_or_arn) {
    return set_logging(scope, name_or_arn, true);
}

TrailStatus TrailService::stop_logging(const TrailScope& scope, std::string_view name_or_arn) {
    return set_logging(scope, name_or_arn, false);
}

}  // namespace tripline::trail
