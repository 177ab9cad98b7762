#include "event/event_envelope.h"

#include <utility>

#include "json/json_parser.h"
#include "json/json_writer.h"

namespace tripline::event {

namespace {

using simdjson::dom::element;

Error field_error(std::string_view field, std::string_view what) {
    return make_error(Errc::kInvalidArgument,
                      "field '" + std::string(field) + "' " + std::string(what));
}

// The string member `field` of `object` into `out`; absent is an error only when `required`.
Status read_string(simdjson::dom::object object,
                   std::string_view field,
                   bool required,
                   std::string& out) {
    element value;
    if (object.at_key(field).get(value) != simdjson::SUCCESS) {
        if (required) {
            return make_error(Errc::kInvalidArgument, "missing field '" + std::string(field) + "'");
        }
        return ok_status();
    }
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
        return field_error(field, "must be a string");
    }
    out = std::string(text);
    return ok_status();
}

}  // namespace

Result<EventEnvelope> parse_event_envelope(simdjson::dom::element event) {
    simdjson::dom::object object;
    if (event.get_object().get(object) != simdjson::SUCCESS) {
        return make_error(Errc::kInvalidArgument, "event must be a JSON object");
    }
    EventEnvelope out;
    TRIPLINE_TRY(read_string(object, "version", false, out.version));
    TRIPLINE_TRY(read_string(object, "id", true, out.id));
    TRIPLINE_TRY(read_string(object, "detail-type", true, out.detail_type));
    TRIPLINE_TRY(read_string(object, "source", true, out.source));
    TRIPLINE_TRY(read_string(object, "account", true, out.account));
    TRIPLINE_TRY(read_string(object, "time", true, out.time));
    TRIPLINE_TRY(read_string(object, "region", true, out.region));
    element resources;
    if (object.at_key("resources").get(resources) == simdjson::SUCCESS) {
        simdjson::dom::array array;
        if (resources.get_array().get(array) != simdjson::SUCCESS) {
            return field_error("resources", "must be an array of strings");
        }
        for (element item : array) {
            std::string_view text;
            if (item.get_string().get(text) != simdjson::SUCCESS) {
                return field_error("resources", "must be an array of strings");
            }
            out.resources.emplace_back(text);
        }
    }
    element detail;
    if (object.at_key("detail").get(detail) == simdjson::SUCCESS) {
        if (!detail.is_object()) {
            return field_error("detail", "must be an object");
        }
        out.detail = json::to_json(detail);
    }
    return out;
}

Result<EventEnvelope> parse_event_envelope(std::string_view json) {
    TRIPLINE_ASSIGN_OR_RETURN(element root,
                              json::thread_local_parser().parse(
                                  json, json::ParseLimits{kMaxEventBytes, kMaxCloudTrailDepth}));
    return parse_event_envelope(root);
}

void append_json(std::string& out, const EventEnvelope& event) {
    json::JsonWriter w(out);
    w.begin_object();
    w.key("version").string(event.version);
    w.key("id").string(event.id);
    w.key("detail-type").string(event.detail_type);
    w.key("source").string(event.source);
    w.key("account").string(event.account);
    w.key("time").string(event.time);
    w.key("region").string(event.region);
    w.key("resources").begin_array();
    for (const auto& resource : event.resources) {
        w.string(resource);
    }
    w.end_array();
    w.key("detail").raw(event.detail.empty() ? std::string_view("{}") : event.detail);
    w.end_object();
}

std::string to_json(const EventEnvelope& event) {
    std::string out;
    out.reserve(256 + event.detail.size());
    append_json(out, event);
    return out;
}

std::string_view cloudtrail_detail_type(std::string_view event_type) {
    if (event_type == "AwsConsoleSignIn") {
        return "AWS Console Sign In via CloudTrail";
    }
    if (event_type == "AwsConsoleAction") {
        return "AWS Console Action via CloudTrail";
    }
    if (event_type == "AwsServiceEvent") {
        return "AWS Service Event via CloudTrail";
    }
    if (event_type == "AwsCloudTrailInsight") {
        return "AWS Insight via CloudTrail";
    }
    if (event_type == "AwsVpceEvents") {
        return "AWS Network Activity Event via CloudTrail";
    }
    return "AWS API Call via CloudTrail";
}

std::string cloudtrail_event_bus_source(std::string_view event_source) {
    std::string_view service = event_source.substr(0, event_source.find('.'));
    if (service.empty()) {
        return "aws.cloudtrail";
    }
    return "aws." + std::string(service);
}

EventEnvelope envelope_for_cloudtrail_record(const CloudTrailRecord& record, std::string id) {
    return envelope_for_cloudtrail_record(record, std::move(id), to_json(record));
}

EventEnvelope envelope_for_cloudtrail_record(const CloudTrailRecord& record,
                                             std::string id,
                                             std::string record_json) {
    EventEnvelope event;
    event.id = std::move(id);
    // Both branches std::string_view: mixing std::string and "" would make a dangling temporary.
    const std::string_view event_type =
        record.event_type ? std::string_view(*record.event_type) : std::string_view();
    event.detail_type = std::string(cloudtrail_detail_type(event_type));
    event.source = event_type == "AwsCloudTrailInsight"
                       ? std::string("aws.cloudtrail")
                       : cloudtrail_event_bus_source(record.event_source.value_or(""));
    if (record.recipient_account_id) {
        event.account = *record.recipient_account_id;
    } else if (record.user_identity && record.user_identity->account_id) {
        event.account = *record.user_identity->account_id;
    }
    event.time = record.event_time.value_or("");
    event.region = record.aws_region.value_or("");
    event.detail = std::move(record_json);
    return event;
}

}  // namespace tripline::event
