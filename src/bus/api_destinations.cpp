#include "bus/api_destinations.h"

#include <algorithm>
#include <array>

#include "base/uuid.h"
#include "storage/resource_store.h"
#include "storage/statement.h"

namespace tripline::bus {

namespace {

constexpr std::string_view kHidden = "HIDDEN_DUE_TO_SECURITY_REASONS";
constexpr std::array<std::string_view, 7> kHttpMethods = {
    "POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"};

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

// Connection and API destination names: 1-64 of [.\-_A-Za-z0-9] (AWS's model).
Status check_name(const nlohmann::json& input) {
    auto name = input.find("Name");
    if (name == input.end() || !name->is_string()) {
        return invalid(
            "1 validation error detected: Value null at 'name' failed to satisfy "
            "constraint: Member must not be null");
    }
    const std::string& text = name->get_ref<const std::string&>();
    const bool valid =
        !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
        });
    if (!valid) {
        return invalid("1 validation error detected: Value '" + text +
                       "' at 'name' failed to satisfy constraint: Member must satisfy regular "
                       "expression pattern: [\\.\\-_A-Za-z0-9]+");
    }
    return ok_status();
}

Result<std::optional<std::string>> optional_text(const nlohmann::json& input,
                                                 const char* member,
                                                 std::size_t max) {
    auto it = input.find(member);
    if (it == input.end() || it->is_null()) {
        return std::optional<std::string>{};
    }
    if (!it->is_string() || it->get_ref<const std::string&>().size() > max) {
        return invalid(std::string(member) + " must be a string of at most " + std::to_string(max) +
                       " characters.");
    }
    return std::optional<std::string>(it->get<std::string>());
}

