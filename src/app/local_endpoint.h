// What the local endpoints of `tripline serve` (/_tripline/ingest, /_tripline/query) share: the
// X-Tripline-Token check (the token from <data-dir>/serve.json, compared in constant time) and
// their JSON replies.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/http_server.h"

namespace tripline::app {

bool token_matches(const api::HttpRequest& request, const std::string& token);
api::HttpResponse local_reply(int status, const nlohmann::json& body);

}  // namespace tripline::app
