#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>

#include "api/api_dispatcher.h"
#include "api/http_server.h"
#include "api/iam_authorizer.h"
#include "api/request_router.h"
#include "api/services/iam/iam_api.h"
#include "api/services/s3/s3_service.h"
#include "api/services/sts/sts_service.h"
#include "api/sigv4_authenticator.h"
#include "app/ingest_endpoint.h"
#include "app/query_endpoint.h"
#include "app/record_pipeline.h"
#include "app/serve_lock.h"
#include "app/steps/steps.h"
#include "app/store_credential_directory.h"
#include "bus/bus_service.h"
#include "query/athena_engine.h"

namespace tripline::app::steps {

namespace {

// 32 random bytes, hex: the ingest endpoint's token (serve.json, readable by the owner only).
std::string random_token() {
    std::array<unsigned char, 32> bytes{};
    RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (unsigned char b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 15];
    }
    return token;
}

}  // namespace

Status start_api_server(EngineState& state) {
    const ServerConfig& server = state.config.server;
    TRIPLINE_ASSIGN_OR_RETURN(auto address, api::parse_listen_address(server.listen));
    state.credentials = std::make_unique<StoreCredentialDirectory>(*state.identities, *state.iam);
    state.authenticator =
        std::make_unique<api::SigV4Authenticator>(*state.credentials, *state.clock);
    state.dispatcher = std::make_unique<api::ApiDispatcher>(
        *state.clock, *state.authenticator, *state.record_sink);
    state.authorizer = std::make_unique<api::IamAuthorizer>(*state.iam);
    state.dispatcher->set_authorizer(state.authorizer.get());
    state.dispatcher->add_service(
        std::make_unique<api::services::StsService>(*state.credentials, state.iam.get()));
    state.dispatcher->add_service(std::make_unique<api::services::IamApi>(*state.iam));
    state.dispatcher->add_service(std::make_unique<api::services::S3Service>(*state.buckets));

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
    TRIPLINE_TRY(register_ec2_service(state));
    TRIPLINE_TRY(register_kms_service(state));
    TRIPLINE_TRY(register_sns_service(state));
    TRIPLINE_TRY(register_events_service(state));
    TRIPLINE_TRY(register_cloudtrail_service(state));
    TRIPLINE_TRY(register_guardduty_service(state));
    TRIPLINE_TRY(register_macie_service(state));
    TRIPLINE_TRY(register_cloudwatch_service(state));
    TRIPLINE_TRY(register_athena_service(state));
    TRIPLINE_TRY(apply_config_resources(state));
    TRIPLINE_TRY(apply_config_secrets(state));
    TRIPLINE_TRY(apply_cloudwatch_config(state));
    if (state.records != nullptr && state.buses != nullptr) {
        state.records->set_bus(state.buses.get());
    }
    if (!state.serve_api) {
        return ok_status();
    }
    const std::string token = random_token();
    RecordPipeline* records = state.records;
    state.router->add(
        "ingest",
        [](const api::HttpRequest& request) { return is_ingest_request(request); },
        [records, token](const api::HttpRequest& request) {
            return handle_ingest_request(request, token, *records);
        });
    if (query::athena::AthenaEngine* engine = state.athena_engine.get()) {
        state.router->add(
            "query",
            [](const api::HttpRequest& request) { return is_query_request(request); },
            [engine, token](const api::HttpRequest& request) {
                return handle_query_request(request, token, *engine);
            });
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
    ServeInfo info;
    info.pid = static_cast<long>(::getpid());
    const std::string local_host = address.first == "0.0.0.0" ? "127.0.0.1" : address.first;
    info.url = scheme + "://" + local_host + ":" + std::to_string(state.http->port());
    info.token = token;
    TRIPLINE_TRY(write_serve_info(state.data_dir, info));
    if (address.first != "127.0.0.1" && address.first != "localhost" && address.first != "::1") {
        spdlog::warn("API listens on {}, reachable from other machines", address.first);
    }
    return ok_status();
}

}  // namespace tripline::app::steps
