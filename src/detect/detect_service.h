// DetectService: GuardDuty-style threat detection over the CloudTrail record stream
// (guardduty.md). It owns the detectors (one per account and region, stored in the resource store
// as "guardduty:detector"), runs the detections on every record it observes (recorded calls and
// ingested logs alike), aggregates occurrences into findings (storage/finding_store.h) and hands
// new and updated findings to a publisher as "GuardDuty Finding" events: a new finding at once,
// updates at most once per detector's findingPublishingFrequency.
//
// Detectors: a record of an account and region that has no detector creates an enabled one
// ("implicit": CreateDetector there adopts it instead of failing), so that ingesting a folder and
// listing findings needs no set-up. A disabled detector ignores records.
// Publication is at least once: a finding is stored 'pending' in the transaction that stores it,
// and marked published after the publisher accepted its event; a crash in between publishes it
// again on the next publish_due().
//
// Ownership: borrows the Database and Clock (must outlive it); owns the behaviour tracker and the
// threat-intel snapshot (shared). Thread-safety: every public method may be called concurrently;
// observe() serialises on one mutex (detection state), API reads go straight to the store.
// Errors: kNotFound (unknown detector or finding), kAlreadyExists (second explicit detector),
// kInvalidArgument (bad settings or criteria), storage errors.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "detect/anomaly_tracker.h"
#include "detect/behaviour_tracker.h"
#include "detect/detector_resources.h"
#include "detect/finding_criteria.h"
#include "detect/trail_buckets.h"
#include "event/cloudtrail_record.h"
#include "storage/database.h"

namespace tripline::storage {
struct StoredFinding;
}

namespace tripline::detect {

class ThreatIntel;

struct Detector {
    std::string id;  // 32 lower-case hex
    std::string account_id;
    std::string region;
    bool enabled = true;
    std::string finding_publishing_frequency = "SIX_HOURS";
    bool implicit = false;  // created by a record, not by CreateDetector
    nlohmann::json tags = nlohmann::json::object();
    TimePoint created_at;
    TimePoint updated_at;
};

struct DetectorSettings {
    std::optional<bool> enable;
    std::optional<std::string> finding_publishing_frequency;
    std::optional<nlohmann::json> tags;
};

// A finding ready for the event bus.
struct FindingEvent {
    std::string account_id;
    std::string region;
    std::string event_json;  // the whole EventBridge event
};
using FindingPublisher = std::function<Status(const std::vector<FindingEvent>&)>;
// Reads an IP list's S3 object (bucket, key) for IPSets and ThreatIntelSets.
using ListObjectReader = std::function<Result<ListObject>(std::string_view, std::string_view)>;

struct FindingsPage {
    std::vector<std::string> ids;
    std::string next_token;
};

struct DetectOptions {
    bool implicit_detectors = true;
    BehaviourSettings behaviour;
    // AnomalousBehavior types report nothing for an account until this much event time has
    // passed since its first record (anomaly_tracker.h).
    std::chrono::seconds learning_period = std::chrono::hours(24 * 7);
};

class DetectService {
public:
    DetectService(storage::Database& db, const Clock& clock, DetectOptions options = {});
    ~DetectService();

    // Loads the detectors and the learned baselines (start-up).
    Status load();
    void set_intel(std::shared_ptr<const ThreatIntel> intel);
    std::shared_ptr<const ThreatIntel> intel() const;
    void set_publisher(FindingPublisher publisher);
    // This server's trails by bucket, so that deleting a trail's bucket is reported (before load).
    void set_trail_bucket_lookup(TrailBucketLookup lookup);

    // ---- detectors
    Result<Detector> create_detector(std::string_view account_id,
                                     std::string_view region,
                                     const DetectorSettings& settings);
    Result<Detector> get_detector(std::string_view account_id,
                                  std::string_view region,
                                  std::string_view detector_id);
    Result<std::vector<Detector>> list_detectors(std::string_view account_id,
                                                 std::string_view region);
    Result<Detector> update_detector(std::string_view account_id,
                                     std::string_view region,
                                     std::string_view detector_id,
                                     const DetectorSettings& settings);
    // Deletes the detector and its findings.
    Status delete_detector(std::string_view account_id,
                           std::string_view region,
                           std::string_view detector_id);

    // ---- the record stream
    // Runs the detections; new or updated findings are stored in one transaction and then
    // published (publish_due()).
    Status observe(std::span<const event::CloudTrailRecord> records);
    // Writes what the baselines learned since the last write, when kBaselineFlushInterval has
    // passed (or `force`). observe() and the ticker call it; the destructor forces it. A crash
    // loses at most that interval of learning, never a finding.
    Status flush_baselines(bool force);
    static constexpr std::chrono::seconds kBaselineFlushInterval{30};

    // Publishes the findings owing an event (new ones; updates whose detector's publishing
    // interval has passed). Returns how many were published.
    Result<std::size_t> publish_due();

