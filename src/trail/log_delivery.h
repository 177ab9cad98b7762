// LogDelivery: turns the records each trail selects into CloudTrail's S3 log files and, for trails
// with log-file validation, hourly digest files (cloudtrail.md §6-7), written into Tripline's local
// buckets (storage::BucketStore) under CloudTrail's exact key layout.
//
// Insights events (eventType AwsCloudTrailInsight) are buffered apart and written as
// CloudTrail-Insight files, which digests do not cover.
//
// Records are buffered per (trail, region) and written as one gzipped {"Records":[...]} file when
// the buffer is older than flush_interval or holds max_records_per_file records. Digests are
// written every digest_interval per active validating trail and region (also when no log file was
// delivered), chained to the previous digest (chain state persisted in the ResourceStore) and
// signed with the region's key (DigestKeys).
//
// Ownership: borrows the stores, keys and clock (must outlive it).
// Thread-safety: add() is called concurrently from record producers; deliver_due() from one
// delivery thread at a time; set_active_trails() from any thread.
// Crash safety: with options.spool_dir, every open log file is also appended to a spool file
// (log_spool.h) until it is in its bucket; recover_spool() at start buffers what was left.
// Errors: a failed write (bucket deleted, disk full) does not throw or drop the buffer silently:
// it is reported in the DeliveredFile's error (GetTrailStatus' LatestDeliveryError) and the
// records stay buffered for the next attempt.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "event/cloudtrail_record.h"
#include "storage/bucket_store.h"
#include "storage/resource_store.h"

namespace tripline::trail {

class DigestKeys;

// Where one trail's files go.
struct TrailDestination {
    std::string trail_arn;
    std::string trail_name;
    std::string home_region;
    std::string account_id;  // the trail owner's account (AWSLogs/<account>/...)
    std::string bucket;
    std::string key_prefix;                      // "" for none
    std::optional<std::string> organization_id;  // "o-..." for organization trails
    bool log_file_validation = false;
    std::vector<std::string> regions;  // regions it logs (home only, or all for multi-region)
};

struct DeliveredFile {
    enum class Kind { kLog, kDigest, kInsight };
    Kind kind = Kind::kLog;
    std::string trail_arn;
    std::string region;
    std::string bucket;
    std::string key;
    TimePoint delivered_at;
    std::size_t records = 0;
    std::optional<std::string> error;  // set when the write failed
};

struct LogDeliveryOptions {
    std::chrono::seconds flush_interval{10};
    std::size_t max_records_per_file = 10'000;
    std::chrono::seconds digest_interval{3600};
    // Where open log files are spooled so that a crash loses no accepted record (log_spool.h);
    // empty: memory only.
    std::filesystem::path spool_dir;
};

class LogDelivery {
public:
    LogDelivery(storage::BucketStore& buckets,
                storage::ResourceStore& resources,
                DigestKeys& keys,
                Clock& clock,
                LogDeliveryOptions options = {});
    ~LogDelivery();

    // Buffers `record` for `trail`'s log file of the record's region (awsRegion).
    void add(const TrailDestination& trail, const event::CloudTrailRecord& record);
    // The same with `record_json` = to_json(record), made once by a caller that needs it anyway.
    void add(const TrailDestination& trail,
             const event::CloudTrailRecord& record,
             std::string_view record_json);
    // The trails that are logging now (digests are written only for these; a trail that left the
    // set gets its buffered records written at the next deliver_due()).
    void set_active_trails(std::vector<TrailDestination> trails);
    // Writes the log files and digests that are due (all buffered records when `force`).
    std::vector<DeliveredFile> deliver_due(bool force = false);
    // Buffers again the records a previous process had spooled but not delivered, then removes
    // its spool files. Call once at start, before records arrive. Returns how many records.
    Result<std::size_t> recover_spool();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace tripline::trail
