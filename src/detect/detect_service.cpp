#include "detect/detect_service.h"

#include <spdlog/spdlog.h>

#include "base/uuid.h"
#include "detect/finding_document.h"
#include "detect/intel/threat_intel.h"
#include "detect/record_facts.h"
#include "detect/record_rules.h"
#include "event/event_envelope.h"
#include "storage/detection_state_store.h"
#include "storage/finding_store.h"
#include "storage/resource_store.h"
#include "storage/transaction.h"

namespace tripline::detect {

namespace {

constexpr std::string_view kDetectorType = "guardduty:detector";
constexpr std::size_t kPublishBatch = 500;

std::string detector_key(std::string_view account_id, std::string_view region) {
    return std::string(account_id) + " " + std::string(region);
}

std::string detector_arn(const Detector& d) {
    return "arn:aws:guardduty:" + d.region + ":" + d.account_id + ":detector/" + d.id;
}

nlohmann::json detector_document(const Detector& d) {
    return {{"id", d.id},
            {"enabled", d.enabled},
            {"findingPublishingFrequency", d.finding_publishing_frequency},
            {"implicit", d.implicit},
            {"tags", d.tags}};
}

Detector detector_from(const storage::StoredResource& row) {
    nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
    Detector d;
    d.account_id = row.account_id;
    d.region = row.region;
    d.created_at = row.created_at;
    d.updated_at = row.updated_at;
    if (doc.is_object()) {
        d.id = doc.value("id", row.name);
        d.enabled = doc.value("enabled", true);
        d.finding_publishing_frequency = doc.value("findingPublishingFrequency", "SIX_HOURS");
        d.implicit = doc.value("implicit", false);
        d.tags = doc.value("tags", nlohmann::json::object());
    } else {
        d.id = row.name;
    }
    return d;
}

std::chrono::seconds publishing_interval(std::string_view frequency) {
    if (frequency == "FIFTEEN_MINUTES") {
        return std::chrono::minutes(15);
    }
    if (frequency == "ONE_HOUR") {
        return std::chrono::hours(1);
    }
    return std::chrono::hours(6);
}

Status check_settings(const DetectorSettings& settings) {
    if (settings.finding_publishing_frequency) {
        const std::string& f = *settings.finding_publishing_frequency;
        if (f != "FIFTEEN_MINUTES" && f != "ONE_HOUR" && f != "SIX_HOURS") {
            return make_error(Errc::kInvalidArgument,
                              "The request is rejected because an invalid or out-of-range value "
                              "is specified as an input parameter: findingPublishingFrequency '" +
                                  f + "' (FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS).");
        }
    }
    if (settings.tags && !settings.tags->is_object()) {
        return make_error(Errc::kInvalidArgument, "tags must be a map of strings.");
    }
    return ok_status();
}

void apply(Detector& d, const DetectorSettings& settings) {
    if (settings.enable) {
        d.enabled = *settings.enable;
    }
    if (settings.finding_publishing_frequency) {
        d.finding_publishing_frequency = *settings.finding_publishing_frequency;
    }
    if (settings.tags) {
        for (const auto& [key, value] : settings.tags->items()) {
            d.tags[key] = value;
        }
    }
}

Error no_detector(std::string_view id) {
    return make_error(Errc::kNotFound,
                      "The request is rejected because the input detectorId is not owned by the "
                      "current account: " +
                          std::string(id));
}

// Records GuardDuty acts on: the rules need an API name, and a record of no account or region
// has no detector to go to.
bool analysable(const RecordFacts& facts) { return !facts.api().empty(); }

bool needs_history(const RecordFacts& facts) {
    return facts.api() == "ConsoleLogin" || facts.api() == "UpdateAccountPasswordPolicy";
}

TimePoint event_time_of(const event::CloudTrailRecord& record, TimePoint fallback) {
    TimePoint t;
    if (record.event_time && parse_iso8601(*record.event_time, t)) {
        return t;
    }
    return fallback;
}

}  // namespace

struct DetectService::PendingFinding {
    storage::StoredFinding row;
    nlohmann::json document;
};

DetectService::DetectService(storage::Database& db, const Clock& clock, DetectOptions options)
    : db_(db),
      clock_(clock),
      options_(options),
      behaviour_(options.behaviour),
      anomaly_(options.learning_period) {}

DetectService::~DetectService() {
    if (auto flushed = flush_baselines(true); !flushed) {
        spdlog::warn("GuardDuty: saving baselines failed: {}", flushed.error().to_string());
    }
}

Status DetectService::load() {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list_all(kDetectorType));
    {
        std::lock_guard lock(detectors_mutex_);
        detectors_.clear();
        for (const auto& row : rows) {
            Detector d = detector_from(row);
            detectors_[detector_key(d.account_id, d.region)] = d;
        }
    }
    TRIPLINE_TRY(load_filters());
    TRIPLINE_TRY(load_intel_sets());
    storage::DetectionStateStore state(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto baselines, state.list(AnomalyTracker::kKeyPrefix));
    std::lock_guard lock(observe_mutex_);
    last_baseline_flush_ = clock_.now();
    for (const auto& [key, document] : baselines) {
        anomaly_.restore(key, document);
    }
    return ok_status();
}

