// TrailService: the record pipeline step (on_record) and log-file delivery bookkeeping
// (deliver_due), over an immutable snapshot of the logging trails.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

#include "trail/trail_service.h"

namespace tripline::trail {

namespace {

// The regions a multi-region trail logs (and writes digests for): AWS's commercial regions that
// are enabled by default. Records of any other region are logged too (on_record does not consult
// this list); only their digests are not written unless the home region is one of them.
constexpr std::array<std::string_view, 17> kDefaultRegions = {"us-east-1",
                                                              "us-east-2",
                                                              "us-west-1",
                                                              "us-west-2",
                                                              "ap-south-1",
                                                              "ap-northeast-1",
                                                              "ap-northeast-2",
                                                              "ap-northeast-3",
                                                              "ap-southeast-1",
                                                              "ap-southeast-2",
                                                              "ca-central-1",
                                                              "eu-central-1",
                                                              "eu-west-1",
                                                              "eu-west-2",
                                                              "eu-west-3",
                                                              "eu-north-1",
                                                              "sa-east-1"};

// Services whose events AWS records in us-east-1 whatever region the caller used (cloudtrail.md
// §1); IncludeGlobalServiceEvents false keeps them out of a trail.
bool is_global_service_event(const event::CloudTrailRecord& record) {
    if (!record.event_source || record.aws_region != "us-east-1") {
        return false;
    }
    static constexpr std::array<std::string_view, 6> kGlobal = {"iam.amazonaws.com",
                                                                "sts.amazonaws.com",
                                                                "signin.amazonaws.com",
                                                                "cloudfront.amazonaws.com",
                                                                "route53.amazonaws.com",
                                                                "organizations.amazonaws.com"};
    return std::find(kGlobal.begin(), kGlobal.end(), *record.event_source) != kGlobal.end();
}

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
        return std::hash<std::string_view>{}(text);
    }
};

}  // namespace

// One logging trail as the hot path needs it.
struct ActiveTrail {
    TrailDestination destination;
    TrailSelectors selectors;
    std::string home_region;
    bool multi_region = false;
    bool include_global_service_events = true;
    std::optional<std::string> log_group_arn;  // CloudWatchLogsLogGroupArn
    InsightTypes insights;                     // its insight selectors (management events)
};

struct TrailService::Snapshot {
    // Logging trails by owner account.
    std::unordered_map<std::string, std::vector<ActiveTrail>, StringHash, std::equal_to<>>
        by_account;
    std::size_t count = 0;
};

void TrailService::publish_snapshot() {
    auto snapshot = std::make_shared<Snapshot>();
    std::vector<TrailDestination> destinations;
    for (const auto& [arn, trail] : trails_) {
        if (!trail.is_logging) {
            continue;
        }
        ActiveTrail active;
        TrailDestination& d = active.destination;
        d.trail_arn = trail.arn;
        d.trail_name = trail.name;
        d.home_region = trail.home_region;
        d.account_id = trail.account_id;
        d.bucket = trail.s3_bucket;
        d.key_prefix = trail.s3_key_prefix.value_or("");
        d.log_file_validation = trail.log_file_validation;
        if (trail.is_multi_region) {
            d.regions.assign(kDefaultRegions.begin(), kDefaultRegions.end());
            if (std::find(d.regions.begin(), d.regions.end(), trail.home_region) ==
                d.regions.end()) {
                d.regions.push_back(trail.home_region);
            }
        } else {
            d.regions = {trail.home_region};
        }
        active.selectors = trail.selectors;
        active.home_region = trail.home_region;
        active.multi_region = trail.is_multi_region;
        active.include_global_service_events = trail.include_global_service_events;
        active.log_group_arn = trail.cloudwatch_logs_log_group_arn;
        active.insights = insight_types_of(trail.insight_selectors);
        destinations.push_back(d);
        snapshot->by_account[trail.account_id].push_back(std::move(active));
        ++snapshot->count;
    }
    snapshot_.store(std::move(snapshot), std::memory_order_release);
    delivery_.set_active_trails(std::move(destinations));
}

void TrailService::note_cloudwatch_logs_delivery(std::string_view trail_arn,
                                                 TimePoint at,
                                                 const std::optional<std::string>& error) {
    std::lock_guard lock(mutex_);
    auto it = trails_.find(trail_arn);
    if (it == trails_.end()) {
        return;
    }
    TrailDeliveryStatus& status = it->second.status;
    if (error) {
        status.latest_cloudwatch_logs_delivery_error = *error;
    } else {
        status.latest_cloudwatch_logs_delivery_time = at;
        status.latest_cloudwatch_logs_delivery_error.reset();
    }
    if (auto saved = resources_.put(it->second.to_resource(), clock_.now()); !saved) {
        spdlog::warn("trail {}: cannot save its delivery status: {}",
                     it->second.name,
                     saved.error().to_string());
    }
}

std::size_t TrailService::logging_trail_count() const {
    auto snapshot = snapshot_.load(std::memory_order_acquire);
    return snapshot ? snapshot->count : 0;
}

