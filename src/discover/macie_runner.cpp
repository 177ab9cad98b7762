// Running classification jobs over this server's buckets and publishing their findings.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>

#include "base/uuid.h"
#include "discover/job_schedule.h"
#include "discover/job_scope.h"
#include "discover/macie_finding.h"
#include "discover/macie_json.h"
#include "discover/macie_service.h"
#include "discover/scan_setup.h"
#include "event/event_envelope.h"
#include "scan/object_scan.h"
#include "storage/transaction.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

constexpr std::string_view kJob = "macie2:job";
constexpr std::string_view kFinding = "macie2:finding";
constexpr std::string_view kUnpublished = "macie2:unpublished";
constexpr std::size_t kPublishBatch = 100;

bool supported_storage_class(const std::string& c) {
    static const char* const kClasses[] = {"STANDARD",
                                           "STANDARD_IA",
                                           "ONEZONE_IA",
                                           "INTELLIGENT_TIERING",
                                           "GLACIER_IR",
                                           "REDUCED_REDUNDANCY"};
    return std::any_of(
        std::begin(kClasses), std::end(kClasses), [&](const char* k) { return c == k; });
}

std::vector<std::string> strings_of(const json& value) {
    std::vector<std::string> out;
    if (value.is_array()) {
        for (const json& v : value) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

// A stable per-run choice, so a resumed run samples the same objects.
bool sampled(const std::string& run,
             const std::string& bucket,
             const std::string& key,
             int percentage) {
    if (percentage >= 100) {
        return true;
    }
    const std::size_t h = std::hash<std::string>{}(run + '\n' + bucket + '\n' + key);
    return static_cast<int>(h % 100) < percentage;
}

std::string cursor_of(const std::string& bucket, const std::string& key) {
    return bucket + '\n' + key;
}

}  // namespace

Result<std::shared_ptr<ScanSetup>> MacieService::compile_job(const MacieScope& scope,
                                                             const json& job) {
    std::vector<scan::CustomIdentifierSpec> custom;
    for (const std::string& id : strings_of(job.value("customDataIdentifierIds", json()))) {
        TRIPLINE_ASSIGN_OR_RETURN(auto row, load(scope, "macie2:cdi", id));
        json doc = json::parse(row.document);
        TRIPLINE_ASSIGN_OR_RETURN(scan::CustomIdentifierSpec spec, custom_spec_from_json(doc));
        spec.id = id;
        spec.arn = row.arn;
        custom.push_back(std::move(spec));
    }
    std::vector<scan::AllowList> lists;
    for (const std::string& id : strings_of(job.value("allowListIds", json()))) {
        auto row = load(scope, "macie2:allow-list", id);
        if (!row) {
            continue;  // deleted with ignoreJobChecks: the run goes on without it
        }
        const json criteria = json::parse(row->document).value("criteria", json::object());
        if (criteria.contains("regex")) {
            TRIPLINE_ASSIGN_OR_RETURN(
                auto list, scan::AllowList::from_regex(criteria["regex"].get<std::string>()));
            lists.push_back(std::move(list));
            continue;
        }
        // A word list is re-read when each run starts (macie.md §7).
        const json s3 = criteria.value("s3WordsList", json::object());
        auto text = buckets_.read_object(s3.value("bucketName", ""), s3.value("objectKey", ""));
        if (!text) {
            spdlog::warn("Macie: allow list {} cannot be read: {}", id, text.error().to_string());
            continue;
        }
        TRIPLINE_ASSIGN_OR_RETURN(auto list, scan::AllowList::from_words(*text));
        lists.push_back(std::move(list));
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        auto setup,
        make_scan_setup(job.value("managedDataIdentifierSelector", "RECOMMENDED"),
                        strings_of(job.value("managedDataIdentifierIds", json())),
                        std::move(custom),
                        std::move(lists)));
    return std::shared_ptr<ScanSetup>(std::move(setup));
}

Status MacieService::advance_job(const storage::StoredResource& row,
                                 std::size_t& budget,
                                 std::size_t& scanned) {
    const MacieScope scope{row.account_id, row.region};
    json job = json::parse(row.document);
    const std::string id = job["jobId"].get<std::string>();
    std::shared_ptr<ScanSetup> setup;
    {
        std::lock_guard lock(mutex_);
        if (auto it = compiled_.find(id); it != compiled_.end()) {
            setup = it->second;
        }
    }
    if (!setup) {
        auto compiled = compile_job(scope, job);
        if (!compiled) {
            // A run that cannot start fails visibly instead of hanging (lastRunErrorStatus).
            std::lock_guard lock(mutex_);
            job["jobStatus"] = job["jobType"] == "SCHEDULED" ? "IDLE" : "COMPLETE";
            job["lastRunErrorStatus"] = json{{"code", "ERROR"}};
            job.erase("_run");
            spdlog::warn("Macie: job {} cannot run: {}", id, compiled.error().to_string());
            return save(scope, kJob, id, row.arn, job);
        }
        setup = *compiled;
        std::lock_guard lock(mutex_);
        compiled_[id] = setup;
    }
    const json def = job["s3JobDefinition"];
    const json scoping = def.value("scoping", json());
    const int percentage = job.value("samplingPercentage", 100);
    const json run = job["_run"];
    const std::string started = run.value("startedAt", "");
    TimePoint since{};
    const bool incremental = run.value("since", json()).is_string() &&
                             parse_iso8601(run["since"].get<std::string>(), since);

    // The run's objects in (bucket, key) order; the cursor is the last one done.
    TRIPLINE_ASSIGN_OR_RETURN(auto bucket_rows,
                              buckets_.resources().list_all(storage::kBucketType));
    std::sort(bucket_rows.begin(), bucket_rows.end(), [](const auto& a, const auto& b) {
        return a.name < b.name;
    });
    const std::string cursor = run.value("cursor", "");
    std::uint64_t remaining = 0;
    bool finished = true;
    for (const auto& bucket_row : bucket_rows) {
        if (bucket_row.account_id != scope.account_id ||
            !bucket_selected(def, scope.account_id, bucket_row.name)) {
            continue;
        }
        TRIPLINE_ASSIGN_OR_RETURN(auto objects, buckets_.list_objects(bucket_row.name, ""));
        for (const storage::ObjectInfo& object : objects) {
            const std::string position = cursor_of(bucket_row.name, object.key);
            if (!cursor.empty() && position <= cursor) {
                continue;
            }
            const bool eligible = supported_storage_class(object.storage_class) &&
                                  object_in_scope(scoping, object) &&
                                  (!incremental || object.last_modified > since) &&
                                  sampled(started, bucket_row.name, object.key, percentage);
            if (budget == 0) {
                finished = false;
                remaining += eligible ? 1 : 0;
                continue;
            }
            --budget;
            std::optional<json> finding;
            if (eligible) {
                auto bytes = buckets_.read_object(bucket_row.name, object.key);
                if (bytes) {
                    const scan::ObjectScanResult result =
                        scan::scan_object(object.key, *bytes, *setup->scanner);
                    ScannedObject scanned_object;
                    scanned_object.account_id = scope.account_id;
                    scanned_object.region = scope.region;
                    scanned_object.bucket = bucket_row.name;
                    scanned_object.key = object.key;
                    scanned_object.size = object.size;
                    scanned_object.etag = object.etag;
                    scanned_object.etag.erase(
                        std::remove(scanned_object.etag.begin(), scanned_object.etag.end(), '"'),
                        scanned_object.etag.end());
                    scanned_object.last_modified = object.last_modified;
                    scanned_object.bucket_created_at = bucket_row.created_at;
                    scanned_object.storage_class = object.storage_class;
                    scanned_object.sse = object.sse;
                    finding = make_sensitive_data_finding(
                        scanned_object,
                        result,
                        setup->custom_matcher(),
                        FindingOrigin{id, "SENSITIVE_DATA_DISCOVERY_JOB"},
                        clock_.now());
                    ++scanned;
                } else {
                    spdlog::warn("Macie: job {} cannot read s3://{}/{}: {}",
                                 id,
                                 bucket_row.name,
                                 object.key,
                                 bytes.error().to_string());
                }
            }
            // The object's finding, its publication marker and the job's progress land together.
            std::lock_guard lock(mutex_);
            TRIPLINE_ASSIGN_OR_RETURN(json current, load_job(scope, id));
            if (current.value("jobStatus", "") != "RUNNING" || !current.contains("_run") ||
                current["_run"].value("startedAt", "") != started) {
                compiled_.erase(id);
                return ok_status();  // paused or cancelled meanwhile
            }
            TRIPLINE_ASSIGN_OR_RETURN(auto tx, storage::Transaction::begin(db_));
            if (finding) {
                const std::string finding_id = (*finding)["id"].get<std::string>();
                TRIPLINE_TRY(
                    save(scope, kFinding, finding_id, arn(scope, "finding", finding_id), *finding));
                TRIPLINE_TRY(save(scope,
                                  kUnpublished,
                                  finding_id,
                                  "tripline:macie2-unpublished:" + finding_id,
                                  json::object()));
            }
            current["_run"]["cursor"] = position;
            TRIPLINE_TRY(save(scope, kJob, id, row.arn, current));
            TRIPLINE_TRY(tx.commit());
            job = std::move(current);
        }
    }
    std::lock_guard lock(mutex_);
    TRIPLINE_ASSIGN_OR_RETURN(json current, load_job(scope, id));
    if (current.value("jobStatus", "") != "RUNNING" || !current.contains("_run") ||
        current["_run"].value("startedAt", "") != started) {
        compiled_.erase(id);
        return ok_status();
    }
    if (!finished) {
        current["statistics"]["approximateNumberOfObjectsToProcess"] = remaining;
        return save(scope, kJob, id, row.arn, current);
    }
    const TimePoint now = clock_.now();
    current["statistics"]["approximateNumberOfObjectsToProcess"] = 0;
    current["statistics"]["numberOfRuns"] = current["statistics"].value("numberOfRuns", 0) + 1;
    current["lastRunTime"] = started;
    current["lastRunErrorStatus"] = json{{"code", "NONE"}};
    current.erase("_run");
    if (current["jobType"] == "SCHEDULED") {
        // The next run analyses what is new or changed since this one started.
        current["jobStatus"] = "IDLE";
        current["_since"] = started;
        current["_nextRunAt"] =
            format_iso8601_millis(next_run_after(current["scheduleFrequency"], now));
    } else {
        current["jobStatus"] = "COMPLETE";
    }
    compiled_.erase(id);
    spdlog::info("Macie: job {} ({}) finished a run", id, current.value("name", ""));
    return save(scope, kJob, id, row.arn, current);
}

Result<std::size_t> MacieService::run_due(std::size_t max_objects) {
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store_.list_all(kJob));
    const TimePoint now = clock_.now();
    std::size_t budget = max_objects;
    std::size_t scanned = 0;
    for (auto& row : rows) {
        json job = json::parse(row.document);
        if (job.value("jobStatus", "") == "IDLE" && job.contains("_nextRunAt")) {
            TimePoint next;
            if (parse_iso8601(job["_nextRunAt"].get<std::string>(), next) && next <= now) {
                std::lock_guard lock(mutex_);
                auto current = load_job(MacieScope{row.account_id, row.region},
                                        job["jobId"].get<std::string>());
                if (!current || current->value("jobStatus", "") != "IDLE") {
                    continue;
                }
                job = std::move(*current);
                job["jobStatus"] = "RUNNING";
                job["_run"] = json{{"cursor", ""},
                                   {"since", job.value("_since", json())},
                                   {"startedAt", format_iso8601_millis(now)}};
                job.erase("_nextRunAt");
                TRIPLINE_TRY(
                    save(MacieScope{row.account_id, row.region}, kJob, row.name, row.arn, job));
                row.document = job.dump();
            }
        }
        if (job.value("jobStatus", "") == "RUNNING" && job.contains("_run") && budget > 0) {
            TRIPLINE_TRY(advance_job(row, budget, scanned));
        }
    }
    // Events that cannot go out now stay owed and are retried on the next round.
    auto published = publish_due();
    if (!published) {
        spdlog::warn("Macie: publishing findings failed (will retry): {}",
                     published.error().to_string());
    }
    // Work was done when objects were considered (budget spent) or events went out.
    return (max_objects - budget) + (published ? *published : 0);
}