bool non_empty_string(const nlohmann::json& object, const char* member) {
    auto it = object.is_object() ? object.find(member) : object.end();
    return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

bool is_url(const nlohmann::json& value) {
    if (!value.is_string()) {
        return false;
    }
    const std::string& url = value.get_ref<const std::string&>();
    return (url.starts_with("https://") || url.starts_with("http://")) && url.size() <= 2048 &&
           url.find_first_of(" \r\n\t") == std::string::npos;
}

// AuthParameters for the authorization type: the members AWS requires.
Status check_auth_parameters(const std::string& type, const nlohmann::json& auth) {
    if (!auth.is_object()) {
        return invalid("AuthParameters is required.");
    }
    if (type == "API_KEY") {
        auto p = auth.find("ApiKeyAuthParameters");
        if (p == auth.end() || !non_empty_string(*p, "ApiKeyName") ||
            !non_empty_string(*p, "ApiKeyValue")) {
            return invalid(
                "ApiKeyAuthParameters with ApiKeyName and ApiKeyValue are required for "
                "authorization type API_KEY.");
        }
    } else if (type == "BASIC") {
        auto p = auth.find("BasicAuthParameters");
        if (p == auth.end() || !non_empty_string(*p, "Username") ||
            !non_empty_string(*p, "Password")) {
            return invalid(
                "BasicAuthParameters with Username and Password are required for "
                "authorization type BASIC.");
        }
    } else if (type == "OAUTH_CLIENT_CREDENTIALS") {
        auto p = auth.find("OAuthParameters");
        if (p == auth.end() || !p->is_object()) {
            return invalid(
                "OAuthParameters are required for authorization type "
                "OAUTH_CLIENT_CREDENTIALS.");
        }
        auto client = p->find("ClientParameters");
        if (client == p->end() || !non_empty_string(*client, "ClientID") ||
            !non_empty_string(*client, "ClientSecret")) {
            return invalid(
                "OAuthParameters.ClientParameters with ClientID and ClientSecret are "
                "required.");
        }
        auto endpoint = p->find("AuthorizationEndpoint");
        if (endpoint == p->end() || !is_url(*endpoint)) {
            return invalid("OAuthParameters.AuthorizationEndpoint must be an http(s) URL.");
        }
        auto method = p->find("HttpMethod");
        if (method == p->end() || !method->is_string() ||
            (*method != "GET" && *method != "POST" && *method != "PUT")) {
            return invalid("OAuthParameters.HttpMethod must be one of GET, POST, PUT.");
        }
    } else {
        return invalid("1 validation error detected: Value '" + type +
                       "' at 'authorizationType' failed to satisfy constraint: Member must "
                       "satisfy enum value set: [API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS]");
    }
    return ok_status();
}

// An HttpParameters-like object with its secret values (IsValueSecret) replaced or removed.
nlohmann::json without_secret_values(nlohmann::json parameters, bool remove) {
    if (!parameters.is_object()) {
        return parameters;
    }
    for (const char* list : {"HeaderParameters", "QueryStringParameters", "BodyParameters"}) {
        auto it = parameters.find(list);
        if (it == parameters.end() || !it->is_array()) {
            continue;
        }
        for (nlohmann::json& entry : *it) {
            if (entry.is_object() && entry.value("IsValueSecret", false)) {
                if (remove) {
                    entry.erase("Value");
                } else {
                    entry["Value"] = kHidden;
                }
            }
        }
    }
    return parameters;
}

nlohmann::json connection_document(const Connection& c) {
    nlohmann::json doc = {{"Name", c.name},
                          {"ConnectionArn", c.arn},
                          {"AuthorizationType", c.authorization_type},
                          {"AuthParameters", c.auth_parameters},
                          {"ConnectionState", c.state},
                          {"CreationTime", storage::to_unix_ms(c.created)},
                          {"LastModifiedTime", storage::to_unix_ms(c.modified)}};
    if (c.description) {
        doc["Description"] = *c.description;
    }
    return doc;
}

Result<Connection> connection_from(const storage::StoredResource& row) {
    auto doc = nlohmann::json::parse(row.document, nullptr, false);
    if (!doc.is_object()) {
        return make_error(Errc::kInternal, "connection " + row.name + ": unreadable document");
    }
    Connection c;
    c.name = doc.value("Name", row.name);
    c.arn = row.arn;
    if (auto d = doc.find("Description"); d != doc.end() && d->is_string()) {
        c.description = d->get<std::string>();
    }
    c.authorization_type = doc.value("AuthorizationType", "");
    c.auth_parameters = doc.value("AuthParameters", nlohmann::json::object());
    c.state = doc.value("ConnectionState", "AUTHORIZED");
    c.created = storage::from_unix_ms(doc.value("CreationTime", std::int64_t{0}));
    c.modified = storage::from_unix_ms(doc.value("LastModifiedTime", std::int64_t{0}));
    return c;
}

nlohmann::json destination_document(const ApiDestination& d) {
    nlohmann::json doc = {{"Name", d.name},
                          {"ApiDestinationArn", d.arn},
                          {"ConnectionArn", d.connection_arn},
                          {"InvocationEndpoint", d.endpoint},
                          {"HttpMethod", d.http_method},
                          {"InvocationRateLimitPerSecond", d.rate_limit_per_second},
                          {"ApiDestinationState", d.state},
                          {"CreationTime", storage::to_unix_ms(d.created)},
                          {"LastModifiedTime", storage::to_unix_ms(d.modified)}};
    if (d.description) {
        doc["Description"] = *d.description;
    }
    return doc;
}

Result<ApiDestination> destination_from(const storage::StoredResource& row) {
    auto doc = nlohmann::json::parse(row.document, nullptr, false);
    if (!doc.is_object()) {
        return make_error(Errc::kInternal, "API destination " + row.name + ": unreadable document");
    }
    ApiDestination d;
    d.name = doc.value("Name", row.name);
    d.arn = row.arn;
    if (auto desc = doc.find("Description"); desc != doc.end() && desc->is_string()) {
        d.description = desc->get<std::string>();
    }
    d.connection_arn = doc.value("ConnectionArn", "");
    d.endpoint = doc.value("InvocationEndpoint", "");
    d.http_method = doc.value("HttpMethod", "POST");
    d.rate_limit_per_second = doc.value("InvocationRateLimitPerSecond", 300);
    d.state = doc.value("ApiDestinationState", "ACTIVE");
    d.created = storage::from_unix_ms(doc.value("CreationTime", std::int64_t{0}));
    d.modified = storage::from_unix_ms(doc.value("LastModifiedTime", std::int64_t{0}));
    return d;
}

storage::StoredResource row_of(const Scope& scope,
                               std::string_view type,
                               const std::string& name,
                               const std::string& arn,
                               const nlohmann::json& doc) {
    storage::StoredResource row;
    row.account_id = scope.account_id;
    row.region = scope.region;
    row.type = std::string(type);
    row.name = name;
    row.arn = arn;
    row.document = doc.dump();
    return row;
}

// The API destination's members that Create and Update share.
Status apply_destination_input(ApiDestination& d, const nlohmann::json& input, bool creating) {
    if (auto it = input.find("InvocationEndpoint"); it != input.end()) {
        if (!is_url(*it)) {
            return invalid("InvocationEndpoint must be an http:// or https:// URL.");
        }
        d.endpoint = it->get<std::string>();
    } else if (creating) {
        return invalid("InvocationEndpoint is required.");
    }
    if (auto it = input.find("HttpMethod"); it != input.end()) {
        if (!it->is_string() ||
            std::find(kHttpMethods.begin(),
                      kHttpMethods.end(),
                      it->get_ref<const std::string&>()) == kHttpMethods.end()) {
            return invalid(
                "1 validation error detected: Value at 'httpMethod' failed to satisfy "
                "constraint: Member must satisfy enum value set: [POST, GET, HEAD, "
                "OPTIONS, PUT, PATCH, DELETE]");
        }
        d.http_method = it->get<std::string>();
    } else if (creating) {
        return invalid("HttpMethod is required.");
    }
    if (auto it = input.find("InvocationRateLimitPerSecond"); it != input.end()) {
        if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 300) {
            return invalid("InvocationRateLimitPerSecond must be between 1 and 300.");
        }
        d.rate_limit_per_second = it->get<int>();
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto description, optional_text(input, "Description", 512));
    if (description) {
        d.description = description;
    }
    return ok_status();
}

