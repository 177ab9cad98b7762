// CloudTrail API: event selectors, insight selectors and tags.
#include "api/services/cloudtrail/cloudtrail_json.h"
#include "api/services/cloudtrail/cloudtrail_service.h"
#include "trail/trail_service.h"

namespace tripline::api::services {

using namespace cloudtrail;  // NOLINT(google-build-using-namespace): this service's own helpers

namespace {

nlohmann::json selectors_reply(const trail::Trail& trail) {
    nlohmann::json out = trail.selectors.to_api_json();
    out["TrailARN"] = trail.arn;
    return out;
}

std::optional<nlohmann::json> member(const nlohmann::json& input, const char* name) {
    const nlohmann::json* value = present(input, name);
    return value == nullptr ? std::nullopt : std::optional<nlohmann::json>(*value);
}

}  // namespace

ServiceReply CloudTrailService::put_event_selectors(ApiCall& call) {
    auto name = optional_string(call.input, "TrailName");
    if (!name) {
        return to_api_error(name.error());
    }
    auto trail = trails_.put_event_selectors(scope_of(call),
                                             name->value_or(""),
                                             member(call.input, "EventSelectors"),
                                             member(call.input, "AdvancedEventSelectors"));
    if (!trail) {
        return to_api_error(trail.error());
    }
    nlohmann::json out = selectors_reply(*trail);
    call.response_elements = lower_camel(out);
    record_trail_resource(call, *trail);
    return json_reply(call, out);
}

ServiceReply CloudTrailService::get_event_selectors(ApiCall& call) {
    auto name = optional_string(call.input, "TrailName");
    if (!name) {
        return to_api_error(name.error());
    }
    auto trail = trails_.get_event_selectors(scope_of(call), name->value_or(""));
    if (!trail) {
        return to_api_error(trail.error());
    }
    return json_reply(call, selectors_reply(*trail));
}

ServiceReply CloudTrailService::put_insight_selectors(ApiCall& call) {
    auto name = optional_string(call.input, "TrailName");
    if (!name) {
        return to_api_error(name.error());
    }
    if (present(call.input, "EventDataStore") || present(call.input, "InsightsDestination")) {
        return invalid_parameter("Tripline does not support event data stores.");
    }
    if (!*name) {
        return ApiError{400,
                        "InvalidParameterCombinationException",
                        "You must specify a TrailName or an EventDataStore."};
    }
    const nlohmann::json* selectors = present(call.input, "InsightSelectors");
    auto trail = trails_.put_insight_selectors(
        scope_of(call), **name, selectors != nullptr ? *selectors : nlohmann::json());
    if (!trail) {
        return to_api_error(trail.error());
    }
    nlohmann::json out = {{"TrailARN", trail->arn}, {"InsightSelectors", trail->insight_selectors}};
    call.response_elements = lower_camel(out);
    record_trail_resource(call, *trail);
    return json_reply(call, out);
}

ServiceReply CloudTrailService::get_insight_selectors(ApiCall& call) {
    auto name = optional_string(call.input, "TrailName");
    if (!name) {
        return to_api_error(name.error());
    }
    if (present(call.input, "EventDataStore")) {
        return invalid_parameter("Tripline does not support event data stores.");
    }
    if (!*name) {
        return ApiError{400,
                        "InvalidParameterCombinationException",
                        "You must specify a TrailName or an EventDataStore."};
    }
    auto trail = trails_.get_insight_selectors(scope_of(call), **name);
    if (!trail) {
        return to_api_error(trail.error());
    }
    return json_reply(call,
                      {{"TrailARN", trail->arn}, {"InsightSelectors", trail->insight_selectors}});
}

ServiceReply CloudTrailService::add_tags(ApiCall& call) {
    auto resource = optional_string(call.input, "ResourceId");
    if (!resource) {
        return to_api_error(resource.error());
    }
    const nlohmann::json* list = present(call.input, "TagsList");
    auto tags = trail::parse_tags(list != nullptr ? *list : nlohmann::json::array());
    if (!tags) {
        return to_api_error(tags.error());
    }
    if (auto added = trails_.add_tags(scope_of(call), resource->value_or(""), *tags); !added) {
        return to_api_error(added.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply CloudTrailService::remove_tags(ApiCall& call) {
    auto resource = optional_string(call.input, "ResourceId");
    if (!resource) {
        return to_api_error(resource.error());
    }
    const nlohmann::json* list = present(call.input, "TagsList");
    auto tags = trail::parse_tags(list != nullptr ? *list : nlohmann::json::array());
    if (!tags) {
        return to_api_error(tags.error());
    }
    if (auto removed = trails_.remove_tags(scope_of(call), resource->value_or(""), *tags);
        !removed) {
        return to_api_error(removed.error());
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply CloudTrailService::list_tags(ApiCall& call) {
    auto ids = optional_string_list(call.input, "ResourceIdList");
    if (!ids) {
        return to_api_error(ids.error());
    }
    auto tags = trails_.list_tags(scope_of(call), ids->value_or(std::vector<std::string>{}));
    if (!tags) {
        return to_api_error(tags.error());
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [arn, trail_tags] : *tags) {
        list.push_back({{"ResourceId", arn}, {"TagsList", tags_to_json(trail_tags)}});
    }
    return json_reply(call, {{"ResourceTagList", std::move(list)}});
}

}  // namespace tripline::api::services
