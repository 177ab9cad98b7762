// AthenaService: Athena's query executions over the trail store (athena.md §2-3). A started query
// is stored QUEUED (a ResourceStore row, so it survives a restart: unfinished executions run
// again at start(), queries being read-only), runs on a bounded pool of workers through
// query::athena::AthenaEngine, and its result is written to the output location in one of
// Tripline's buckets (`<id>.csv` or `<id>.txt`, plus `.metadata`), from where GetQueryResults
// reads it back - as Athena does. Named queries and workgroups (`primary` always exists) are
// rows too.
//
// Ownership: borrows the database, the buckets and the engine (all outlive it); owns its workers
// (stop() or the destructor joins them).
// Thread-safety: every method may be called concurrently.
// Errors: kInvalidArgument (Athena's InvalidRequestException) for bad requests, unknown ids and
// results not available; kNotFound for unknown workgroups/named queries; storage errors as is.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "athena/bucket_log_source.h"
#include "athena/query_execution.h"
#include "base/clock.h"
#include "base/result.h"
#include "query/athena_engine.h"
#include "storage/bucket_store.h"
#include "storage/database.h"
#include "storage/resource_store.h"

namespace tripline::athena {

struct AthenaScope {
    std::string account_id;
    std::string region;
};

// arn:aws:athena:<region>:<account>:<kind>/<name> (workgroup/primary; Tripline's own rows use
// the same form with their kind).
std::string arn_of(const AthenaScope& scope, std::string_view kind, std::string_view name);

struct StartQuery {
    std::string query;
    std::string database;   // "" = default
    std::string catalog;    // "" = AwsDataCatalog
    std::string workgroup;  // "" = primary
    std::string output_location;
    std::string client_token;
};

struct ResultPage {
    std::vector<query::athena::Column> columns;
    std::vector<query::athena::Row> rows;  // the header row first on a query's first page
    std::string next_token;                // "" on the last page
};

struct AthenaOptions {
    int workers = 2;
    // The primary workgroup's ResultConfiguration.OutputLocation ("" = none, as in AWS).
    std::string default_output_location;
};

class AthenaService {
public:
    AthenaService(storage::Database& database,
                  storage::BucketStore& buckets,
                  query::athena::AthenaEngine& engine,
                  Clock& clock,
                  AthenaOptions options = {});
    ~AthenaService();
    AthenaService(const AthenaService&) = delete;
    AthenaService& operator=(const AthenaService&) = delete;

    // Queues the executions a previous run left unfinished and starts the workers.
    Status start();
    void stop();

    Result<std::string> start_query(const AthenaScope& scope, const StartQuery& request);
    Result<QueryExecution> get_query(const AthenaScope& scope, const std::string& id);
    // Ids, newest first, of `workgroup` ("" = primary).
    Result<std::vector<std::string>> list_queries(const AthenaScope& scope,
                                                  const std::string& workgroup);
    Status stop_query(const AthenaScope& scope, const std::string& id);
    // max_rows 1-1000; `token` from the previous page.
    Result<ResultPage> get_results(const AthenaScope& scope,
                                   const std::string& id,
                                   const std::string& token,
                                   std::size_t max_rows);
    // Waits until nothing is queued or running (tests, the CLI); false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout);

    Result<std::string> create_named_query(const AthenaScope& scope,
                                           NamedQuery query,
                                           const std::string& client_token);
    Result<NamedQuery> get_named_query(const AthenaScope& scope, const std::string& id);
    Result<std::vector<std::string>> list_named_queries(const AthenaScope& scope,
                                                        const std::string& workgroup);
    Status delete_named_query(const AthenaScope& scope, const std::string& id);

    Result<std::vector<WorkGroup>> list_workgroups(const AthenaScope& scope);
    Result<WorkGroup> get_workgroup(const AthenaScope& scope, const std::string& name);
    Status create_workgroup(const AthenaScope& scope, WorkGroup group);
    Status delete_workgroup(const AthenaScope& scope, const std::string& name);

    query::athena::AthenaEngine& engine() { return engine_; }

private:
    struct Job {
        AthenaScope scope;
        std::string id;
    };
    void work();
    void run(const Job& job);
    Status save(const AthenaScope& scope, const QueryExecution& execution);
    // Writes the result files; returns the result's row count.
    Status write_result(const AthenaScope& scope,
                        QueryExecution& execution,
                        const query::athena::QueryOutput& output);

    storage::Database& database_;
    storage::BucketStore& buckets_;
    BucketLogSource log_source_;  // the engine's external tables read these buckets
    storage::ResourceStore resources_;
    query::athena::AthenaEngine& engine_;
    Clock& clock_;
    AthenaOptions options_;

    std::mutex mutex_;  // guards everything below
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<Job> queue_;
    std::map<std::string, std::shared_ptr<query::athena::QueryControl>> running_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace tripline::athena