void DetectService::set_intel(std::shared_ptr<const ThreatIntel> intel) {
    std::lock_guard lock(intel_mutex_);
    intel_ = std::move(intel);
    if (auto rebuilt = rebuild_intel_locked(""); !rebuilt) {
        spdlog::warn("GuardDuty: applying the IP sets failed: {}", rebuilt.error().to_string());
    }
}

void DetectService::set_trail_bucket_lookup(TrailBucketLookup lookup) {
    std::lock_guard lock(observe_mutex_);
    trail_buckets_.set_lookup(std::move(lookup));
}

std::shared_ptr<const ThreatIntel> DetectService::intel() const {
    std::lock_guard lock(intel_mutex_);
    return intel_;
}

void DetectService::set_publisher(FindingPublisher publisher) {
    std::lock_guard lock(publish_mutex_);
    publisher_ = std::move(publisher);
}

Status DetectService::store_detector(const Detector& d) {
    storage::ResourceStore store(db_);
    storage::StoredResource row;
    row.account_id = d.account_id;
    row.region = d.region;
    row.type = std::string(kDetectorType);
    row.name = d.id;
    row.arn = detector_arn(d);
    row.document = detector_document(d).dump();
    TRIPLINE_TRY(store.put(row, clock_.now()));
    return ok_status();
}

Result<Detector> DetectService::create_detector(std::string_view account_id,
                                                std::string_view region,
                                                const DetectorSettings& settings) {
    TRIPLINE_TRY(check_settings(settings));
    std::lock_guard lock(detectors_mutex_);
    auto existing = detectors_.find(detector_key(account_id, region));
    Detector d;
    if (existing != detectors_.end()) {
        if (!existing->second.implicit) {
            return make_error(Errc::kAlreadyExists,
                              "The request is rejected because a detector already exists for the "
                              "current account.");
        }
        d = existing->second;  // adopt the detector that records created
        d.implicit = false;
        d.enabled = true;
    } else {
        d.id = make_hex_id();
        d.account_id = std::string(account_id);
        d.region = std::string(region);
        d.created_at = clock_.now();
    }
    apply(d, settings);
    d.updated_at = clock_.now();
    TRIPLINE_TRY(store_detector(d));
    detectors_[detector_key(account_id, region)] = d;
    return d;
}

Result<Detector> DetectService::get_detector(std::string_view account_id,
                                             std::string_view region,
                                             std::string_view detector_id) {
    std::lock_guard lock(detectors_mutex_);
    auto it = detectors_.find(detector_key(account_id, region));
    if (it == detectors_.end() || it->second.id != detector_id) {
        return no_detector(detector_id);
    }
    return it->second;
}

Result<std::vector<Detector>> DetectService::list_detectors(std::string_view account_id,
                                                            std::string_view region) {
    std::lock_guard lock(detectors_mutex_);
    std::vector<Detector> out;
    auto it = detectors_.find(detector_key(account_id, region));
    if (it != detectors_.end()) {
        out.push_back(it->second);
    }
    return out;
}

Result<Detector> DetectService::update_detector(std::string_view account_id,
                                                std::string_view region,
                                                std::string_view detector_id,
                                                const DetectorSettings& settings) {
    TRIPLINE_TRY(check_settings(settings));
    std::lock_guard lock(detectors_mutex_);
    auto it = detectors_.find(detector_key(account_id, region));
    if (it == detectors_.end() || it->second.id != detector_id) {
        return no_detector(detector_id);
    }
    Detector d = it->second;
    apply(d, settings);
    d.implicit = false;
    d.updated_at = clock_.now();
    TRIPLINE_TRY(store_detector(d));
    it->second = d;
    return d;
}

