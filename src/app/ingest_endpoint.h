// POST /_tripline/ingest: how `tripline ingest` hands records to a running `tripline serve` on the
// same data dir (serve_lock.h). The body is JSON Lines, one CloudTrail record per line (at most
// the server's max request size); the header X-Tripline-Token must carry the token from
// <data-dir>/serve.json, which only the data dir's owner can read. The records go through the
// server's record pipeline as ingested records; the reply is {"accepted":N}, or 400 naming the
// first bad line, 401 for a wrong token, 503 when the pipeline refused them (retry).
#pragma once

#include <string>

#include "api/http_server.h"
#include "trail/record_sink.h"

namespace tripline::app {

inline constexpr const char* kIngestPath = "/_tripline/ingest";

bool is_ingest_request(const api::HttpRequest& request);
api::HttpResponse handle_ingest_request(const api::HttpRequest& request,
                                        const std::string& token,
                                        trail::RecordSink& sink);

}  // namespace tripline::app
