// Classification jobs: create, describe, list, pause/resume/cancel (macie.md §11).
#include <algorithm>

#include "discover/job_schedule.h"
#include "discover/job_scope.h"
#include "discover/macie_finding.h"
#include "discover/macie_service.h"
#include "scan/managed_catalogue.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

constexpr std::string_view kJob = "macie2:job";

// The members of a job document that DescribeClassificationJob does not show.
json public_view(json job) {
    for (auto it = job.begin(); it != job.end();) {
        it = it.key().starts_with("_") ? job.erase(it) : std::next(it);
    }
    return job;
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

Status check_job_input(const json& input) {
    const json type = input.value("jobType", json());
    if (type != "ONE_TIME" && type != "SCHEDULED") {
        return make_error(Errc::kInvalidArgument, "jobType must be ONE_TIME or SCHEDULED");
    }
    const json name = input.value("name", json());
    if (!name.is_string() || name.get<std::string>().empty() ||
        name.get<std::string>().size() > 500) {
        return make_error(Errc::kInvalidArgument, "name is required (at most 500 characters)");
    }
    TRIPLINE_TRY(validate_job_definition(input.value("s3JobDefinition", json())));
    if (type == "SCHEDULED") {
        TRIPLINE_TRY(validate_schedule(input.value("scheduleFrequency", json())));
    } else if (input.contains("scheduleFrequency") && !input["scheduleFrequency"].is_null()) {
        return make_error(Errc::kInvalidArgument,
                          "scheduleFrequency applies to SCHEDULED jobs only");
    }
    if (auto it = input.find("samplingPercentage"); it != input.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 100) {
            return make_error(Errc::kInvalidArgument, "samplingPercentage must be 1-100");
        }
    }
    const std::string selector = input.value("managedDataIdentifierSelector", "RECOMMENDED");
    TRIPLINE_TRY(scan::select_managed(selector,
                                      strings_of(input.value("managedDataIdentifierIds", json()))));
    const auto custom = strings_of(input.value("customDataIdentifierIds", json()));
    if (selector == "NONE" && custom.empty()) {
        return make_error(
            Errc::kInvalidArgument,
            "managedDataIdentifierSelector NONE needs at least one customDataIdentifierIds entry");
    }
    if (custom.size() > 30) {
        return make_error(Errc::kInvalidArgument,
                          "A job can use at most 30 custom data identifiers");
    }
    if (strings_of(input.value("allowListIds", json())).size() > 10) {
        return make_error(Errc::kInvalidArgument, "A job can use at most 10 allow lists");
    }
    return ok_status();
}

bool matches_filter(const json& job, const json& filter) {
    const std::string key = filter.value("key", "");
    const std::string comparator = filter.value("comparator", "EQ");
    const std::vector<std::string> values = strings_of(filter.value("values", json()));
    const std::string actual = job.value(key, json("")).is_string() ? job.value(key, "") : "";
    if (comparator == "CONTAINS") {
        return std::any_of(values.begin(), values.end(), [&](const std::string& v) {
            return actual.find(v) != std::string::npos;
        });
    }
    const bool any = std::find(values.begin(), values.end(), actual) != values.end();
    if (comparator == "NE") {
        return !any;
    }
    if (comparator == "GT" || comparator == "GTE" || comparator == "LT" || comparator == "LTE") {
        if (values.empty()) {
            return false;
        }
        const int c = actual.compare(values.front());
        return comparator == "GT"    ? c > 0
               : comparator == "GTE" ? c >= 0
               : comparator == "LT"  ? c < 0
                                     : c <= 0;
    }
    return any;
}

}  // namespace

Result<json> MacieService::load_job(const MacieScope& scope, const std::string& id) {
    auto row = load(scope, kJob, id);
    if (!row) {
        return make_error(Errc::kNotFound, "The classification job " + id + " does not exist.");
    }
    return json::parse(row->document);
}