    // ---- findings
    Result<FindingsPage> list_findings(const Detector& detector,
                                       const FindingCriteria& criteria,
                                       const std::string& sort_attribute,
                                       bool descending,
                                       std::size_t max_results,
                                       const std::string& next_token);
    Result<std::vector<nlohmann::json>> get_findings(const Detector& detector,
                                                     std::span<const std::string> ids);
    Status set_archived(const Detector& detector, std::span<const std::string> ids, bool archived);
    Status set_feedback(const Detector& detector,
                        std::span<const std::string> ids,
                        std::string_view feedback,
                        std::string_view comments);
    // {"countBySeverity": {"5.0": 2, ...}} over the matching findings.
    Result<nlohmann::json> statistics(const Detector& detector, const FindingCriteria& criteria);
    // One sample finding per type (every catalogue type when `types` is empty); published.
    // kInvalidArgument names an unknown type.
    Status create_sample_findings(const Detector& detector, std::span<const std::string> types);
    // Every detector's findings, newest first (tripline findings).
    Result<std::vector<nlohmann::json>> all_findings(std::size_t limit);

    // ---- filters (detect_filters.cpp). An ARCHIVE filter archives the new and updated findings
    // it matches, and they are not published (guardduty.md §5, §7).
    // kAlreadyExists for a taken name, kLimitExceeded past kMaxFiltersPerDetector.
    Result<FindingFilter> create_filter(const Detector& detector, FindingFilter filter);
    Result<FindingFilter> get_filter(const Detector& detector, std::string_view name);
    Result<FindingFilter> update_filter(const Detector& detector,
                                        std::string_view name,
                                        const FilterSettings& settings);
    Status delete_filter(const Detector& detector, std::string_view name);
    // By rank, then name.
    Result<std::vector<FindingFilter>> list_filters(const Detector& detector);

    // ---- IPSets and ThreatIntelSets (detect_intel_sets.cpp). Activation reads the list from its
    // S3 location through the reader (the list in effect is the one read then, as in GuardDuty,
    // where changes take effect on (re)activation); a bad list fails the call, naming its line.
    void set_list_reader(ListObjectReader reader);
    Result<IntelSet> create_intel_set(const Detector& detector, IntelSet set, bool activate);
    Result<IntelSet> get_intel_set(const Detector& detector,
                                   IntelSetKind kind,
                                   std::string_view id);
    Result<IntelSet> update_intel_set(const Detector& detector,
                                      IntelSetKind kind,
                                      std::string_view id,
                                      const IntelSetSettings& settings);
    Status delete_intel_set(const Detector& detector, IntelSetKind kind, std::string_view id);
    Result<std::vector<IntelSet>> list_intel_sets(const Detector& detector, IntelSetKind kind);
    // What a detector's records are checked against: the intel directory's lists (set_intel) plus
    // the detector's active sets. Null when there is neither.
    std::shared_ptr<const ThreatIntel> intel_for(const std::string& detector_id) const;

private:
    struct PendingFinding;
    struct ActiveFilter {
        FindingFilter filter;
        FindingCriteria criteria;
    };

    // Archives a new or updated finding an ARCHIVE filter of its detector matches and keeps it
    // from being published; otherwise marks it for publication.
    void apply_suppression(storage::StoredFinding& row, nlohmann::json& document) const;
    Status load_filters();
    // Storage only, in the caller's transaction (delete_detector forgets them after the commit).
    Status remove_filters(const Detector& detector);
    Status load_intel_sets();
    Status remove_intel_sets(const Detector& detector);
    // intel_mutex_ held: recomputes detector_intel_ for one detector (or all when empty).
    Status rebuild_intel_locked(const std::string& detector_id);
    Result<std::string> read_list(const Detector& detector, const IntelSet& set);
    Status store_intel_set(const Detector& detector, const IntelSet& set);

    Result<Detector> detector_for_record(const std::string& account_id, const std::string& region);
    Status store_detector(const Detector& detector);
    Status flush_baselines_locked(bool force);  // observe_mutex_ held
    Status record_detection(const Detector& detector,
                            const struct Detection& detection,
                            const class RecordFacts& facts,
                            TimePoint event_time,
                            const ThreatIntel* intel,
                            std::map<std::string, PendingFinding>& batch);

    storage::Database& db_;
    const Clock& clock_;
    DetectOptions options_;
    FindingPublisher publisher_;

    mutable std::mutex intel_mutex_;  // the intel, the sets and the reader
    std::shared_ptr<const ThreatIntel> intel_;
    std::map<std::string, std::vector<IntelSet>> intel_sets_;  // detector id → sets
    std::map<std::string, std::shared_ptr<const ThreatIntel>> detector_intel_;
    ListObjectReader list_reader_;

    mutable std::mutex filters_mutex_;
    std::map<std::string, std::vector<ActiveFilter>> filters_;  // detector id → by rank

    std::mutex detectors_mutex_;
    std::map<std::string, Detector> detectors_;  // "account region" → detector

    std::mutex observe_mutex_;  // detection state and finding aggregation
    BehaviourTracker behaviour_;
    AnomalyTracker anomaly_;
    TrailBuckets trail_buckets_;
    TimePoint last_baseline_flush_{};
    std::mutex publish_mutex_;
};

}  // namespace tripline::detect