void TrailService::on_record(const event::CloudTrailRecord& record) {
    thread_local std::string json;
    json.clear();
    event::append_json(json, record);
    on_record(record, json);
}

void TrailService::on_record(const event::CloudTrailRecord& record, std::string_view record_json) {
    auto snapshot = snapshot_.load(std::memory_order_acquire);
    if (!snapshot || snapshot->count == 0 || !record.aws_region) {
        return;
    }
    const std::string* account = nullptr;
    if (record.recipient_account_id) {
        account = &*record.recipient_account_id;
    } else if (record.user_identity && record.user_identity->account_id) {
        account = &*record.user_identity->account_id;
    }
    if (account == nullptr) {
        return;
    }
    auto found = snapshot->by_account.find(std::string_view(*account));
    if (found == snapshot->by_account.end()) {
        return;
    }
    const std::string& region = *record.aws_region;
    const bool global = is_global_service_event(record);
    for (const ActiveTrail& trail : found->second) {
        if (!trail.multi_region && region != trail.home_region) {
            continue;
        }
        if (global && !trail.include_global_service_events) {
            continue;
        }
        if (trail.selectors.selects(record)) {
            delivery_.add(trail.destination, record, record_json);
            if (trail.log_group_arn && hooks_.log_record) {
                hooks_.log_record(
                    trail.destination.trail_arn, *trail.log_group_arn, record, record_json);
            }
        }
    }
}

InsightTypes TrailService::insight_types(std::string_view account, std::string_view region) const {
    InsightTypes types;
    auto snapshot = snapshot_.load(std::memory_order_acquire);
    if (!snapshot) {
        return types;
    }
    auto found = snapshot->by_account.find(account);
    if (found == snapshot->by_account.end()) {
        return types;
    }
    for (const ActiveTrail& trail : found->second) {
        if (trail.multi_region || region == trail.home_region) {
            types.api_call_rate = types.api_call_rate || trail.insights.api_call_rate;
            types.api_error_rate = types.api_error_rate || trail.insights.api_error_rate;
        }
    }
    return types;
}

void TrailService::on_insight(const event::CloudTrailRecord& record,
                              std::string_view record_json,
                              InsightType type) {
    auto snapshot = snapshot_.load(std::memory_order_acquire);
    if (!snapshot || !record.recipient_account_id || !record.aws_region) {
        return;
    }
    auto found = snapshot->by_account.find(std::string_view(*record.recipient_account_id));
    if (found == snapshot->by_account.end()) {
        return;
    }
    for (const ActiveTrail& trail : found->second) {
        if ((!trail.multi_region && *record.aws_region != trail.home_region) ||
            !trail.insights.has(type)) {
            continue;
        }
        delivery_.add(trail.destination, record, record_json);
        if (trail.log_group_arn && hooks_.log_record) {
            hooks_.log_record(
                trail.destination.trail_arn, *trail.log_group_arn, record, record_json);
        }
    }
}

void TrailService::deliver_due(bool force) {
    std::vector<DeliveredFile> files = delivery_.deliver_due(force);
    if (files.empty()) {
        return;
    }
    std::vector<std::pair<Trail, DeliveredFile>> notifications;
    {
        std::lock_guard lock(mutex_);
        const TimePoint now = clock_.now();
        std::set<std::string> changed;
        for (const DeliveredFile& file : files) {
            auto it = trails_.find(file.trail_arn);
            if (it == trails_.end()) {
                continue;  // deleted since; its last records were still written
            }
            TrailDeliveryStatus& status = it->second.status;
            if (file.kind == DeliveredFile::Kind::kInsight) {
                // Insights files report failures like log files; they notify no topic.
                if (!file.error) {
                    continue;
                }
                status.latest_delivery_attempt_time = file.delivered_at;
                status.latest_delivery_error = *file.error;
            } else if (file.kind == DeliveredFile::Kind::kDigest) {
                if (file.error) {
                    status.latest_digest_delivery_error = *file.error;
                } else {
                    status.latest_digest_delivery_time = file.delivered_at;
                    status.latest_digest_delivery_error.reset();
                }
            } else {
                status.latest_delivery_attempt_time = file.delivered_at;
                if (file.error) {
                    status.latest_delivery_error = *file.error;
                } else {
                    status.latest_delivery_time = file.delivered_at;
                    status.latest_delivery_error.reset();
                    if (it->second.sns_topic_arn && hooks_.file_delivered) {
                        status.latest_notification_attempt_time = now;
                        status.latest_notification_time = now;
                        status.latest_notification_error.reset();
                        notifications.emplace_back(it->second, file);
                    }
                }
            }
            changed.insert(it->first);
        }
        // One write per trail per delivery round, never per record.
        for (const std::string& arn : changed) {
            const Trail& trail = trails_.at(arn);
            if (auto put = resources_.put(trail.to_resource(), now); !put) {
                spdlog::warn("cloudtrail: could not save the delivery status of {}: {}",
                             arn,
                             put.error().message);
            }
        }
    }
    for (const auto& [trail, file] : notifications) {
        hooks_.file_delivered(trail, file);
    }
}

}  // namespace tripline::trail
