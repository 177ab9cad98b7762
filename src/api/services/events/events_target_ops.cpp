// EventBridge API: targets, PutEvents and TestEventPattern.
#include <cmath>

#include "api/services/events/events_json.h"
#include "api/services/events/events_service.h"
#include "bus/bus_names.h"
#include "bus/bus_service.h"
#include "bus/rule_pattern.h"
#include "json/json_writer.h"

namespace tripline::api::services {

using namespace events;  // NOLINT(google-build-using-namespace): this service's own helpers

namespace {

std::string_view entry_error_name(bus::EntryErrorKind kind) {
    switch (kind) {
        case bus::EntryErrorKind::kInvalidArgument:
            return "InvalidArgument";
        case bus::EntryErrorKind::kMalformedDetail:
            return "MalformedDetail";
        case bus::EntryErrorKind::kNotAuthorizedForSource:
            return "NotAuthorizedForSourceException";
        case bus::EntryErrorKind::kBusNotFound:
            return "ResourceNotFoundException";
        case bus::EntryErrorKind::kInternalFailure:
            return "InternalFailure";
    }
    return "InternalFailure";
}

nlohmann::json failed_entries_json(const std::vector<bus::TargetFailure>& failures) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& failure : failures) {
        entries.push_back({{"TargetId", failure.target_id},
                           {"ErrorCode", entry_error_code(failure.error)},
                           {"ErrorMessage", failure.error.message}});
    }
    return entries;
}

// A PutEvents entry's Time: botocore sends epoch seconds (a number); ISO 8601 text is accepted too.
Result<std::optional<TimePoint>> entry_time(const nlohmann::json& entry) {
    auto it = entry.find("Time");
    if (it == entry.end() || it->is_null()) {
        return std::optional<TimePoint>();
    }
    if (it->is_number()) {
        const double seconds = it->get<double>();
        if (!std::isfinite(seconds)) {
            return make_error(Errc::kInvalidArgument, "Parameter Time is not valid.");
        }
        return std::optional<TimePoint>(TimePoint{std::chrono::duration_cast<Duration>(
            std::chrono::duration<double>(std::floor(seconds)))});
    }
    TimePoint t;
    if (it->is_string() && parse_iso8601(it->get<std::string>(), t)) {
        return std::optional<TimePoint>(t);
    }
    return make_error(Errc::kInvalidArgument, "Parameter Time is not valid.");
}

Result<bus::PutEventsEntry> read_entry(const nlohmann::json& entry) {
    if (!entry.is_object()) {
        return make_error(Errc::kInvalidArgument, "Each entry must be a structure.");
    }
    bus::PutEventsEntry out;
    TRIPLINE_ASSIGN_OR_RETURN(out.time, entry_time(entry));
    TRIPLINE_ASSIGN_OR_RETURN(out.source, optional_string(entry, "Source"));
    TRIPLINE_ASSIGN_OR_RETURN(out.detail_type, optional_string(entry, "DetailType"));
    TRIPLINE_ASSIGN_OR_RETURN(out.detail, optional_string(entry, "Detail"));
    TRIPLINE_ASSIGN_OR_RETURN(out.event_bus_name, optional_string(entry, "EventBusName"));
    TRIPLINE_ASSIGN_OR_RETURN(out.trace_header, optional_string(entry, "TraceHeader"));
    if (auto it = entry.find("Resources"); it != entry.end() && it->is_array()) {
        for (const auto& resource : *it) {
            if (resource.is_string()) {
                out.resources.push_back(resource.get<std::string>());
            }
        }
    }
    return out;
}

}  // namespace

ServiceReply EventsService::put_targets(ApiCall& call) {
    auto rule = required_string(call.input, "Rule", "rule");
    auto bus = optional_string(call.input, "EventBusName");
    if (!rule || !bus) {
        return to_api_error(!rule ? rule.error() : bus.error());
    }
    // The targets as the client wrote them: member order and strings kept, so ListTargetsByRule
    // returns them unchanged (call.input's object type sorts keys).
    auto body = nlohmann::ordered_json::parse(call.body, nullptr, false);
    auto it = body.is_object() ? body.find("Targets") : body.end();
    if (it == body.end() || !it->is_array()) {
        return to_api_error(
            bus::model_violation("targets", std::nullopt, "Member must not be null"));
    }
    std::vector<std::string> targets;
    for (const auto& target : *it) {
        targets.push_back(target.dump());
    }
    auto failures = buses_.put_targets(scope_of(call), bus->value_or(""), *rule, targets);
    if (!failures) {
        return to_api_error(failures.error());
    }
    nlohmann::json out = {{"FailedEntryCount", failures->size()},
                          {"FailedEntries", failed_entries_json(*failures)}};
    call.response_elements = lower_camel(out);
    return json_reply(call, out);
}