Result<std::size_t> MacieService::publish_due() {
    std::lock_guard lock(publish_mutex_);
    if (!publisher_) {
        return std::size_t{0};
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto markers, store_.list_all(kUnpublished));
    if (markers.size() > kPublishBatch) {
        markers.resize(kPublishBatch);
    }
    std::vector<MacieFindingEvent> events;
    for (const auto& marker : markers) {
        auto finding = store_.get(marker.account_id, marker.region, kFinding, marker.name);
        if (!finding) {
            continue;
        }
        event::EventEnvelope envelope;
        envelope.id = make_uuid();
        envelope.detail_type = "Macie Finding";
        envelope.source = "aws.macie";
        envelope.account = marker.account_id;
        envelope.region = marker.region;
        envelope.time = format_iso8601(clock_.now());
        envelope.detail = finding->document;
        events.push_back(
            MacieFindingEvent{marker.account_id, marker.region, event::to_json(envelope)});
    }
    if (!events.empty()) {
        TRIPLINE_TRY(publisher_(events));
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto tx, storage::Transaction::begin(db_));
    for (const auto& marker : markers) {
        TRIPLINE_TRY(store_.remove(marker.account_id, marker.region, kUnpublished, marker.name));
    }
    TRIPLINE_TRY(tx.commit());
    return events.size();
}

}  // namespace tripline::discover
