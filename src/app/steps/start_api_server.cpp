#include <spdlog/spdlog.h>

#include "api/http_server.h"
#include "api/request_router.h"
#include "app/steps/steps.h"

namespace tripline::app::steps {

Status start_api_server(EngineState& state) {
    const ServerConfig& server = state.config.server;
    TRIPLINE_ASSIGN_OR_RETURN(auto address, api::parse_listen_address(server.listen));
    state.router = std::make_unique<api::RequestRouter>(tripline_version());
    api::HttpServerOptions options;
    options.host = address.first;
    options.port = address.second;
    options.worker_threads = server.worker_threads;
    options.max_request_bytes = server.max_request_bytes;
    options.tls_certificate = server.tls_certificate;
    options.tls_private_key = server.tls_private_key;
    const api::RequestRouter* router = state.router.get();
    state.http = std::make_unique<api::HttpServer>(
        options, [router](const api::HttpRequest& request) { return router->route(request); });
    TRIPLINE_TRY(state.http->start());
    std::string scheme = state.http->tls() ? "https" : "http";
    spdlog::info("API listening on {}://{}:{}", scheme, address.first, state.http->port());
    if (address.first != "127.0.0.1" && address.first != "localhost" && address.first != "::1") {
        spdlog::warn("API listens on {}, reachable from other machines", address.first);
    }
    return ok_status();
}

}  // namespace tripline::app::steps