ServiceReply EventsService::remove_targets(ApiCall& call) {
    auto rule = required_string(call.input, "Rule", "rule");
    auto bus = optional_string(call.input, "EventBusName");
    if (!rule || !bus) {
        return to_api_error(!rule ? rule.error() : bus.error());
    }
    std::vector<std::string> ids;
    auto it = call.input.find("Ids");
    if (it == call.input.end() || !it->is_array()) {
        return to_api_error(bus::model_violation("ids", std::nullopt, "Member must not be null"));
    }
    for (const auto& id : *it) {
        if (id.is_string()) {
            ids.push_back(id.get<std::string>());
        }
    }
    auto failures = buses_.remove_targets(
        scope_of(call), bus->value_or(""), *rule, ids, optional_bool(call.input, "Force"));
    if (!failures) {
        return to_api_error(failures.error());
    }
    nlohmann::json out = {{"FailedEntryCount", failures->size()},
                          {"FailedEntries", failed_entries_json(*failures)}};
    call.response_elements = lower_camel(out);
    return json_reply(call, out);
}

ServiceReply EventsService::list_targets_by_rule(ApiCall& call) {
    auto rule = required_string(call.input, "Rule", "rule");
    auto bus = optional_string(call.input, "EventBusName");
    auto token = optional_string(call.input, "NextToken");
    auto limit = optional_limit(call.input);
    if (!rule || !bus || !token || !limit) {
        return to_api_error(!rule    ? rule.error()
                            : !bus   ? bus.error()
                            : !token ? token.error()
                                     : limit.error());
    }
    auto page = buses_.list_targets_by_rule(
        scope_of(call), bus->value_or(""), *rule, *limit, token->value_or(""));
    if (!page) {
        return to_api_error(page.error());
    }
    // Written as text so each target keeps its stored member order.
    std::string body = "{\"Targets\":[";
    for (std::size_t i = 0; i < page->items.size(); ++i) {
        if (i > 0) {
            body += ',';
        }
        body += page->items[i].json;
    }
    body += ']';
    if (!page->next_token.empty()) {
        body += ",\"NextToken\":";
        json::append_escaped_string(body, page->next_token);
    }
    body += '}';
    return json_text_reply(call, std::move(body));
}

ServiceReply EventsService::put_events(ApiCall& call) {
    auto it = call.input.find("Entries");
    if (it == call.input.end() || !it->is_array()) {
        return to_api_error(
            bus::model_violation("entries", std::nullopt, "Member must not be null"));
    }
    std::vector<bus::PutEventsEntry> entries;
    for (const auto& entry : *it) {
        auto parsed = read_entry(entry);
        if (!parsed) {
            return to_api_error(parsed.error());
        }
        entries.push_back(std::move(*parsed));
    }
    auto result = buses_.put_events(scope_of(call), entries);
    if (!result) {
        // Request-level failures (size, no complete entry) are validation errors in PutEvents.
        if (result.error().code == Errc::kLimitExceeded) {
            return ApiError{400, "ValidationException", result.error().message};
        }
        return to_api_error(result.error());
    }
    nlohmann::json out_entries = nlohmann::json::array();
    for (const auto& outcome : result->entries) {
        if (outcome.error) {
            out_entries.push_back({{"ErrorCode", entry_error_name(outcome.error->kind)},
                                   {"ErrorMessage", outcome.error->message}});
        } else {
            out_entries.push_back({{"EventId", outcome.event_id}});
        }
    }
    nlohmann::json out = {{"FailedEntryCount", result->failed_count}, {"Entries", out_entries}};
    call.response_elements = lower_camel(out);
    return json_reply(call, out);
}

ServiceReply EventsService::test_event_pattern(ApiCall& call) {
    auto pattern_text = required_string(call.input, "EventPattern", "eventPattern");
    auto event = required_string(call.input, "Event", "event");
    if (!pattern_text || !event) {
        return to_api_error(!pattern_text ? pattern_text.error() : event.error());
    }
    if (auto status =
            bus::check_length("eventPattern", *pattern_text, 0, bus::kMaxEventPatternLength);
        !status) {
        return to_api_error(status.error());
    }
    // The pattern is checked first (which error wins is unknown; eventbridge.md §8).
    auto compiled = bus::compile_rule_pattern(*pattern_text);
    if (!compiled) {
        return to_api_error(compiled.error());
    }
    auto verdict = bus::test_event_pattern(*compiled, *event);
    if (!verdict) {
        return to_api_error(verdict.error());
    }
    return json_reply(call, {{"Result", *verdict}});
}

}  // namespace tripline::api::services