// "arn:aws:events:r:a:api-destination/<name>[/<uuid>]" -> (scope, name).
std::optional<std::pair<Scope, std::string>> split_destination_arn(std::string_view arn) {
    constexpr std::string_view kPrefix = "arn:aws:events:";
    if (!arn.starts_with(kPrefix)) {
        return std::nullopt;
    }
    std::string_view rest = arn.substr(kPrefix.size());
    const auto region_end = rest.find(':');
    if (region_end == std::string_view::npos) {
        return std::nullopt;
    }
    const auto account_end = rest.find(':', region_end + 1);
    if (account_end == std::string_view::npos) {
        return std::nullopt;
    }
    Scope scope{std::string(rest.substr(region_end + 1, account_end - region_end - 1)),
                std::string(rest.substr(0, region_end))};
    std::string_view resource = rest.substr(account_end + 1);
    constexpr std::string_view kType = "api-destination/";
    if (!resource.starts_with(kType)) {
        return std::nullopt;
    }
    resource.remove_prefix(kType.size());
    return std::pair{std::move(scope), std::string(resource.substr(0, resource.find('/')))};
}

}  // namespace

nlohmann::json Connection::public_auth_parameters() const {
    nlohmann::json out = nlohmann::json::object();
    if (auto p = auth_parameters.find("ApiKeyAuthParameters"); p != auth_parameters.end()) {
        out["ApiKeyAuthParameters"] = {{"ApiKeyName", p->value("ApiKeyName", "")}};
    }
    if (auto p = auth_parameters.find("BasicAuthParameters"); p != auth_parameters.end()) {
        out["BasicAuthParameters"] = {{"Username", p->value("Username", "")}};
    }
    if (auto p = auth_parameters.find("OAuthParameters"); p != auth_parameters.end()) {
        nlohmann::json oauth = *p;
        if (auto client = oauth.find("ClientParameters"); client != oauth.end()) {
            client->erase("ClientSecret");
        }
        if (auto http = oauth.find("OAuthHttpParameters"); http != oauth.end()) {
            *http = without_secret_values(*http, true);
        }
        out["OAuthParameters"] = std::move(oauth);
    }
    if (auto p = auth_parameters.find("InvocationHttpParameters"); p != auth_parameters.end()) {
        out["InvocationHttpParameters"] = without_secret_values(*p, true);
    }
    return out;
}

nlohmann::json redact_connection_request(const nlohmann::json& input) {
    nlohmann::json out = input;
    auto auth = out.find("AuthParameters");
    if (auth == out.end() || !auth->is_object()) {
        return out;
    }
    if (auto p = auth->find("ApiKeyAuthParameters");
        p != auth->end() && p->contains("ApiKeyValue")) {
        (*p)["ApiKeyValue"] = kHidden;
    }
    if (auto p = auth->find("BasicAuthParameters"); p != auth->end() && p->contains("Password")) {
        (*p)["Password"] = kHidden;
    }
    if (auto p = auth->find("OAuthParameters"); p != auth->end() && p->is_object()) {
        if (auto client = p->find("ClientParameters");
            client != p->end() && client->is_object() && client->contains("ClientSecret")) {
            (*client)["ClientSecret"] = kHidden;
        }
        if (auto http = p->find("OAuthHttpParameters"); http != p->end()) {
            *http = without_secret_values(*http, false);
        }
    }
    if (auto p = auth->find("InvocationHttpParameters"); p != auth->end()) {
        *p = without_secret_values(*p, false);
    }
    return out;
}