Status DetectService::delete_detector(std::string_view account_id,
                                      std::string_view region,
                                      std::string_view detector_id) {
    std::lock_guard lock(detectors_mutex_);
    auto it = detectors_.find(detector_key(account_id, region));
    if (it == detectors_.end() || it->second.id != detector_id) {
        return no_detector(detector_id);
    }
    TRIPLINE_ASSIGN_OR_RETURN(storage::Transaction tx, storage::Transaction::begin(db_));
    storage::ResourceStore resources(db_);
    TRIPLINE_TRY(resources.remove(account_id, region, kDetectorType, detector_id));
    storage::FindingStore findings(db_);
    TRIPLINE_TRY(findings.remove_detector(detector_id));
    TRIPLINE_TRY(remove_filters(it->second));
    TRIPLINE_TRY(remove_intel_sets(it->second));
    TRIPLINE_TRY(tx.commit());
    {
        std::lock_guard filters_lock(filters_mutex_);
        filters_.erase(it->second.id);
    }
    {
        std::lock_guard intel_lock(intel_mutex_);
        intel_sets_.erase(it->second.id);
        detector_intel_.erase(it->second.id);
    }
    detectors_.erase(it);
    return ok_status();
}

Result<Detector> DetectService::detector_for_record(const std::string& account_id,
                                                    const std::string& region) {
    std::lock_guard lock(detectors_mutex_);
    const std::string key = detector_key(account_id, region);
    auto it = detectors_.find(key);
    if (it != detectors_.end()) {
        return it->second;
    }
    if (!options_.implicit_detectors) {
        return make_error(Errc::kNotFound, "no detector");
    }
    Detector d;
    d.id = make_hex_id();
    d.account_id = account_id;
    d.region = region;
    d.implicit = true;
    d.created_at = d.updated_at = clock_.now();
    TRIPLINE_TRY(store_detector(d));
    spdlog::info("GuardDuty: detector {} enabled for account {} in {}", d.id, account_id, region);
    detectors_[key] = d;
    return d;
}

Status DetectService::observe(std::span<const event::CloudTrailRecord> records) {
    std::map<std::string, PendingFinding> batch;
    {
        std::lock_guard lock(observe_mutex_);
        std::vector<Detection> detections;
        // Records of one batch nearly always share an account and region: look the detector and
        // its intel up once per change.
        std::string current_key;
        std::optional<Detector> detector;
        std::shared_ptr<const ThreatIntel> intel;
        for (const event::CloudTrailRecord& record : records) {
            RecordFacts facts(record);
            if (!analysable(facts)) {
                continue;
            }
            std::string account_id = facts.account_id();
            std::string region = facts.region();
            if (account_id.empty() || region.empty()) {
                continue;  // no detector can own it
            }
            std::string key = detector_key(account_id, region);
            if (key != current_key) {
                auto found = detector_for_record(account_id, region);
                if (!found && found.error().code != Errc::kNotFound) {
                    return unexpected(found.error());
                }
                detector = found ? std::optional<Detector>(std::move(*found)) : std::nullopt;
                intel = detector ? intel_for(detector->id) : nullptr;
                current_key = std::move(key);
            }
            if (!detector || !detector->enabled) {
                continue;
            }
            detections.clear();
            detect_account_rules(facts, intel.get(), detections);
            trail_buckets_.observe(facts, detections);
            detect_s3_rules(facts, detections);
            if (intel) {
                detect_intel_rules(facts, *intel, detections);
            }
            const TimePoint now = clock_.now();
            const TimePoint event_time = event_time_of(record, now);
            if (needs_history(facts)) {
                behaviour_.observe(facts, event_time, intel.get(), detections);
            }
            anomaly_.observe(facts, event_time, detections);
            if (detections.empty()) {
                continue;
            }
            if (intel && facts.ip_is_address() && intel->is_trusted(facts.ip())) {
                continue;  // trusted IPSets never alert (guardduty.md §8)
            }
            for (const Detection& detection : detections) {
                TRIPLINE_TRY(
                    record_detection(*detector, detection, facts, event_time, intel.get(), batch));
            }
        }
        if (batch.empty()) {
            return flush_baselines_locked(false);
        }
        storage::FindingStore store(db_);
        TRIPLINE_ASSIGN_OR_RETURN(storage::Transaction tx, storage::Transaction::begin(db_));
        for (auto& [key, pending] : batch) {
            apply_suppression(pending.row, pending.document);
            pending.row.document = pending.document.dump();
            TRIPLINE_TRY(store.put(pending.row));
        }
        TRIPLINE_TRY(flush_baselines_locked(false));
        TRIPLINE_TRY(tx.commit());
    }
    if (auto published = publish_due(); !published) {
        // The findings are stored 'pending'; the next publish_due() tries again.
        spdlog::warn("GuardDuty: publishing findings failed: {}", published.error().to_string());
    }
    return ok_status();
}

