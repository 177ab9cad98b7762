#include "athena/athena_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "athena/result_files.h"
#include "base/uuid.h"
#include "query/athena_dialect.h"

namespace tripline::athena {

namespace {

constexpr const char* kExecutionType = "athena:query-execution";
constexpr const char* kTokenType = "athena:query-token";

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

// AthenaError's category: 1 system, 2 user.
int category_of(const Error& error) {
    switch (error.code) {
        case Errc::kIo:
        case Errc::kInternal:
        case Errc::kUnavailable:
            return 1;
        default:
            return 2;
    }
}

}  // namespace

AthenaService::AthenaService(storage::Database& database,
                             storage::BucketStore& buckets,
                             query::athena::AthenaEngine& engine,
                             Clock& clock,
                             AthenaOptions options)
    : database_(database),
      buckets_(buckets),
      log_source_(buckets),
      resources_(database),
      engine_(engine),
      clock_(clock),
      options_(std::move(options)) {
    engine_.set_log_source(&log_source_);
}

AthenaService::~AthenaService() {
    stop();
    engine_.set_log_source(nullptr);
}

Status AthenaService::start() {
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<storage::StoredResource> rows,
                              resources_.list_all(kExecutionType));
    std::vector<std::pair<TimePoint, Job>> unfinished;
    // Athena keeps query history for 45 days; the result files stay where they were written.
    const TimePoint history_start = clock_.now() - std::chrono::hours(24 * 45);
    for (const storage::StoredResource& row : rows) {
        auto doc = nlohmann::json::parse(row.document, nullptr, false);
        QueryExecution execution = QueryExecution::from_document(row.name, doc);
        if (execution.finished() && execution.completed < history_start) {
            TRIPLINE_TRY(resources_.remove(row.account_id, row.region, kExecutionType, row.name));
            if (!execution.client_token.empty()) {
                TRIPLINE_TRY(resources_.remove(
                    row.account_id, row.region, kTokenType, execution.client_token));
            }
            continue;
        }
        if (!execution.finished()) {
            unfinished.push_back(
                {execution.submitted, Job{{row.account_id, row.region}, row.name}});
        }
    }
    std::sort(unfinished.begin(), unfinished.end(), [](const auto& a, const auto& b) {
        return a.first < b.first;
    });
    std::lock_guard lock(mutex_);
    stopping_ = false;
    for (auto& [submitted, job] : unfinished) {
        queue_.push_back(std::move(job));
    }
    for (int i = 0; i < std::max(1, options_.workers); ++i) {
        workers_.emplace_back([this] { work(); });
    }
    wake_.notify_all();
    return ok_status();
}

void AthenaService::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& [id, control] : running_) {
            control->cancel();
        }
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) {
        if (worker.joinable()) {
            worker.join();
        }
    }
    workers_.clear();
}

Status AthenaService::save(const AthenaScope& scope, const QueryExecution& execution) {
    storage::StoredResource row{scope.account_id,
                                scope.region,
                                kExecutionType,
                                execution.id,
                                arn_of(scope, "queryexecution", execution.id),
                                execution.to_document().dump(),
                                {},
                                {}};
    TRIPLINE_TRY(resources_.put(row, clock_.now()));
    return ok_status();
}

Result<std::string> AthenaService::start_query(const AthenaScope& scope,
                                               const StartQuery& request) {
    if (request.query.empty()) {
        return invalid(
            "1 validation error detected: Value null at 'queryString' failed to "
            "satisfy constraint: Member must not be null");
    }
    if (request.query.size() > 262144) {
        return invalid(
            "1 validation error detected: Value at 'queryString' failed to satisfy "
            "constraint: Member must have length less than or equal to 262144");
    }
    if (!request.client_token.empty()) {
        auto existing =
            resources_.get(scope.account_id, scope.region, kTokenType, request.client_token);
        if (existing) {
            return nlohmann::json::parse(existing->document, nullptr, false).value("id", "");
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        WorkGroup group,
        get_workgroup(scope, request.workgroup.empty() ? "primary" : request.workgroup));
    if (group.state != "ENABLED") {
        return invalid("WorkGroup " + group.name + " is disabled.");
    }
    std::string location =
        request.output_location.empty() ? group.output_location : request.output_location;
    if (location.empty()) {
        return invalid(
            "No output location provided. An output location is required either "
            "through the Workgroup result configuration setting or as an API input.");
    }
    TRIPLINE_ASSIGN_OR_RETURN(S3Location parsed, parse_s3_location(location));
    QueryExecution execution;
    execution.id = make_uuid();
    execution.query = request.query;
    execution.database = request.database.empty() ? "default" : request.database;
    execution.catalog = request.catalog.empty() ? "AwsDataCatalog" : request.catalog;
    execution.workgroup = group.name;
    execution.client_token = request.client_token;
    // Known once the statement is classified; a query until then.
    execution.output_location =
        "s3://" + parsed.bucket + "/" + result_key(parsed, execution.id, true);
    execution.submitted = clock_.now();
    TRIPLINE_TRY(save(scope, execution));
    if (!request.client_token.empty()) {
        storage::StoredResource token{scope.account_id,
                                      scope.region,
                                      kTokenType,
                                      request.client_token,
                                      arn_of(scope, "querytoken", request.client_token),
                                      nlohmann::json{{"id", execution.id}}.dump(),
                                      {},
                                      {}};
        TRIPLINE_TRY(resources_.put(token, clock_.now()));
    }
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(Job{scope, execution.id});
    }
    wake_.notify_one();
    return execution.id;
}

