// TrailService: CloudTrail trails (cloudtrail.md §6-§8, §10-§11) - the domain behind the CloudTrail
// API and config-declared trails, and the step of the record pipeline that hands each record to the
// log files of the trails that select it.
//
// Control plane: trails per account and home region (≤ 5 per region), multi-region trails visible
// in every region of their account as "shadow trails" (changes only from the home region), event
// and insight selectors, tags, StartLogging/StopLogging. Every trail is kept in memory and
// persisted in the ResourceStore (trail_model.h) on each change; the constructor loads them.
// A trail needs its bucket to exist (BucketStore) and its SNS topic, if any, to resolve
// (hooks.resolve_topic). A new trail does not log until StartLogging (config-declared trails start
// by default).
//
// Data plane: on_record() is called for every recorded API call (not for ingested records, which
// already are a trail's output). It reads an immutable snapshot of the logging trails (swapped
// atomically on every change; no lock) and adds the record to LogDelivery for each trail of the
// record's account (recipientAccountId, else userIdentity.accountId) that logs the record's region
// (home region, any region when multi-region) and whose selectors select it. A trail with
// IncludeGlobalServiceEvents false skips events of global services (IAM, STS's global endpoint,
// console sign-in, CloudFront, Route 53, Organizations), which AWS records in us-east-1.
// deliver_due() writes the due log files and digests through LogDelivery, updates the trails'
// delivery status (persisted once per trail per call, never per record) and calls
// hooks.file_delivered for each log file of a trail with an SNS topic.
//
// Ownership: borrows the stores, LogDelivery and Clock (all must outlive it).
// Thread-safety: every method may be called concurrently. Control-plane operations and
// deliver_due() serialise on one mutex; on_record() only loads the snapshot pointer. Hooks are
// called without the mutex held.
// Errors: TrailError kinds (trail_errors.h) with AWS's messages; kStorage for state-store failures.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "event/cloudtrail_record.h"
#include "storage/bucket_store.h"
#include "storage/resource_store.h"
#include "trail/log_delivery.h"
#include "trail/trail_errors.h"
#include "trail/trail_model.h"

namespace tripline::trail {

// AWS's limits.
inline constexpr std::size_t kMaxTrailsPerRegion = 5;
inline constexpr std::size_t kMaxTrailTags = 50;
inline constexpr std::size_t kMaxS3KeyPrefixLength = 200;

// The caller: every trail belongs to an account; the region is where the call was made.
struct TrailScope {
    std::string account_id;
    std::string region;
};

struct TrailHooks {
    // The topic ARN for a topic name or ARN in the caller's account and region; nullopt when the
    // topic does not exist. Empty function: every topic is refused.
    std::function<std::optional<std::string>(
        std::string_view account, std::string_view region, std::string_view topic_name_or_arn)>
        resolve_topic;
    // A log file was delivered for a trail with an SNS topic: the app publishes CloudTrail's
    // notification ({"s3Bucket":…,"s3ObjectKey":[…]}). May be empty.
    std::function<void(const Trail&, const DeliveredFile&)> file_delivered;
    // A record selected by a logging trail that has a CloudWatch Logs group: the app forwards it
    // to the group as one log event (cloudtrail.md §6). Called on the recording thread; must not
    // block. May be empty.
    std::function<void(const std::string& trail_arn,
                       const std::string& log_group_arn,
                       const event::CloudTrailRecord& record,
                       std::string_view record_json)>
        log_record;
};

// A trail the config declares (upserted at start-up).
struct DeclaredTrail {
    std::string account_id;
    std::string region;    // the home region
    nlohmann::json trail;  // CreateTrail's members: Name, S3BucketName, ..., TagsList
    std::optional<nlohmann::json> event_selectors;           // EventSelectors array
    std::optional<nlohmann::json> advanced_event_selectors;  // AdvancedEventSelectors array
    std::optional<nlohmann::json> insight_selectors;         // InsightSelectors array
    bool start_logging = true;
};

class TrailService {
public:
    TrailService(storage::ResourceStore& resources,
                 storage::BucketStore& buckets,
                 LogDelivery& delivery,
                 Clock& clock,
                 TrailHooks hooks);
    ~TrailService();
    TrailService(const TrailService&) = delete;
    TrailService& operator=(const TrailService&) = delete;

    // Re-reads every trail from the ResourceStore (the constructor does this; a stored trail that
    // cannot be read is skipped with a warning).
    TrailStatus reload();

    // --- trails (trail_service.cpp) ---
    TrailResult<Trail> create_trail(const TrailScope& scope, const TrailSettings& settings);
    // Members left unset keep their values; SnsTopicName "" removes the topic.
    TrailResult<Trail> update_trail(const TrailScope& scope, const TrailSettings& settings);
    TrailStatus delete_trail(const TrailScope& scope, std::string_view name_or_arn);
    // A trail of the caller's region, or a multi-region trail of another region (shadow trail).
    TrailResult<Trail> get_trail(const TrailScope& scope, std::string_view name_or_arn);
    // No names: the region's trails (+ shadow trails when include_shadow_trails). Names: those
    // trails (names resolve in the region, ARNs anywhere in the account); unknown ones are
    // skipped, as AWS does.
    TrailResult<std::vector<Trail>> describe_trails(const TrailScope& scope,
                                                    const std::vector<std::string>& names,
                                                    bool include_shadow_trails);
    // Every trail of the account, in all regions (ListTrails), by ARN.
    std::vector<Trail> list_trails(const TrailScope& scope);
    TrailStatus start_logging(const TrailScope& scope, std::string_view name_or_arn);
    TrailStatus stop_logging(const TrailScope& scope, std::string_view name_or_arn);
    // The trail with its logging state and delivery status (GetTrailStatus).
    TrailResult<Trail> get_trail_status(const TrailScope& scope, std::string_view name_or_arn);