Result<Connection> ApiDestinations::create_connection(const Scope& scope,
                                                      const nlohmann::json& input) {
    TRIPLINE_TRY(check_name(input));
    Connection c;
    c.name = input["Name"].get<std::string>();
    c.authorization_type = input.value("AuthorizationType", "");
    if (c.authorization_type.empty()) {
        return invalid("AuthorizationType is required.");
    }
    c.auth_parameters = input.value("AuthParameters", nlohmann::json());
    TRIPLINE_TRY(check_auth_parameters(c.authorization_type, c.auth_parameters));
    TRIPLINE_ASSIGN_OR_RETURN(c.description, optional_text(input, "Description", 512));
    storage::ResourceStore store(db_);
    if (store.get(scope.account_id, scope.region, kConnectionResourceType, c.name)) {
        return make_error(Errc::kAlreadyExists, "Connection " + c.name + " already exists.");
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto existing,
                              store.list(scope.account_id, scope.region, kConnectionResourceType));
    if (existing.size() >= kMaxConnections) {
        return make_error(Errc::kLimitExceeded,
                          "The requested resource exceeds the maximum number allowed.");
    }
    c.arn = "arn:aws:events:" + scope.region + ":" + scope.account_id + ":connection/" + c.name +
            "/" + make_uuid();
    c.created = c.modified = clock_.now();
    TRIPLINE_TRY(store.put(
        row_of(scope, kConnectionResourceType, c.name, c.arn, connection_document(c)), c.created));
    return c;
}

Result<Connection> ApiDestinations::update_connection(const Scope& scope,
                                                      const nlohmann::json& input) {
    TRIPLINE_TRY(check_name(input));
    TRIPLINE_ASSIGN_OR_RETURN(Connection c,
                              describe_connection(scope, input["Name"].get<std::string>()));
    if (auto type = input.find("AuthorizationType"); type != input.end() && type->is_string()) {
        c.authorization_type = type->get<std::string>();
    }
    if (auto auth = input.find("AuthParameters"); auth != input.end()) {
        // Members given replace the stored ones; others (secrets included) are kept.
        nlohmann::json merged =
            c.auth_parameters.is_object() ? c.auth_parameters : nlohmann::json::object();
        merged.merge_patch(*auth);
        c.auth_parameters = std::move(merged);
    }
    TRIPLINE_TRY(check_auth_parameters(c.authorization_type, c.auth_parameters));
    TRIPLINE_ASSIGN_OR_RETURN(auto description, optional_text(input, "Description", 512));
    if (description) {
        c.description = description;
    }
    c.modified = clock_.now();
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.put(
        row_of(scope, kConnectionResourceType, c.name, c.arn, connection_document(c)), c.modified));
    return c;
}

Result<Connection> ApiDestinations::describe_connection(const Scope& scope, std::string_view name) {
    storage::ResourceStore store(db_);
    auto row = store.get(scope.account_id, scope.region, kConnectionResourceType, name);
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return make_error(Errc::kNotFound,
                              "Failed to describe the connection(s). Connection '" +
                                  std::string(name) + "' does not exist.");
        }
        return row.error();
    }
    return connection_from(*row);
}

Result<std::vector<Connection>> ApiDestinations::list_connections(const Scope& scope,
                                                                  std::string_view name_prefix) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows,
                              store.list(scope.account_id, scope.region, kConnectionResourceType));
    std::vector<Connection> out;
    for (const auto& row : rows) {
        if (row.name.starts_with(name_prefix)) {
            TRIPLINE_ASSIGN_OR_RETURN(Connection c, connection_from(row));
            out.push_back(std::move(c));
        }
    }
    return out;
}

Result<Connection> ApiDestinations::delete_connection(const Scope& scope, std::string_view name) {
    TRIPLINE_ASSIGN_OR_RETURN(Connection c, describe_connection(scope, name));
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.remove(scope.account_id, scope.region, kConnectionResourceType, name));
    c.state = "DELETING";
    c.modified = clock_.now();
    return c;
}

Result<Connection> ApiDestinations::find_connection_by_arn(std::string_view arn) {
    storage::ResourceStore store(db_);
    auto row = store.get_by_arn(arn);
    if (!row || row->type != kConnectionResourceType) {
        return make_error(Errc::kNotFound, "Connection '" + std::string(arn) + "' does not exist.");
    }
    return connection_from(*row);
}