Status DetectService::flush_baselines(bool force) {
    std::lock_guard lock(observe_mutex_);
    return flush_baselines_locked(force);
}

Status DetectService::flush_baselines_locked(bool force) {
    const TimePoint now = clock_.now();
    if (!force && now - last_baseline_flush_ < kBaselineFlushInterval) {
        return ok_status();
    }
    last_baseline_flush_ = now;
    auto baselines = anomaly_.take_changed();
    if (baselines.empty()) {
        return ok_status();
    }
    storage::DetectionStateStore state(db_);
    TRIPLINE_ASSIGN_OR_RETURN(storage::Transaction tx, storage::Transaction::begin(db_));
    for (const auto& [key, document] : baselines) {
        TRIPLINE_TRY(state.put(key, document, now));
    }
    return tx.commit();
}

Status DetectService::record_detection(const Detector& detector,
                                       const Detection& detection,
                                       const RecordFacts& facts,
                                       TimePoint event_time,
                                       const ThreatIntel* intel,
                                       std::map<std::string, PendingFinding>& batch) {
    const std::string key = aggregation_key(detection, facts);
    const std::string batch_key = detector.id + "\n" + key;
    const TimePoint now = clock_.now();
    auto it = batch.find(batch_key);
    if (it == batch.end()) {
        storage::FindingStore store(db_);
        TRIPLINE_ASSIGN_OR_RETURN(auto existing, store.find_by_key(detector.id, key));
        PendingFinding pending;
        if (existing) {
            pending.row = std::move(*existing);
            pending.document = nlohmann::json::parse(pending.row.document, nullptr, false);
            if (!pending.document.is_object()) {
                return make_error(Errc::kInternal, "finding " + pending.row.id + " is corrupt");
            }
            add_occurrence(pending.document, event_time, now, detection.severity);
        } else {
            FindingContext context{
                detector.id, detector.account_id, detector.region, make_hex_id(), now};
            pending.document = build_finding(detection, facts, event_time, intel, context);
            pending.row.id = context.finding_id;
            pending.row.detector_id = detector.id;
            pending.row.account_id = detector.account_id;
            pending.row.region = detector.region;
            pending.row.type = std::string(detection.type->name);
            pending.row.aggregation_key = key;
        }
        it = batch.emplace(batch_key, std::move(pending)).first;
    } else {
        add_occurrence(it->second.document, event_time, now, detection.severity);
    }
    storage::StoredFinding& row = it->second.row;
    row.severity = it->second.document["severity"].get<double>();
    row.archived = it->second.document["service"].value("archived", false);
    row.updated_at = now;
    return ok_status();
}

Result<std::size_t> DetectService::publish_due() {
    std::lock_guard lock(publish_mutex_);
    if (!publisher_) {
        return std::size_t{0};
    }
    storage::FindingStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto pending, store.pending_publication(kPublishBatch));
    const TimePoint now = clock_.now();
    std::map<std::string, std::string> frequencies;  // detector id → frequency
    {
        std::lock_guard detectors_lock(detectors_mutex_);
        for (const auto& [key, d] : detectors_) {
            frequencies[d.id] = d.finding_publishing_frequency;
        }
    }
    std::vector<FindingEvent> events;
    std::vector<storage::StoredFinding> sent;
    for (const storage::StoredFinding& f : pending) {
        auto frequency = frequencies.find(f.detector_id);
        if (f.published_at && frequency != frequencies.end() &&
            *f.published_at + publishing_interval(frequency->second) > now) {
            continue;  // an update, not yet due
        }
        event::EventEnvelope envelope;
        envelope.id = make_uuid();
        envelope.detail_type = "GuardDuty Finding";
        envelope.source = "aws.guardduty";
        envelope.account = f.account_id;
        envelope.region = f.region;
        envelope.time = format_iso8601(now);
        envelope.detail = f.document;
        events.push_back(FindingEvent{f.account_id, f.region, event::to_json(envelope)});
        sent.push_back(f);
    }
    if (events.empty()) {
        return std::size_t{0};
    }
    TRIPLINE_TRY(publisher_(events));
    TRIPLINE_TRY(store.mark_published(sent, now));
    return events.size();
}

}  // namespace tripline::detect