    // --- selectors and tags (trail_service_settings.cpp) ---
    // Exactly one of the two arrays (PutEventSelectors).
    TrailResult<Trail> put_event_selectors(const TrailScope& scope,
                                           std::string_view name_or_arn,
                                           const std::optional<nlohmann::json>& event_selectors,
                                           const std::optional<nlohmann::json>& advanced);
    TrailResult<Trail> get_event_selectors(const TrailScope& scope, std::string_view name_or_arn);
    // [] disables Insights.
    TrailResult<Trail> put_insight_selectors(const TrailScope& scope,
                                             std::string_view name_or_arn,
                                             const nlohmann::json& insight_selectors);
    // kInsightNotEnabled when the trail has none.
    TrailResult<Trail> get_insight_selectors(const TrailScope& scope, std::string_view name_or_arn);
    TrailStatus add_tags(const TrailScope& scope,
                         std::string_view resource_arn,
                         const std::vector<TrailTag>& tags);
    // Removes the tags with these keys (values are not compared).
    TrailStatus remove_tags(const TrailScope& scope,
                            std::string_view resource_arn,
                            const std::vector<TrailTag>& tags);
    TrailResult<std::vector<std::pair<std::string, std::vector<TrailTag>>>> list_tags(
        const TrailScope& scope, const std::vector<std::string>& resource_arns);

    // Config: creates or updates the trail, applies the declared selectors (undeclared ones are
    // left as they are) and starts or stops logging. The bucket is created when missing.
    Status apply_declared_trail(const DeclaredTrail& declared);

    // --- record pipeline (trail_service_delivery.cpp) ---
    void on_record(const event::CloudTrailRecord& record);
    // The same with `record_json` = to_json(record) made by the caller (it is serialised once).
    void on_record(const event::CloudTrailRecord& record, std::string_view record_json);
    void deliver_due(bool force = false);

    // --- Insights (cloudtrail.md §10) ---
    // The insight types the logging trails of `account` that log `region` have selected.
    InsightTypes insight_types(std::string_view account, std::string_view region) const;
    // An Insights record (recipientAccountId, awsRegion set) of `type`: into the CloudTrail-Insight
    // files, and the log group, of every logging trail of its account and region that selected
    // the type.
    void on_insight(const event::CloudTrailRecord& record,
                    std::string_view record_json,
                    InsightType type);

    // What became of the records forwarded to a trail's log group (GetTrailStatus'
    // LatestCloudWatchLogsDeliveryTime / Error); one state-store write per call.
    void note_cloudwatch_logs_delivery(std::string_view trail_arn,
                                       TimePoint at,
                                       const std::optional<std::string>& error);

    // Number of logging trails in the current snapshot (status, tests).
    std::size_t logging_trail_count() const;

private:
    struct Snapshot;

    // Finds a trail by name or ARN as the caller sees it (home region or shadow). Caller holds
    // mutex_.
    TrailResult<Trail*> find_visible(const TrailScope& scope, std::string_view name_or_arn);
    // Same, and refuses shadow trails (changes must be made in the home region).
    TrailResult<Trail*> find_in_home_region(const TrailScope& scope, std::string_view name_or_arn);
    // Validates settings shared by create and update (bucket, prefix, topic, CloudWatch Logs,
    // KMS) into `trail`. Caller holds mutex_.
    TrailStatus apply_settings(Trail& trail, const TrailSettings& settings, bool creating);
    TrailStatus check_name_free(const Trail& trail);
    // Validates `tags` (key 1-128 characters, not "aws:", value ≤ 256) and adds or replaces them
    // on `trail` (≤ 50 in all).
    static TrailStatus merge_tags(Trail& trail, const std::vector<TrailTag>& tags);
    // Writes `trail` to the store and the in-memory map; rebuilds the snapshot when it changes
    // logging behaviour. Caller holds mutex_.
    TrailStatus save(const Trail& trail);
    TrailStatus set_logging(const TrailScope& scope, std::string_view name_or_arn, bool logging);
    // Rebuilds the logging-trail snapshot and tells LogDelivery. Caller holds mutex_.
    void publish_snapshot();

    storage::ResourceStore& resources_;
    storage::BucketStore& buckets_;
    LogDelivery& delivery_;
    Clock& clock_;
    TrailHooks hooks_;

    mutable std::mutex mutex_;
    std::map<std::string, Trail, std::less<>> trails_;  // by ARN
    std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
};

}  // namespace tripline::trail