Result<ApiDestination> ApiDestinations::create_api_destination(const Scope& scope,
                                                               const nlohmann::json& input) {
    TRIPLINE_TRY(check_name(input));
    ApiDestination d;
    d.name = input["Name"].get<std::string>();
    auto connection = input.find("ConnectionArn");
    if (connection == input.end() || !connection->is_string()) {
        return invalid("ConnectionArn is required.");
    }
    d.connection_arn = connection->get<std::string>();
    TRIPLINE_TRY(apply_destination_input(d, input, /*creating=*/true));
    TRIPLINE_TRY(find_connection_by_arn(d.connection_arn));
    storage::ResourceStore store(db_);
    if (store.get(scope.account_id, scope.region, kApiDestinationResourceType, d.name)) {
        return make_error(Errc::kAlreadyExists, "Api destination " + d.name + " already exists.");
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        auto existing, store.list(scope.account_id, scope.region, kApiDestinationResourceType));
    if (existing.size() >= kMaxApiDestinations) {
        return make_error(Errc::kLimitExceeded,
                          "The requested resource exceeds the maximum number allowed.");
    }
    d.arn = "arn:aws:events:" + scope.region + ":" + scope.account_id + ":api-destination/" +
            d.name + "/" + make_uuid();
    d.created = d.modified = clock_.now();
    TRIPLINE_TRY(store.put(
        row_of(scope, kApiDestinationResourceType, d.name, d.arn, destination_document(d)),
        d.created));
    return d;
}

Result<ApiDestination> ApiDestinations::update_api_destination(const Scope& scope,
                                                               const nlohmann::json& input) {
    TRIPLINE_TRY(check_name(input));
    TRIPLINE_ASSIGN_OR_RETURN(ApiDestination d,
                              describe_api_destination(scope, input["Name"].get<std::string>()));
    if (auto connection = input.find("ConnectionArn"); connection != input.end()) {
        if (!connection->is_string()) {
            return invalid("ConnectionArn must be a string.");
        }
        TRIPLINE_TRY(find_connection_by_arn(connection->get<std::string>()));
        d.connection_arn = connection->get<std::string>();
    }
    TRIPLINE_TRY(apply_destination_input(d, input, /*creating=*/false));
    d.modified = clock_.now();
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.put(
        row_of(scope, kApiDestinationResourceType, d.name, d.arn, destination_document(d)),
        d.modified));
    return d;
}

Result<ApiDestination> ApiDestinations::describe_api_destination(const Scope& scope,
                                                                 std::string_view name) {
    storage::ResourceStore store(db_);
    auto row = store.get(scope.account_id, scope.region, kApiDestinationResourceType, name);
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return make_error(Errc::kNotFound,
                              "Failed to describe the api-destination(s). An api-destination '" +
                                  std::string(name) + "' does not exist.");
        }
        return row.error();
    }
    return destination_from(*row);
}

Result<std::vector<ApiDestination>> ApiDestinations::list_api_destinations(
    const Scope& scope, std::string_view name_prefix, std::string_view connection_arn) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(
        auto rows, store.list(scope.account_id, scope.region, kApiDestinationResourceType));
    std::vector<ApiDestination> out;
    for (const auto& row : rows) {
        if (!row.name.starts_with(name_prefix)) {
            continue;
        }
        TRIPLINE_ASSIGN_OR_RETURN(ApiDestination d, destination_from(row));
        if (connection_arn.empty() || d.connection_arn == connection_arn) {
            out.push_back(std::move(d));
        }
    }
    return out;
}

Status ApiDestinations::delete_api_destination(const Scope& scope, std::string_view name) {
    TRIPLINE_TRY(describe_api_destination(scope, name));
    storage::ResourceStore store(db_);
    return store.remove(scope.account_id, scope.region, kApiDestinationResourceType, name);
}

Result<ResolvedApiDestination> ApiDestinations::resolve(std::string_view api_destination_arn) {
    auto where = split_destination_arn(api_destination_arn);
    if (!where) {
        return invalid("not an API destination ARN: " + std::string(api_destination_arn));
    }
    TRIPLINE_ASSIGN_OR_RETURN(ApiDestination d,
                              describe_api_destination(where->first, where->second));
    // An ARN with its uuid names one destination: one re-created under the same name is another.
    const bool has_uuid =
        std::count(api_destination_arn.begin(), api_destination_arn.end(), '/') > 1;
    if (has_uuid && api_destination_arn != d.arn) {
        return make_error(
            Errc::kNotFound,
            "API destination " + std::string(api_destination_arn) + " does not exist.");
    }
    TRIPLINE_ASSIGN_OR_RETURN(Connection c, find_connection_by_arn(d.connection_arn));
    return ResolvedApiDestination{std::move(d), std::move(c)};
}

}  // namespace tripline::bus