Result<json> MacieService::create_job(const MacieScope& scope, const json& input) {
    TRIPLINE_TRY(require_enabled(scope));
    TRIPLINE_TRY(check_job_input(input));
    for (const std::string& id : strings_of(input.value("customDataIdentifierIds", json()))) {
        auto cdi = load(scope, "macie2:cdi", id);
        if (!cdi || json::parse(cdi->document).value("deleted", false)) {
            return make_error(Errc::kNotFound,
                              "The custom data identifier " + id + " does not exist.");
        }
    }
    for (const std::string& id : strings_of(input.value("allowListIds", json()))) {
        if (!load(scope, "macie2:allow-list", id)) {
            return make_error(Errc::kNotFound, "The allow list " + id + " does not exist.");
        }
    }
    std::lock_guard lock(mutex_);
    // clientToken makes a retried create return the job it created.
    if (auto token = input.value("clientToken", json()); token.is_string()) {
        TRIPLINE_ASSIGN_OR_RETURN(auto rows, store_.list(scope.account_id, scope.region, kJob));
        for (const auto& row : rows) {
            json job = json::parse(row.document);
            if (job.value("clientToken", json()) == token) {
                return json{{"jobArn", job["jobArn"]}, {"jobId", job["jobId"]}};
            }
        }
    }
    const TimePoint now = clock_.now();
    const std::string id = make_hex_id();
    const std::string job_arn = arn(scope, "classification-job", id);
    const bool scheduled = input["jobType"] == "SCHEDULED";
    const bool initial_run = scheduled && input.value("initialRun", false);
    const std::string selector = input.value("managedDataIdentifierSelector", "RECOMMENDED");
    const bool lists_ids = selector == "INCLUDE" || selector == "EXCLUDE";
    json job{{"jobId", id},
             {"jobArn", job_arn},
             {"jobType", input["jobType"]},
             {"name", input["name"]},
             {"description", input.value("description", json())},
             {"s3JobDefinition", input["s3JobDefinition"]},
             {"scheduleFrequency", input.value("scheduleFrequency", json())},
             {"initialRun", initial_run},
             {"samplingPercentage", input.value("samplingPercentage", 100)},
             {"managedDataIdentifierSelector", selector},
             {"managedDataIdentifierIds",
              lists_ids ? input.value("managedDataIdentifierIds", json()) : json()},
             {"customDataIdentifierIds", input.value("customDataIdentifierIds", json::array())},
             {"allowListIds", input.value("allowListIds", json::array())},
             {"clientToken", input.value("clientToken", json())},
             {"tags", input.value("tags", json::object())},
             {"createdAt", format_iso8601_millis(now)},
             {"lastRunTime", nullptr},
             {"lastRunErrorStatus", json{{"code", "NONE"}}},
             {"statistics", json{{"approximateNumberOfObjectsToProcess", 0}, {"numberOfRuns", 0}}},
             {"userPausedDetails", nullptr}};
    if (!scheduled || initial_run) {
        job["jobStatus"] = "RUNNING";
        job["_run"] =
            json{{"cursor", ""}, {"since", nullptr}, {"startedAt", format_iso8601_millis(now)}};
    } else {
        // Without an initial run, the first run analyses what is created or changed after now.
        job["jobStatus"] = "IDLE";
        job["_since"] = format_iso8601_millis(now);
        job["_nextRunAt"] = format_iso8601_millis(next_run_after(job["scheduleFrequency"], now));
    }
    TRIPLINE_TRY(save(scope, kJob, id, job_arn, job));
    { std::lock_guard wake_lock(wake_mutex_); }
    wake_.notify_all();
    return json{{"jobArn", job_arn}, {"jobId", id}};
}

Result<json> MacieService::describe_job(const MacieScope& scope, const std::string& id) {
    TRIPLINE_TRY(require_enabled(scope));
    TRIPLINE_ASSIGN_OR_RETURN(json job, load_job(scope, id));
    return public_view(std::move(job));
}

