#include "app/query_runtime.h"

#include "app/query_endpoint.h"
#include "app/serve_lock.h"
#include "athena/bucket_log_source.h"
#include "notify/http_client.h"
#include "query/trail_store.h"
#include "storage/bucket_store.h"
#include "storage/migrations.h"

namespace tripline::app {

namespace {

Result<query::athena::QueryOutput> run_via_server(const ServeInfo& info,
                                                  const std::string& sql,
                                                  const std::string& database) {
    notify::HttpClient::Options options;
    options.max_response_bytes = std::size_t{1} << 30;
    notify::HttpClient client(options);
    const std::vector<notify::HttpHeader> headers = {{"Content-Type", "application/json"},
                                                     {"X-Tripline-Token", info.token}};
    nlohmann::json body = {{"sql", sql}, {"database", database}};
    notify::HttpResult result =
        client.post(info.url + kQueryPath, headers, body.dump(), std::chrono::hours(1));
    if (!result.error.empty()) {
        return make_error(Errc::kUnavailable,
                          "the server at " + info.url + " did not answer: " + result.error);
    }
    auto doc = nlohmann::json::parse(result.body, nullptr, false);
    if (!result.success()) {
        std::string message =
            doc.is_object() && doc.contains("message") && doc["message"].is_string()
                ? doc["message"].get<std::string>()
                : "HTTP " + std::to_string(result.status);
        return make_error(result.status == 400 ? Errc::kInvalidArgument : Errc::kIo, message);
    }
    return output_from_json(doc);
}

}  // namespace

Result<query::athena::QueryOutput> run_query_on_data_dir(const std::filesystem::path& data_dir,
                                                         const std::string& sql,
                                                         const std::string& database,
                                                         std::size_t max_result_rows) {
    auto lock = DataDirLock::acquire(data_dir);
    if (!lock) {
        if (lock.error().code != Errc::kUnavailable) {
            return lock.error();
        }
        auto info = read_serve_info(data_dir);
        if (!info) {
            return make_error(Errc::kUnavailable,
                              lock.error().message +
                                  "; it is not a server answering queries: wait for it to finish");
        }
        return run_via_server(*info, sql, database);
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto state, storage::open_state_store(data_dir / "state.db"));
    storage::BucketStore buckets(*state, data_dir / "buckets");
    athena::BucketLogSource files(buckets);  // external tables: every bucket (the owner's CLI)
    TRIPLINE_ASSIGN_OR_RETURN(auto store, query::TrailStore::open(data_dir / "trail.duckdb"));
    query::athena::EngineOptions options;
    options.limits.max_rows = max_result_rows;
    query::athena::AthenaEngine engine(*store, options);
    engine.set_log_source(&files);
    return engine.run(sql, database);
}

}  // namespace tripline::app
