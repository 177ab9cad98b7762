#include "app/api_destination_caller.h"

#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "base/encoding.h"
#include "base/uri_encoding.h"

namespace tripline::app {

namespace {

// A member that should be an object; an empty object when it is missing or not an object (the
// connection was validated when stored, but a stored document must never crash a delivery).
const nlohmann::json& object_member(const nlohmann::json& object, const char* name) {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    if (!object.is_object()) {
        return kEmpty;
    }
    auto it = object.find(name);
    return it != object.end() && it->is_object() ? *it : kEmpty;
}

using notify::DeliveryOutcome;
using notify::HttpHeader;

constexpr auto kTimeout = std::chrono::seconds(5);  // EventBridge's API destination timeout
constexpr std::string_view kUserAgent = "Amazon/EventBridge/ApiDestinations";

bool retriable_status(long status) {
    return status == 401 || status == 407 || status == 409 || status == 429 || status >= 500;
}

// Header and query-string parameters of an HttpParameters-like object (the connection's
// InvocationHttpParameters: [{Key, Value}]; the target's: {"key": "value"}).
void add_parameters(const nlohmann::json& parameters,
                    std::vector<HttpHeader>& headers,
                    QueryParams& query) {
    if (!parameters.is_object()) {
        return;
    }
    auto add = [](const nlohmann::json& list, auto&& put) {
        if (list.is_array()) {
            for (const auto& entry : list) {
                if (entry.is_object() && entry.contains("Key") && entry["Key"].is_string()) {
                    put(entry["Key"].template get<std::string>(), entry.value("Value", ""));
                }
            }
        } else if (list.is_object()) {
            for (const auto& [key, value] : list.items()) {
                put(key, value.is_string() ? value.template get<std::string>() : value.dump());
            }
        }
    };
    if (auto h = parameters.find("HeaderParameters"); h != parameters.end()) {
        add(*h, [&](std::string key, std::string value) {
            headers.push_back({std::move(key), std::move(value)});
        });
    }
    if (auto q = parameters.find("QueryStringParameters"); q != parameters.end()) {
        add(*q, [&](std::string key, std::string value) {
            query.emplace_back(std::move(key), std::move(value));
        });
    }
}

// The endpoint with each "*" replaced by the next path parameter value (URI-encoded).
std::optional<std::string> fill_path(const std::string& endpoint, const nlohmann::json& values) {
    std::string out;
    std::size_t next = 0;
    for (char c : endpoint) {
        if (c != '*') {
            out.push_back(c);
            continue;
        }
        if (!values.is_array() || next >= values.size() || !values[next].is_string()) {
            return std::nullopt;
        }
        out += uri_encode(values[next++].get<std::string>(), false);
    }
    return out;
}

std::string with_query(std::string url, const QueryParams& query) {
    if (query.empty()) {
        return url;
    }
    url += url.find('?') == std::string::npos ? '?' : '&';
    return url + encode_query(query);
}

bool has_header(const std::vector<HttpHeader>& headers, std::string_view name) {
    for (const HttpHeader& h : headers) {
        if (h.name.size() == name.size() &&
            std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            return true;
        }
    }
    return false;
}

}  // namespace

ApiDestinationCaller::ApiDestinationCaller(bus::ApiDestinations& destinations,
                                           Clock& clock,
                                           notify::HttpClient::Options http_options)
    : destinations_(destinations), clock_(clock), http_(std::move(http_options)) {}

bool ApiDestinationCaller::take_rate_slot(const bus::ApiDestination& destination) {
    const auto now = std::chrono::steady_clock::now();
    const auto spacing = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / std::max(1, destination.rate_limit_per_second)));
    std::chrono::steady_clock::time_point slot;
    {
        std::lock_guard lock(mutex_);
        auto& next = next_slot_[destination.arn];
        slot = std::max(next, now);
        if (slot - now > std::chrono::seconds(1)) {
            return false;
        }
        next = slot + spacing;
    }
    std::this_thread::sleep_until(slot);
    return true;
}

