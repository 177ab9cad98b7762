// ApiDestinationCaller: one EventBridge API destination invocation (eventbridge-targets.md; AWS's
// "API destinations" guide): the destination's HTTP method and endpoint - "*" path segments
// replaced by the target's HttpParameters.PathParameterValues in order - with the connection's
// and the target's header and query-string parameters, the connection's authorization (an API key
// header, basic auth, or an OAuth client-credentials bearer token fetched from the authorization
// endpoint and cached until it expires), User-Agent "Amazon/EventBridge/ApiDestinations" and the
// rendered input as the body (Content-Type application/json; charset=utf-8 unless a header
// parameter sets it).
//
// Outcomes as EventBridge retries them: 2xx delivered; 401, 407, 409, 429, 5xx and transport
// failures retriable; any other status permanent. InvocationRateLimitPerSecond is kept by spacing
// calls per destination (a call waits up to a second for its slot, else is retried later).
// Secrets (keys, passwords, tokens) are sent only in headers and never appear in outcomes or logs.
//
// Ownership: borrows the destinations and the clock. Thread-safety: call() runs concurrently on
// delivery threads (token cache and rate slots under a mutex; HTTP calls outside it).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "base/clock.h"
#include "bus/api_destinations.h"
#include "notify/delivery_handler.h"
#include "notify/http_client.h"

namespace tripline::app {

class ApiDestinationCaller {
public:
    ApiDestinationCaller(bus::ApiDestinations& destinations,
                         Clock& clock,
                         notify::HttpClient::Options http_options = {});

    // `http_parameters`: the target's HttpParameters object as JSON text ("" when none).
    notify::DeliveryOutcome call(const std::string& destination_arn,
                                 const std::string& input,
                                 const std::string& http_parameters);

private:
    struct Token {
        std::string value;
        TimePoint expires;
    };
    // The bearer token of an OAuth connection (cached); an error outcome when it cannot be had.
    std::optional<notify::DeliveryOutcome> oauth_token(const bus::Connection& connection,
                                                       std::string& token);
    // Waits for the destination's next rate-limit slot; false when it is more than a second away.
    bool take_rate_slot(const bus::ApiDestination& destination);

    bus::ApiDestinations& destinations_;
    Clock& clock_;
    notify::HttpClient http_;
    std::mutex mutex_;
    std::map<std::string, Token> tokens_;                                     // by connection ARN
    std::map<std::string, std::chrono::steady_clock::time_point> next_slot_;  // by destination
};

}  // namespace tripline::app