Result<QueryExecution> AthenaService::get_query(const AthenaScope& scope, const std::string& id) {
    auto row = resources_.get(scope.account_id, scope.region, kExecutionType, id);
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return invalid("QueryExecution " + id + " was not found");
        }
        return row.error();
    }
    return QueryExecution::from_document(id, nlohmann::json::parse(row->document, nullptr, false));
}

Result<std::vector<std::string>> AthenaService::list_queries(const AthenaScope& scope,
                                                             const std::string& workgroup) {
    const std::string group = workgroup.empty() ? "primary" : workgroup;
    TRIPLINE_ASSIGN_OR_RETURN(auto rows,
                              resources_.list(scope.account_id, scope.region, kExecutionType));
    std::vector<std::pair<TimePoint, std::string>> found;
    for (const storage::StoredResource& row : rows) {
        QueryExecution q = QueryExecution::from_document(
            row.name, nlohmann::json::parse(row.document, nullptr, false));
        if (q.workgroup == group) {
            found.emplace_back(q.submitted, q.id);
        }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> ids;
    for (auto& entry : found) {
        ids.push_back(std::move(entry.second));
    }
    return ids;
}

Status AthenaService::stop_query(const AthenaScope& scope, const std::string& id) {
    TRIPLINE_ASSIGN_OR_RETURN(QueryExecution execution, get_query(scope, id));
    if (execution.finished()) {
        return ok_status();  // Athena accepts stopping a finished query
    }
    std::lock_guard lock(mutex_);
    auto running = running_.find(id);
    if (running != running_.end()) {
        running->second->cancel();  // the worker records CANCELLED
        return ok_status();
    }
    // Still queued: it never runs.
    execution.state = kCancelled;
    execution.completed = clock_.now();
    return save(scope, execution);
}

bool AthenaService::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] { return queue_.empty() && running_.empty(); });
}

void AthenaService::work() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                return;
            }
            job = std::move(queue_.front());
            queue_.pop_front();
            running_[job.id] = std::make_shared<query::athena::QueryControl>();
        }
        run(job);
        {
            std::lock_guard lock(mutex_);
            running_.erase(job.id);
        }
        idle_.notify_all();
    }
}

void AthenaService::run(const Job& job) {
    auto loaded = get_query(job.scope, job.id);
    if (!loaded || loaded->state != kQueued) {
        return;  // cancelled while queued, or gone
    }
    QueryExecution execution = std::move(*loaded);
    std::shared_ptr<query::athena::QueryControl> control;
    {
        std::lock_guard lock(mutex_);
        control = running_[job.id];
    }
    execution.state = kRunning;
    execution.started = clock_.now();
    if (Status saved = save(job.scope, execution); !saved) {
        spdlog::error(
            "athena: query {} could not be marked RUNNING: {}", job.id, saved.error().message);
        return;  // it stays QUEUED and runs again after a restart
    }
    if (auto statement = query::athena::translate(execution.query)) {
        execution.statement_type = statement->statement_type;  // known even when it fails
        execution.substatement_type = statement->substatement_type;
    }
    const auto began = std::chrono::steady_clock::now();
    auto output =
        engine_.run(execution.query, execution.database, control.get(), job.scope.account_id);
    execution.engine_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - began)
                              .count();
    Status status = output ? write_result(job.scope, execution, *output) : output.error();
    execution.completed = clock_.now();
    if (status) {
        execution.state = kSucceeded;
    } else if (control->cancelled()) {
        execution.state = kCancelled;
        execution.state_change_reason = "Query was cancelled by user";
    } else {
        execution.state = kFailed;
        execution.state_change_reason = status.error().message;
        execution.error_message = status.error().message;
        execution.error_category = category_of(status.error());
        execution.error_type = execution.error_category == 1 ? 401 : 1100;
    }
    if (Status saved = save(job.scope, execution); !saved) {
        spdlog::error("athena: the outcome of query {} could not be stored: {}",
                      job.id,
                      saved.error().message);
    }
}