std::optional<DeliveryOutcome> ApiDestinationCaller::oauth_token(const bus::Connection& connection,
                                                                 std::string& token) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = tokens_.find(connection.arn);
            it != tokens_.end() && clock_.now() < it->second.expires) {
            token = it->second.value;
            return std::nullopt;
        }
    }
    const nlohmann::json& oauth = object_member(connection.auth_parameters, "OAuthParameters");
    const nlohmann::json& client = object_member(oauth, "ClientParameters");
    std::vector<HttpHeader> headers = {
        {"Authorization",
         "Basic " +
             base64_encode(client.value("ClientID", "") + ":" + client.value("ClientSecret", ""))},
        {"Content-Type", "application/x-www-form-urlencoded"},
        {"User-Agent", std::string(kUserAgent)}};
    QueryParams query;
    QueryParams body = {{"grant_type", "client_credentials"}};
    if (auto http = oauth.find("OAuthHttpParameters"); http != oauth.end()) {
        add_parameters(*http, headers, query);
        if (auto params = http->find("BodyParameters");
            params != http->end() && params->is_array()) {
            for (const auto& p : *params) {
                body.emplace_back(p.value("Key", ""), p.value("Value", ""));
            }
        }
    }
    const std::string endpoint = with_query(oauth.value("AuthorizationEndpoint", ""), query);
    notify::HttpResult reply = http_.send(
        oauth.value("HttpMethod", "POST"), endpoint, headers, encode_query(body), kTimeout);
    const std::string where = "OAuth authorization endpoint of connection " + connection.name;
    if (!reply.success()) {
        std::string what =
            reply.error.empty() ? "HTTP " + std::to_string(reply.status) : reply.error;
        return reply.invalid_request || (reply.status >= 400 && !retriable_status(reply.status))
                   ? DeliveryOutcome::permanent(where + ": " + what)
                   : DeliveryOutcome::retriable(where + ": " + what);
    }
    auto json = nlohmann::json::parse(reply.body, nullptr, false);
    if (!json.is_object() || !json.contains("access_token") || !json["access_token"].is_string()) {
        return DeliveryOutcome::permanent(where + ": the reply has no access_token");
    }
    token = json["access_token"].get<std::string>();
    long long lifetime = json.value("expires_in", 3600LL);
    std::lock_guard lock(mutex_);
    tokens_[connection.arn] =
        Token{token, clock_.now() + std::chrono::seconds(std::max(0LL, lifetime - 30))};
    return std::nullopt;
}

DeliveryOutcome ApiDestinationCaller::call(const std::string& destination_arn,
                                           const std::string& input,
                                           const std::string& http_parameters) {
    auto resolved = destinations_.resolve(destination_arn);
    if (!resolved) {
        return DeliveryOutcome::permanent("API destination " + destination_arn + ": " +
                                          resolved.error().message);
    }
    const bus::ApiDestination& destination = resolved->destination;
    const bus::Connection& connection = resolved->connection;
    nlohmann::json target_parameters = http_parameters.empty()
                                           ? nlohmann::json::object()
                                           : nlohmann::json::parse(http_parameters, nullptr, false);
    auto endpoint =
        fill_path(destination.endpoint,
                  target_parameters.is_object()
                      ? target_parameters.value("PathParameterValues", nlohmann::json::array())
                      : nlohmann::json::array());
    if (!endpoint) {
        return DeliveryOutcome::permanent("API destination " + destination.name +
                                          ": its endpoint " +
                                          "has more '*' path parameters than the target's "
                                          "PathParameterValues");
    }
    std::vector<HttpHeader> headers;
    QueryParams query;
    const nlohmann::json& auth = connection.auth_parameters;
    if (connection.authorization_type == "API_KEY") {
        const nlohmann::json& key = object_member(auth, "ApiKeyAuthParameters");
        headers.push_back({key.value("ApiKeyName", ""), key.value("ApiKeyValue", "")});
    } else if (connection.authorization_type == "BASIC") {
        const nlohmann::json& basic = object_member(auth, "BasicAuthParameters");
        headers.push_back({"Authorization",
                           "Basic " + base64_encode(basic.value("Username", "") + ":" +
                                                    basic.value("Password", ""))});
    } else if (connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS") {
        std::string token;
        if (auto failed = oauth_token(connection, token)) {
            return *failed;
        }
        headers.push_back({"Authorization", "Bearer " + token});
    }
    if (auto invocation = auth.find("InvocationHttpParameters"); invocation != auth.end()) {
        add_parameters(*invocation, headers, query);
    }
    add_parameters(target_parameters, headers, query);
    if (!has_header(headers, "Content-Type")) {
        headers.push_back({"Content-Type", "application/json; charset=utf-8"});
    }
    headers.push_back({"User-Agent", std::string(kUserAgent)});
    if (!take_rate_slot(destination)) {
        return DeliveryOutcome::retriable("API destination " + destination.name +
                                          ": over its InvocationRateLimitPerSecond (" +
                                          std::to_string(destination.rate_limit_per_second) + ")");
    }
    const std::string url = with_query(*endpoint, query);
    notify::HttpResult reply = http_.send(destination.http_method, url, headers, input, kTimeout);
    if (reply.success()) {
        return DeliveryOutcome::delivered();
    }
    const std::string where = "API destination " + destination.name + " (" +
                              destination.http_method + " " + *endpoint + ")";
    if (!reply.error.empty()) {
        return reply.invalid_request ? DeliveryOutcome::permanent(where + ": " + reply.error)
                                     : DeliveryOutcome::retriable(where + ": " + reply.error);
    }
    if (reply.status == 401 && connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS") {
        std::lock_guard lock(mutex_);
        tokens_.erase(connection.arn);  // fetch a fresh token on the retry
    }
    std::string what = where + ": HTTP " + std::to_string(reply.status);
    return retriable_status(reply.status) ? DeliveryOutcome::retriable(std::move(what))
                                          : DeliveryOutcome::permanent(std::move(what));
}

}  // namespace tripline::app
