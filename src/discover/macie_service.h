// MacieService: Macie's resources per account and region (macie.md §6-§13) - the session, custom
// data identifiers, allow lists, classification jobs and their findings - and the runner that
// executes jobs over this server's S3 buckets in the background.
//
// Storage: ResourceStore rows, documents in Macie's wire shape: "macie2:session" (named
// "session"), "macie2:cdi", "macie2:allow-list", "macie2:job" (named by id; run progress under the
// private member "_run"), "macie2:finding" and "macie2:unpublished" (a finding whose "Macie
// Finding" event is owed). A job's progress, each object's finding and its publication marker are
// written in one transaction, so a restart resumes the run after the last scanned object and
// publishes what a crash left unpublished - nothing is scanned twice or lost.
//
// Errors: kPermissionDenied "Macie is not enabled." (AccessDeniedException), kInvalidArgument
// (ValidationException), kNotFound (ResourceNotFoundException), kFailedPrecondition
// (ConflictException), kLimitExceeded (ServiceQuotaExceededException).
// Thread-safety: every method may be called concurrently; the runner runs on its own thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/bucket_store.h"
#include "storage/database.h"
#include "storage/resource_store.h"

namespace tripline::discover {

struct ScanSetup;

struct MacieFindingEvent {
    std::string account_id;
    std::string region;
    std::string event_json;  // the "Macie Finding" envelope
};
using MaciePublisher = std::function<Status(const std::vector<MacieFindingEvent>&)>;

struct MacieScope {
    std::string account_id;
    std::string region;
};

// A successful S3 call that changed a bucket's access settings, from its CloudTrail record.
struct BucketChange {
    MacieScope scope;
    std::string bucket;
    std::string api;               // "PutBucketPolicy"
    nlohmann::json user_identity;  // the record's userIdentity (CloudTrail's names)
    std::string source_ip;
    TimePoint time;
};

class MacieService {
public:
    MacieService(storage::Database& db, storage::BucketStore& buckets, Clock& clock);
    ~MacieService();
    MacieService(const MacieService&) = delete;
    MacieService& operator=(const MacieService&) = delete;

    void set_publisher(MaciePublisher publisher);

    // Session (macie_session.cpp).
    Status enable(const MacieScope& scope, const nlohmann::json& input);
    Result<nlohmann::json> get_session(const MacieScope& scope);
    Status update_session(const MacieScope& scope, const nlohmann::json& input);
    Status disable(const MacieScope& scope);
    Status require_enabled(const MacieScope& scope);

    // Custom data identifiers and allow lists (macie_identifiers.cpp).
    Result<std::string> create_custom_identifier(const MacieScope& scope,
                                                 const nlohmann::json& input);
    Result<nlohmann::json> get_custom_identifier(const MacieScope& scope, const std::string& id);
    Result<nlohmann::json> list_custom_identifiers(const MacieScope& scope);
    Status delete_custom_identifier(const MacieScope& scope, const std::string& id);
    Result<nlohmann::json> create_allow_list(const MacieScope& scope, const nlohmann::json& input);
    Result<nlohmann::json> get_allow_list(const MacieScope& scope, const std::string& id);
    Result<nlohmann::json> list_allow_lists(const MacieScope& scope);
    Result<nlohmann::json> update_allow_list(const MacieScope& scope,
                                             const std::string& id,
                                             const nlohmann::json& input);
    Status delete_allow_list(const MacieScope& scope,
                             const std::string& id,
                             bool ignore_job_checks);

    // Jobs (macie_jobs.cpp).
    Result<nlohmann::json> create_job(const MacieScope& scope, const nlohmann::json& input);
    Result<nlohmann::json> describe_job(const MacieScope& scope, const std::string& id);
    Result<nlohmann::json> list_jobs(const MacieScope& scope, const nlohmann::json& input);
    Status update_job(const MacieScope& scope, const std::string& id, const std::string& status);

    // Findings (macie_findings.cpp).
    Result<std::vector<std::string>> list_findings(const MacieScope& scope,
                                                   const nlohmann::json& input);
    Result<nlohmann::json> get_findings(const MacieScope& scope,
                                        const std::vector<std::string>& ids);
    Result<nlohmann::json> finding_statistics(const MacieScope& scope, const nlohmann::json& input);
    // DescribeBuckets (macie_buckets.cpp): the account's buckets with object statistics.
    Result<nlohmann::json> describe_buckets(const MacieScope& scope, const nlohmann::json& input);
    // Finding documents of the scope, newest first.
    Result<std::vector<nlohmann::json>> findings(const MacieScope& scope);

    // Policy findings (macie_policy.cpp): re-evaluates a bucket after a successful call that
    // changed its policy, ACL, Block Public Access or default encryption, when Macie is enabled
    // in its account and region; raises new policy findings or counts a repeat of an open one.
    Status observe_bucket_change(const BucketChange& change);

    // Runner (macie_runner.cpp). run_due() does one round of due work synchronously: starts due
    // scheduled runs, scans up to `max_objects` objects of running jobs, publishes owed events.
    Result<std::size_t> run_due(std::size_t max_objects = 64);
    Result<std::size_t> publish_due();
    void start(std::chrono::milliseconds interval = std::chrono::milliseconds(500));
    void stop();

private:
    Result<storage::StoredResource> load(const MacieScope& scope,
                                         std::string_view type,
                                         const std::string& name);
    Result<nlohmann::json> load_job(const MacieScope& scope, const std::string& id);
    Status save(const MacieScope& scope,
                std::string_view type,
                const std::string& name,
                const std::string& arn,
                const nlohmann::json& document);
    std::string arn(const MacieScope& scope, std::string_view kind, const std::string& id) const;
    Result<std::shared_ptr<ScanSetup>> compile_job(const MacieScope& scope,
                                                   const nlohmann::json& job);
    Status advance_job(const storage::StoredResource& row,
                       std::size_t& budget,
                       std::size_t& scanned);

    storage::Database& db_;
    storage::BucketStore& buckets_;
    Clock& clock_;
    storage::ResourceStore store_;
    MaciePublisher publisher_;
    std::mutex mutex_;          // job document read-modify-write
    std::mutex publish_mutex_;  // one publication at a time
    std::map<std::string, std::shared_ptr<ScanSetup>>
        compiled_;  // by job id, for the run in progress

    std::thread thread_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

// Macie's JSON error body message for a disabled account.
inline constexpr std::string_view kMacieNotEnabled = "Macie is not enabled.";

}  // namespace tripline::discover