Status AthenaService::write_result(const AthenaScope& scope,
                                   QueryExecution& execution,
                                   const query::athena::QueryOutput& output) {
    execution.statement_type = output.statement_type;
    execution.substatement_type = output.substatement_type;
    execution.data_scanned = output.data_scanned_bytes;
    execution.result_rows = output.result.rows.size();
    const bool csv = output.statement_type == "DML";
    TRIPLINE_ASSIGN_OR_RETURN(S3Location location, parse_s3_location(execution.output_location));
    // output_location holds <prefix><id>.csv; the prefix is what the caller gave.
    const std::string file_name = execution.id + ".csv";
    if (location.prefix.ends_with(file_name + "/")) {
        location.prefix.resize(location.prefix.size() - file_name.size() - 1);
    }
    const std::string key = result_key(location, execution.id, csv);
    execution.output_location = "s3://" + location.bucket + "/" + key;
    auto bucket = buckets_.find_bucket(location.bucket);
    if (!bucket) {
        if (bucket.error().code == Errc::kNotFound) {
            return invalid("Unable to verify/create output bucket " + location.bucket);
        }
        return bucket.error();
    }
    if (bucket->account_id != scope.account_id) {
        return make_error(Errc::kPermissionDenied,
                          "Access denied when writing output to url: " + execution.output_location +
                              " . Please ensure you are allowed to access the S3 bucket.");
    }
    const std::string body = csv ? to_csv(output.result) : to_text(output.result);
    storage::NewObject attributes;
    attributes.content_type = csv ? "text/csv" : "text/plain";
    TRIPLINE_TRY(buckets_.put_object(location.bucket, key, body, attributes, clock_.now()));
    storage::NewObject metadata;
    metadata.content_type = "application/json";
    TRIPLINE_TRY(buckets_.put_object(location.bucket,
                                     key + ".metadata",
                                     metadata_document(output.result, output.header),
                                     metadata,
                                     clock_.now()));
    return ok_status();
}

Result<ResultPage> AthenaService::get_results(const AthenaScope& scope,
                                              const std::string& id,
                                              const std::string& token,
                                              std::size_t max_rows) {
    TRIPLINE_ASSIGN_OR_RETURN(QueryExecution execution, get_query(scope, id));
    if (!execution.finished()) {
        return invalid("Query has not yet finished. Current state: " + execution.state);
    }
    if (execution.state != kSucceeded) {
        return invalid("Query did not finish successfully. Final query state: " + execution.state +
                       (execution.error_message.empty() ? "" : "\n" + execution.error_message));
    }
    TRIPLINE_ASSIGN_OR_RETURN(S3Location location, parse_s3_location(execution.output_location));
    std::string key = location.prefix;
    if (!key.empty()) {
        key.pop_back();  // parse_s3_location added a '/' after the object key
    }
    auto file = buckets_.read_object(location.bucket, key);
    auto metadata = buckets_.read_object(location.bucket, key + ".metadata");
    if (!file || !metadata) {
        return invalid("Unable to read the result of query " + id + " from " +
                       execution.output_location + ": the result file does not exist");
    }
    TRIPLINE_ASSIGN_OR_RETURN(StoredResult stored,
                              parse_result(*file, *metadata, key.ends_with(".csv")));
    std::vector<query::athena::Row> all;
    if (stored.header) {
        query::athena::Row header;
        for (const auto& c : stored.columns) {
            header.emplace_back(c.name);
        }
        all.push_back(std::move(header));
    }
    for (auto& row : stored.rows) {
        all.push_back(std::move(row));
    }
    std::size_t offset = 0;
    if (!token.empty()) {
        try {
            offset = std::stoul(token);
        } catch (const std::exception&) {
            return invalid("The NextToken is invalid.");
        }
        if (offset > all.size()) {
            return invalid("The NextToken is invalid.");
        }
    }
    ResultPage page;
    page.columns = stored.columns;
    const std::size_t end = std::min(all.size(), offset + std::max<std::size_t>(max_rows, 1));
    for (std::size_t i = offset; i < end; ++i) {
        page.rows.push_back(std::move(all[i]));
    }
    if (end < all.size()) {
        page.next_token = std::to_string(end);
    }
    return page;
}

}  // namespace tripline::athena
