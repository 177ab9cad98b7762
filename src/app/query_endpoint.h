// POST /_tripline/query: how `tripline query` runs SQL through a running `tripline serve` that
// holds the data dir (the trail store is single-process). Authenticated like the ingest endpoint
// (X-Tripline-Token from <data-dir>/serve.json). The body is {"sql": "...", "database": "..."};
// the reply is the output as JSON (output_to_json), or 400 {"message"} for the statement's own
// faults and 500 for the rest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/http_server.h"
#include "base/result.h"
#include "query/athena_engine.h"

namespace tripline::app {

inline constexpr const char* kQueryPath = "/_tripline/query";

bool is_query_request(const api::HttpRequest& request);
api::HttpResponse handle_query_request(const api::HttpRequest& request,
                                       const std::string& token,
                                       query::athena::AthenaEngine& engine);

nlohmann::json output_to_json(const query::athena::QueryOutput& output);
Result<query::athena::QueryOutput> output_from_json(const nlohmann::json& doc);

}  // namespace tripline::app
