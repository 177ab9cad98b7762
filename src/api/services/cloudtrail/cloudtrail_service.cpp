#include "api/services/cloudtrail/cloudtrail_service.h"

#include "api/services/cloudtrail/cloudtrail_json.h"
#include "trail/trail_service.h"

namespace tripline::api::services {

using namespace cloudtrail;  // NOLINT(google-build-using-namespace): this service's own helpers

ServiceReply CloudTrailService::handle(ApiCall& call) {
    using Handler = ServiceReply (CloudTrailService::*)(ApiCall&);
    static const std::pair<std::string_view, Handler> kOperations[] = {
        {"CreateTrail", &CloudTrailService::create_trail},
        {"UpdateTrail", &CloudTrailService::update_trail},
        {"DeleteTrail", &CloudTrailService::delete_trail},
        {"GetTrail", &CloudTrailService::get_trail},
        {"DescribeTrails", &CloudTrailService::describe_trails},
        {"ListTrails", &CloudTrailService::list_trails},
        {"GetTrailStatus", &CloudTrailService::get_trail_status},
        {"PutEventSelectors", &CloudTrailService::put_event_selectors},
        {"GetEventSelectors", &CloudTrailService::get_event_selectors},
        {"PutInsightSelectors", &CloudTrailService::put_insight_selectors},
        {"GetInsightSelectors", &CloudTrailService::get_insight_selectors},
        {"AddTags", &CloudTrailService::add_tags},
        {"RemoveTags", &CloudTrailService::remove_tags},
        {"ListTags", &CloudTrailService::list_tags},
        {"LookupEvents", &CloudTrailService::lookup_events},
        {"ListPublicKeys", &CloudTrailService::list_public_keys},
    };
    // CloudTrail records its own parameters in lowerCamelCase ("s3BucketName").
    if (call.input.is_object() && !call.input.empty()) {
        call.request_parameters = lower_camel(call.input);
    }
    if (call.operation == "StartLogging" || call.operation == "StopLogging") {
        return set_logging(call, call.operation == "StartLogging");
    }
    for (const auto& [name, handler] : kOperations) {
        if (call.operation == name) {
            return (this->*handler)(call);
        }
    }
    return ApiError{400,
                    "UnknownOperationException",
                    "Tripline does not implement the CloudTrail operation " + call.operation +
                        " (see docs/cloudtrail.md)."};
}

ServiceReply CloudTrailService::create_trail(ApiCall& call) {
    auto settings = trail::parse_trail_settings(call.input);
    if (!settings) {
        return to_api_error(settings.error());
    }
    if (!settings->s3_bucket) {
        return invalid_parameter("S3BucketName is required.");
    }
    auto created = trails_.create_trail(scope_of(call), *settings);
    if (!created) {
        return to_api_error(created.error());
    }
    nlohmann::json out = trail_settings_to_json(*created);
    call.response_elements = lower_camel(out);
    record_trail_resource(call, *created);
    return json_reply(call, out);
}

ServiceReply CloudTrailService::update_trail(ApiCall& call) {
    auto settings = trail::parse_trail_settings(call.input);
    if (!settings) {
        return to_api_error(settings.error());
    }
    if (call.input.contains("TagsList")) {
        return invalid_parameter("UpdateTrail does not take TagsList; use AddTags.");
    }
    auto updated = trails_.update_trail(scope_of(call), *settings);
    if (!updated) {
        return to_api_error(updated.error());
    }
    nlohmann::json out = trail_settings_to_json(*updated);
    call.response_elements = lower_camel(out);
    record_trail_resource(call, *updated);
    return json_reply(call, out);
}

ServiceReply CloudTrailService::delete_trail(ApiCall& call) {
    auto name = optional_string(call.input, "Name");
    if (!name) {
        return to_api_error(name.error());
    }
    // Look it up first so that the record names the trail that went.
    auto trail = trails_.get_trail(scope_of(call), name->value_or(""));
    if (auto deleted = trails_.delete_trail(scope_of(call), name->value_or("")); !deleted) {
        return to_api_error(deleted.error());
    }
    if (trail) {
        record_trail_resource(call, *trail);
    }
    return json_reply(call, nlohmann::json::object());
}

ServiceReply CloudTrailService::get_trail(ApiCall& call) {
    auto name = optional_string(call.input, "Name");
    if (!name) {
        return to_api_error(name.error());
    }
    auto trail = trails_.get_trail(scope_of(call), name->value_or(""));
    if (!trail) {
        return to_api_error(trail.error());
    }
    return json_reply(call, {{"Trail", trail_to_json(*trail)}});
}

ServiceReply CloudTrailService::describe_trails(ApiCall& call) {
    auto names = optional_string_list(call.input, "trailNameList");
    auto shadow = optional_bool(call.input, "includeShadowTrails");
    if (!names || !shadow) {
        return to_api_error(!names ? names.error() : shadow.error());
    }
    auto trails = trails_.describe_trails(
        scope_of(call), names->value_or(std::vector<std::string>{}), shadow->value_or(true));
    if (!trails) {
        return to_api_error(trails.error());
    }
    nlohmann::json list = nlohmann::json::array();
    for (const trail::Trail& t : *trails) {
        list.push_back(trail_to_json(t));
    }
    return json_reply(call, {{"trailList", std::move(list)}});
}

ServiceReply CloudTrailService::list_trails(ApiCall& call) {
    if (auto token = optional_string(call.input, "NextToken"); !token) {
        return to_api_error(token.error());
    }
    nlohmann::json list = nlohmann::json::array();
    for (const trail::Trail& t : trails_.list_trails(scope_of(call))) {
        list.push_back({{"TrailARN", t.arn}, {"Name", t.name}, {"HomeRegion", t.home_region}});
    }
    return json_reply(call, {{"Trails", std::move(list)}});
}

ServiceReply CloudTrailService::get_trail_status(ApiCall& call) {
    auto name = optional_string(call.input, "Name");
    if (!name) {
        return to_api_error(name.error());
    }
    auto trail = trails_.get_trail_status(scope_of(call), name->value_or(""));
    if (!trail) {
        return to_api_error(trail.error());
    }
    return json_reply(call, trail_status_to_json(*trail));
}

ServiceReply CloudTrailService::set_logging(ApiCall& call, bool start) {
    auto name = optional_string(call.input, "Name");
    if (!name) {
        return to_api_error(name.error());
    }
    const std::string& trail_name = name->value_or("");
    auto done = start ? trails_.start_logging(scope_of(call), trail_name)
                      : trails_.stop_logging(scope_of(call), trail_name);
    if (!done) {
        return to_api_error(done.error());
    }
    if (auto trail = trails_.get_trail(scope_of(call), trail_name)) {
        record_trail_resource(call, *trail);
    }
    return json_reply(call, nlohmann::json::object());
}

}  // namespace tripline::api::services
