// ApiDestinations: EventBridge connections and API destinations (eventbridge-targets.md; AWS's
// EventBridge API: CreateConnection, CreateApiDestination, ...) - the HTTP endpoints rules may
// target, and the authorization a connection adds to every call (API key header, basic auth, or
// OAuth client credentials).
//
// Resources are JSON documents in the ResourceStore (types "events:connection" and
// "events:api-destination", named by their Name), as the API shapes them: a connection keeps its
// AuthParameters, secrets included - like AWS, which keeps them in a Secrets Manager secret, they
// are never returned by Describe/List and never recorded (redact_connection_request()). ARNs:
// arn:aws:events:<region>:<account>:connection/<name>/<uuid> and
// arn:aws:events:<region>:<account>:api-destination/<name>/<uuid>.
//
// resolve() finds an API destination and its connection by ARN - also by the ARN without its
// "/<uuid>" suffix, so that config files can name a destination before it exists.
//
// Ownership: borrows the Database and Clock. Thread-safety: every method may be called
// concurrently (the database serialises). Errors: kInvalidArgument with AWS's messages,
// kNotFound, kAlreadyExists, kLimitExceeded, storage errors.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "bus/bus_service.h"
#include "storage/database.h"

namespace tripline::bus {

inline constexpr std::string_view kConnectionResourceType = "events:connection";
inline constexpr std::string_view kApiDestinationResourceType = "events:api-destination";
// AWS's quotas per account and region.
inline constexpr std::size_t kMaxConnections = 100;
inline constexpr std::size_t kMaxApiDestinations = 3000;

struct Connection {
    std::string name;
    std::string arn;
    std::optional<std::string> description;
    std::string authorization_type;  // API_KEY | BASIC | OAUTH_CLIENT_CREDENTIALS
    nlohmann::json auth_parameters;  // as given, secrets included
    std::string state = "AUTHORIZED";
    TimePoint created;
    TimePoint modified;

    // AuthParameters without secret values (what Describe/List return).
    nlohmann::json public_auth_parameters() const;
};

struct ApiDestination {
    std::string name;
    std::string arn;
    std::optional<std::string> description;
    std::string connection_arn;
    std::string endpoint;  // InvocationEndpoint; "*" segments take HttpParameters' path values
    std::string http_method;
    int rate_limit_per_second = 300;  // InvocationRateLimitPerSecond
    std::string state = "ACTIVE";
    TimePoint created;
    TimePoint modified;
};

struct ResolvedApiDestination {
    ApiDestination destination;
    Connection connection;
};

class ApiDestinations {
public:
    ApiDestinations(storage::Database& db, Clock& clock) : db_(db), clock_(clock) {}

    // CreateConnection's / UpdateConnection's members (Name, Description, AuthorizationType,
    // AuthParameters).
    Result<Connection> create_connection(const Scope& scope, const nlohmann::json& input);
    Result<Connection> update_connection(const Scope& scope, const nlohmann::json& input);
    Result<Connection> describe_connection(const Scope& scope, std::string_view name);
    Result<std::vector<Connection>> list_connections(const Scope& scope,
                                                     std::string_view name_prefix);
    Result<Connection> delete_connection(const Scope& scope, std::string_view name);

    // CreateApiDestination's / UpdateApiDestination's members (Name, Description, ConnectionArn,
    // InvocationEndpoint, HttpMethod, InvocationRateLimitPerSecond).
    Result<ApiDestination> create_api_destination(const Scope& scope, const nlohmann::json& input);
    Result<ApiDestination> update_api_destination(const Scope& scope, const nlohmann::json& input);
    Result<ApiDestination> describe_api_destination(const Scope& scope, std::string_view name);
    Result<std::vector<ApiDestination>> list_api_destinations(const Scope& scope,
                                                              std::string_view name_prefix,
                                                              std::string_view connection_arn);
    Status delete_api_destination(const Scope& scope, std::string_view name);

    Result<ResolvedApiDestination> resolve(std::string_view api_destination_arn);

private:
    Result<Connection> find_connection_by_arn(std::string_view arn);

    storage::Database& db_;
    Clock& clock_;
};

// The request's parameters as CloudTrail records them: secret values replaced by
// "HIDDEN_DUE_TO_SECURITY_REASONS".
nlohmann::json redact_connection_request(const nlohmann::json& input);

}  // namespace tripline::bus
