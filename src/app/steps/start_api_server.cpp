#include <spdlog/spdlog.h>

#include "api/api_dispatcher.h"
#include "api/http_server.h"
#include "api/request_router.h"
#include "api/services/s3/s3_service.h"
#include "api/services/sts/sts_service.h"
#include "api/sigv4_authenticator.h"
#include "app/record_pipeline.h"
#include "app/steps/steps.h"
#include "app/store_credential_directory.h"
#include "bus/bus_service.h"

namespace tripline::app::steps {

Status start_api_server(EngineState& state) {
    const ServerConfig& server = state.config.server;
    TRIPLINE_ASSIGN_OR_RETURN(auto address, api::parse_listen_address(server.listen));
    state.credentials = std::make_unique<StoreCredentialDirectory>(*state.identities);
    state.authenticator =
        std::make_unique<api::SigV4Authenticator>(*state.credentials, *state.clock);
    state.dispatcher = std::make_unique<api::ApiDispatcher>(
        *state.clock, *state.authenticator, *state.record_sink);
    state.dispatcher->add_service(std::make_unique<api::services::StsService>(*state.credentials));
    state.dispatcher->add_service(
        std::make_unique<api::services::S3Service>(*state.database, state.data_dir / "buckets"));

    state.public_url = server.public_url;
    if (state.public_url.empty()) {
        const bool tls = !server.tls_certificate.empty();
        state.public_url = std::string(tls ? "https://" : "http://") + address.first + ":" +
                           std::to_string(address.second);
    }
    while (!state.public_url.empty() && state.public_url.back() == '/') {
        state.public_url.pop_back();
    }
    state.router = std::make_unique<api::RequestRouter>(tripline_version());
    TRIPLINE_TRY(register_sqs_service(state));
    TRIPLINE_TRY(register_sns_service(state));
    TRIPLINE_TRY(register_events_service(state));
    TRIPLINE_TRY(apply_config_resources(state));
    if (state.records != nullptr && state.buses != nullptr) {
        state.records->set_bus(state.buses.get());
    }
    api::ApiDispatcher* dispatcher = state.dispatcher.get();
    state.router->add(
        "aws",
        [dispatcher](const api::HttpRequest& request) { return dispatcher->serves(request); },
        [dispatcher](const api::HttpRequest& request) { return dispatcher->handle(request); });
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