Result<json> MacieService::list_jobs(const MacieScope& scope, const json& input) {
    TRIPLINE_TRY(require_enabled(scope));
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store_.list(scope.account_id, scope.region, kJob));
    const json criteria = input.value("filterCriteria", json::object());
    std::vector<json> jobs;
    for (const auto& row : rows) {
        json job = json::parse(row.document);
        bool keep = true;
        for (const json& f : criteria.value("includes", json::array())) {
            keep = keep && matches_filter(job, f);
        }
        for (const json& f : criteria.value("excludes", json::array())) {
            keep = keep && !matches_filter(job, f);
        }
        if (keep) {
            jobs.push_back(std::move(job));
        }
    }
    const json sort = input.value("sortCriteria", json::object());
    const std::string attribute = sort.value("attributeName", "createdAt");
    const bool descending = sort.value("orderBy", "ASC") == "DESC";
    std::stable_sort(jobs.begin(), jobs.end(), [&](const json& a, const json& b) {
        const std::string x =
            a.value(attribute, json("")).is_string() ? a.value(attribute, "") : "";
        const std::string y =
            b.value(attribute, json("")).is_string() ? b.value(attribute, "") : "";
        return descending ? y < x : x < y;
    });
    json items = json::array();
    for (const json& job : jobs) {
        const json def = job["s3JobDefinition"];
        json item{{"jobId", job["jobId"]},
                  {"name", job["name"]},
                  {"jobType", job["jobType"]},
                  {"jobStatus", job["jobStatus"]},
                  {"createdAt", job["createdAt"]},
                  {"lastRunErrorStatus", job["lastRunErrorStatus"]},
                  {"userPausedDetails", job["userPausedDetails"]}};
        if (def.contains("bucketDefinitions")) {
            item["bucketDefinitions"] = def["bucketDefinitions"];
        } else {
            item["bucketCriteria"] = def.value("bucketCriteria", json());
        }
        items.push_back(std::move(item));
    }
    return items;
}

Status MacieService::update_job(const MacieScope& scope,
                                const std::string& id,
                                const std::string& status) {
    TRIPLINE_TRY(require_enabled(scope));
    std::lock_guard lock(mutex_);
    TRIPLINE_ASSIGN_OR_RETURN(json job, load_job(scope, id));
    const std::string current = job.value("jobStatus", "");
    auto refuse = [&] {
        return make_error(Errc::kInvalidArgument,
                          "The job's status cannot change from " + current + " to " + status + ".");
    };
    const TimePoint now = clock_.now();
    if (status == "CANCELLED") {
        if (current != "IDLE" && current != "PAUSED" && current != "RUNNING" &&
            current != "USER_PAUSED") {
            return refuse();
        }
        job.erase("_run");
        job["userPausedDetails"] = nullptr;
    } else if (status == "USER_PAUSED") {
        if (current != "IDLE" && current != "PAUSED" && current != "RUNNING") {
            return refuse();
        }
        job["_pausedFrom"] = current;
        job["userPausedDetails"] =
            json{{"jobPausedAt", format_iso8601_millis(now)},
                 {"jobExpiresAt", format_iso8601_millis(now + std::chrono::hours(24 * 30))},
                 {"jobImminentExpirationHealthEventArn", nullptr}};
    } else if (status == "RUNNING") {
        if (current != "USER_PAUSED") {
            return refuse();
        }
        // Resuming continues the run in progress, or returns a recurring job to its schedule.
        const std::string from = job.value("_pausedFrom", "RUNNING");
        job["jobStatus"] = job.contains("_run") ? "RUNNING" : (from == "IDLE" ? "IDLE" : "RUNNING");
        job["userPausedDetails"] = nullptr;
        job.erase("_pausedFrom");
        TRIPLINE_TRY(save(scope, kJob, id, job["jobArn"].get<std::string>(), job));
        wake_.notify_all();
        return ok_status();
    } else {
        return make_error(Errc::kInvalidArgument,
                          "jobStatus must be CANCELLED, USER_PAUSED or RUNNING");
    }
    job["jobStatus"] = status;
    compiled_.erase(id);
    return save(scope, kJob, id, job["jobArn"].get<std::string>(), job);
}

}  // namespace tripline::discover
