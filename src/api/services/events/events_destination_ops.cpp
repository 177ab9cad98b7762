// EventBridge API: connections and API destinations (bus/api_destinations.h).
#include "api/services/events/events_json.h"
#include "api/services/events/events_service.h"
#include "bus/api_destinations.h"

namespace tripline::api::services {

using namespace events;  // NOLINT(google-build-using-namespace): this service's own helpers

namespace {

ApiError not_available() {
    return ApiError{400,
                    "UnknownOperationException",
                    "Connections and API destinations are not available in this process."};
}

nlohmann::json connection_summary(const bus::Connection& c) {
    nlohmann::json out = {{"ConnectionArn", c.arn},
                          {"Name", c.name},
                          {"ConnectionState", c.state},
                          {"AuthorizationType", c.authorization_type},
                          {"CreationTime", json_timestamp(c.created)},
                          {"LastModifiedTime", json_timestamp(c.modified)},
                          {"LastAuthorizedTime", json_timestamp(c.modified)}};
    return out;
}

nlohmann::json connection_state(const bus::Connection& c) {
    return {{"ConnectionArn", c.arn},
            {"ConnectionState", c.state},
            {"CreationTime", json_timestamp(c.created)},
            {"LastModifiedTime", json_timestamp(c.modified)}};
}

nlohmann::json destination_json(const bus::ApiDestination& d) {
    nlohmann::json out = {{"ApiDestinationArn", d.arn},
                          {"Name", d.name},
                          {"ApiDestinationState", d.state},
                          {"ConnectionArn", d.connection_arn},
                          {"InvocationEndpoint", d.endpoint},
                          {"HttpMethod", d.http_method},
                          {"InvocationRateLimitPerSecond", d.rate_limit_per_second},
                          {"CreationTime", json_timestamp(d.created)},
                          {"LastModifiedTime", json_timestamp(d.modified)}};
    if (d.description) {
        out["Description"] = *d.description;
    }
    return out;
}

nlohmann::json destination_state(const bus::ApiDestination& d) {
    return {{"ApiDestinationArn", d.arn},
            {"ApiDestinationState", d.state},
            {"CreationTime", json_timestamp(d.created)},
            {"LastModifiedTime", json_timestamp(d.modified)}};
}

std::string string_member(const nlohmann::json& input, const char* member) {
    auto it = input.is_object() ? input.find(member) : input.end();
    return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ServiceReply EventsService::create_connection(ApiCall& call) {
    // Secrets never reach the trail: CloudTrail records them as AWS does, hidden.
    call.request_parameters = lower_camel(bus::redact_connection_request(call.input));
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto c = destinations_->create_connection(scope_of(call), call.input);
    if (!c) {
        return to_api_error(c.error());
    }
    call.response_elements = lower_camel(connection_state(*c));
    return json_reply(call, connection_state(*c));
}

ServiceReply EventsService::update_connection(ApiCall& call) {
    call.request_parameters = lower_camel(bus::redact_connection_request(call.input));
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto c = destinations_->update_connection(scope_of(call), call.input);
    if (!c) {
        return to_api_error(c.error());
    }
    return json_reply(call, connection_state(*c));
}

ServiceReply EventsService::describe_connection(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto c = destinations_->describe_connection(scope_of(call), string_member(call.input, "Name"));
    if (!c) {
        return to_api_error(c.error());
    }
    nlohmann::json out = connection_summary(*c);
    if (c->description) {
        out["Description"] = *c->description;
    }
    out["AuthParameters"] = c->public_auth_parameters();
    // AWS keeps the secrets in a Secrets Manager secret; Tripline keeps them in its state store
    // and names the secret AWS would use.
    out["SecretArn"] = "arn:aws:secretsmanager:" + scope_of(call).region + ":" +
                       scope_of(call).account_id + ":secret:events!connection/" + c->name;
    return json_reply(call, out);
}

ServiceReply EventsService::list_connections(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto list =
        destinations_->list_connections(scope_of(call), string_member(call.input, "NamePrefix"));
    if (!list) {
        return to_api_error(list.error());
    }
    const std::string state = string_member(call.input, "ConnectionState");
    nlohmann::json items = nlohmann::json::array();
    for (const bus::Connection& c : *list) {
        if (state.empty() || c.state == state) {
            items.push_back(connection_summary(c));
        }
    }
    return json_reply(call, {{"Connections", items}});
}

ServiceReply EventsService::delete_connection(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto c = destinations_->delete_connection(scope_of(call), string_member(call.input, "Name"));
    if (!c) {
        return to_api_error(c.error());
    }
    nlohmann::json out = connection_state(*c);
    out["LastAuthorizedTime"] = json_timestamp(c->modified);
    return json_reply(call, out);
}

ServiceReply EventsService::create_api_destination(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto d = destinations_->create_api_destination(scope_of(call), call.input);
    if (!d) {
        return to_api_error(d.error());
    }
    call.response_elements = lower_camel(destination_state(*d));
    return json_reply(call, destination_state(*d));
}

ServiceReply EventsService::update_api_destination(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto d = destinations_->update_api_destination(scope_of(call), call.input);
    if (!d) {
        return to_api_error(d.error());
    }
    return json_reply(call, destination_state(*d));
}

ServiceReply EventsService::describe_api_destination(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto d =
        destinations_->describe_api_destination(scope_of(call), string_member(call.input, "Name"));
    if (!d) {
        return to_api_error(d.error());
    }
    return json_reply(call, destination_json(*d));
}

ServiceReply EventsService::list_api_destinations(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto list = destinations_->list_api_destinations(scope_of(call),
                                                     string_member(call.input, "NamePrefix"),
                                                     string_member(call.input, "ConnectionArn"));
    if (!list) {
        return to_api_error(list.error());
    }
    nlohmann::json items = nlohmann::json::array();
    for (const bus::ApiDestination& d : *list) {
        nlohmann::json item = destination_json(d);
        item.erase("Description");
        items.push_back(std::move(item));
    }
    return json_reply(call, {{"ApiDestinations", items}});
}

ServiceReply EventsService::delete_api_destination(ApiCall& call) {
    if (destinations_ == nullptr) {
        return not_available();
    }
    auto deleted =
        destinations_->delete_api_destination(scope_of(call), string_member(call.input, "Name"));
    if (!deleted) {
        return to_api_error(deleted.error());
    }
    return json_reply(call, nlohmann::json::object());
}

}  // namespace tripline::api::services
