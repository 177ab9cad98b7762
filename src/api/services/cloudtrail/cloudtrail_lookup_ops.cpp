// CloudTrail API: LookupEvents (event history, cloudtrail.md §9) and ListPublicKeys (§7).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <variant>

#include "api/services/cloudtrail/cloudtrail_json.h"
#include "api/services/cloudtrail/cloudtrail_service.h"
#include "query/trail_store.h"
#include "trail/digest_keys.h"

namespace tripline::api::services {

using namespace cloudtrail;  // NOLINT(google-build-using-namespace): this service's own helpers

namespace {

constexpr std::array<std::string_view, 8> kLookupAttributeKeys = {"EventId",
                                                                  "EventName",
                                                                  "ReadOnly",
                                                                  "Username",
                                                                  "ResourceType",
                                                                  "ResourceName",
                                                                  "EventSource",
                                                                  "AccessKeyId"};

ApiError invalid_attributes(std::string message) {
    return ApiError{400, "InvalidLookupAttributesException", std::move(message)};
}

// LookupAttributes: at most one {AttributeKey (one of the 8), AttributeValue (1-2000 chars)}.
std::variant<std::optional<std::pair<std::string, std::string>>, ApiError> lookup_attribute(
    const nlohmann::json& input) {
    const nlohmann::json* list = present(input, "LookupAttributes");
    if (list == nullptr || (list->is_array() && list->empty())) {
        return std::optional<std::pair<std::string, std::string>>();
    }
    if (!list->is_array()) {
        return invalid_attributes("LookupAttributes must be a list.");
    }
    if (list->size() > 1) {
        return invalid_attributes("You cannot specify more than one lookup attribute.");
    }
    const nlohmann::json& attribute = list->front();
    auto key = attribute.is_object() ? attribute.find("AttributeKey") : attribute.end();
    if (!attribute.is_object() || key == attribute.end() || !key->is_string()) {
        return invalid_attributes("A lookup attribute needs an AttributeKey.");
    }
    const std::string name = key->get<std::string>();
    if (std::find(kLookupAttributeKeys.begin(), kLookupAttributeKeys.end(), name) ==
        kLookupAttributeKeys.end()) {
        return invalid_attributes(
            "AttributeKey " + name +
            " is not valid. Valid values: EventId, EventName, ReadOnly, Username, ResourceType, "
            "ResourceName, EventSource, AccessKeyId.");
    }
    auto value = attribute.find("AttributeValue");
    if (value == attribute.end() || !value->is_string() || value->get<std::string>().empty() ||
        value->get<std::string>().size() > 2000) {
        return invalid_attributes("AttributeValue must be 1 to 2000 characters long.");
    }
    return std::optional<std::pair<std::string, std::string>>(
        std::pair{name, value->get<std::string>()});
}

// The store words its kInvalidArgument messages for the API's exceptions (lookup_events.h); the
// request was validated here first, so this is mostly a stale or forged NextToken.
ApiError lookup_error(const std::string& message) {
    if (message.starts_with("Invalid lookup attribute") ||
        message.find("Insights") != std::string::npos) {
        return invalid_attributes(message);
    }
    if (message.starts_with("MaxResults")) {
        return ApiError{400, "InvalidMaxResultsException", message};
    }
    if (message.starts_with("Invalid time range")) {
        return ApiError{400, "InvalidTimeRangeException", message};
    }
    return ApiError{400, "InvalidNextTokenException", message};
}

nlohmann::json event_to_json(const query::LookupEvent& e) {
    nlohmann::json out = nlohmann::json::object();
    out["EventId"] = e.event_id;
    out["EventName"] = e.event_name;
    out["ReadOnly"] = e.read_only;
    if (!e.access_key_id.empty()) {
        out["AccessKeyId"] = e.access_key_id;
    }
    out["EventTime"] = epoch_seconds(e.event_time);
    out["EventSource"] = e.event_source;
    if (!e.username.empty()) {
        out["Username"] = e.username;
    }
    nlohmann::json resources = nlohmann::json::array();
    for (const query::LookupResource& r : e.resources) {
        resources.push_back({{"ResourceType", r.type}, {"ResourceName", r.name}});
    }
    out["Resources"] = std::move(resources);
    out["CloudTrailEvent"] = e.cloudtrail_event;
    return out;
}

}  // namespace

ServiceReply CloudTrailService::lookup_events(ApiCall& call) {
    query::LookupQuery query;
    query.account_id = call.principal.account_id;
    query.region = call.region;
    auto attribute = lookup_attribute(call.input);
    if (auto* error = std::get_if<ApiError>(&attribute)) {
        return *error;
    }
    query.attribute = std::get<0>(std::move(attribute));
    auto start = optional_time(call.input, "StartTime");
    auto end = optional_time(call.input, "EndTime");
    if (!start || !end) {
        return ApiError{
            400, "InvalidTimeRangeException", (!start ? start.error() : end.error()).message};
    }
    if (*start && *end && **start > **end) {
        return ApiError{400,
                        "InvalidTimeRangeException",
                        "Occurs if the timestamp values are invalid. Either the start time "
                        "occurs after the end time or the time range is outside the range of "
                        "possible values."};
    }
    query.start_time = *start;
    query.end_time = *end;
    if (const nlohmann::json* max = present(call.input, "MaxResults")) {
        if (!max->is_number_integer() || max->get<std::int64_t>() < 1 ||
            max->get<std::int64_t>() > 50) {
            return ApiError{
                400, "InvalidMaxResultsException", "MaxResults must be between 1 and 50."};
        }
        query.max_results = static_cast<int>(max->get<std::int64_t>());
    }
    auto category = optional_string(call.input, "EventCategory");
    if (!category || (*category && **category != "insight")) {
        return ApiError{400,
                        "InvalidEventCategoryException",
                        "EventCategory must be insight when it is given."};
    }
    query.insights = category->has_value();
    if (query.insights && query.attribute && query.attribute->first != "EventId" &&
        query.attribute->first != "EventName" && query.attribute->first != "EventSource") {
        return invalid_attributes("Lookup attribute " + query.attribute->first +
                                  " is not supported for Insights events.");
    }
    auto token = optional_string(call.input, "NextToken");
    if (!token) {
        return ApiError{400, "InvalidNextTokenException", token.error().message};
    }
    query.next_token = token->value_or("");
    if (trail_store_ == nullptr) {
        return ApiError{400,
                        "UnsupportedOperationException",
                        "Event history is unavailable: the trail store is not open (see the "
                        "server log)."};
    }
    // Records appended since the last batch load become visible now.
    if (Status flushed = trail_store_->flush(); !flushed) {
        spdlog::warn("cloudtrail: trail store flush before LookupEvents failed: {}",
                     flushed.error().message);
    }
    auto page = trail_store_->lookup(query, call.time);
    if (!page) {
        if (page.error().code == Errc::kInvalidArgument) {
            return lookup_error(page.error().message);
        }
        return ApiError{500, "InternalFailure", page.error().message, false};
    }
    nlohmann::json events = nlohmann::json::array();
    for (const query::LookupEvent& e : page->events) {
        events.push_back(event_to_json(e));
    }
    nlohmann::json out = {{"Events", std::move(events)}};
    if (!page->next_token.empty()) {
        out["NextToken"] = page->next_token;
    }
    return json_reply(call, out);
}

ServiceReply CloudTrailService::list_public_keys(ApiCall& call) {
    auto start = optional_time(call.input, "StartTime");
    auto end = optional_time(call.input, "EndTime");
    if (!start || !end) {
        return ApiError{
            400, "InvalidTimeRangeException", (!start ? start.error() : end.error()).message};
    }
    // AWS: an unset bound is the current time, so no arguments give the current key.
    const TimePoint from = start->value_or(call.time);
    const TimePoint to = end->value_or(call.time);
    if (from > to) {
        return ApiError{400,
                        "InvalidTimeRangeException",
                        "Occurs if the timestamp values are invalid. Either the start time "
                        "occurs after the end time or the time range is outside the range of "
                        "possible values."};
    }
    // The region's key exists from the first digest on; create it so the current key is listed.
    if (auto key = digest_keys_.public_key(call.region); !key) {
        return ApiError{500, "InternalFailure", key.error().message, false};
    }
    nlohmann::json keys = nlohmann::json::array();
    for (const trail::PublicKeyInfo& key : digest_keys_.list(call.region, from, to)) {
        keys.push_back({{"Value", key.der_base64},
                        {"ValidityStartTime", epoch_seconds(key.validity_start)},
                        {"ValidityEndTime", epoch_seconds(key.validity_end)},
                        {"Fingerprint", key.fingerprint}});
    }
    return json_reply(call, {{"PublicKeyList", std::move(keys)}});
}

}  // namespace tripline::api::services
