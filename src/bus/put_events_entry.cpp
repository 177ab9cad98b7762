#include "bus/put_events_entry.h"

#include <cstdint>
#include <limits>

#include "bus/bus_names.h"
#include "json/json_parser.h"
#include "json/json_writer.h"
#include "transform/raw_json.h"

namespace tripline::bus {

namespace {

bool has_all_members(const PutEventsEntry& e) {
    return e.source && !e.source->empty() && e.detail_type && !e.detail_type->empty() && e.detail &&
           !e.detail->empty();
}

EntryError invalid_argument(std::string message) {
    return {EntryErrorKind::kInvalidArgument, std::move(message)};
}

EntryError required(std::string_view member) {
    return invalid_argument("Parameter " + std::string(member) + " is not valid. Reason: " +
                            std::string(member) + " is a required argument.");
}

// No unsigned integer above INT64_MAX anywhere in the value.
bool integers_fit(simdjson::dom::element element) {
    switch (element.type()) {
        case simdjson::dom::element_type::UINT64:
            return element.get_uint64().value() <=
                   static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        case simdjson::dom::element_type::ARRAY:
            for (auto child : element.get_array()) {
                if (!integers_fit(child)) {
                    return false;
                }
            }
            return true;
        case simdjson::dom::element_type::OBJECT:
            for (auto field : element.get_object()) {
                if (!integers_fit(field.value)) {
                    return false;
                }
            }
            return true;
        default:
            return true;
    }
}

json::JsonParser& detail_parser() {
    thread_local json::JsonParser parser(
        json::ParseLimits{kMaxPutEventsRequestBytes + 1, kMaxDetailDepth});
    return parser;
}

}  // namespace

std::size_t put_events_entry_size(const PutEventsEntry& entry) {
    std::size_t size = entry.time ? 14 : 0;
    size += entry.source ? entry.source->size() : 0;
    size += entry.detail_type ? entry.detail_type->size() : 0;
    size += entry.detail ? entry.detail->size() : 0;
    for (const std::string& resource : entry.resources) {
        size += resource.size();
    }
    return size;
}

Status check_put_events_request(const std::vector<PutEventsEntry>& entries) {
    if (entries.empty()) {
        return model_violation(
            "entries", "[]", "Member must have length greater than or equal to 1");
    }
    if (entries.size() > kMaxPutEventsEntries) {
        return make_error(Errc::kInvalidArgument,
                          "1 validation error detected: Value at 'entries' failed to satisfy "
                          "constraint: Member must have length less than or equal to 10");
    }
    std::size_t total = 0;
    bool any_complete = false;
    for (const PutEventsEntry& entry : entries) {
        total += put_events_entry_size(entry);
        any_complete = any_complete || has_all_members(entry);
    }
    if (total > kMaxPutEventsRequestBytes) {
        return make_error(Errc::kLimitExceeded,
                          "Total size of the entries in the request is over the limit.");
    }
    if (!any_complete) {
        return make_error(Errc::kInvalidArgument,
                          "Parameter Entries is not valid. Reason: no entry has all of Source, "
                          "DetailType and Detail, which EventBridge requires.");
    }
    return ok_status();
}

std::optional<EntryError> check_put_events_entry(const PutEventsEntry& entry) {
    if (!entry.source || entry.source->empty()) {
        return required("Source");
    }
    if (!entry.detail_type || entry.detail_type->empty()) {
        return required("DetailType");
    }
    if (!entry.detail || entry.detail->empty()) {
        return required("Detail");
    }
    if (code_points(*entry.detail_type) > kMaxDetailTypeLength) {
        return invalid_argument(
            "Parameter DetailType is not valid. Reason: DetailType is longer than 128 "
            "characters.");
    }
    if (entry.source->starts_with("aws.")) {
        return EntryError{EntryErrorKind::kNotAuthorizedForSource,
                          "Not authorized for the source " + *entry.source +
                              ": sources starting with 'aws.' are reserved for AWS services."};
    }
    auto parsed = detail_parser().parse(*entry.detail);
    if (!parsed || !parsed->is_object() || !integers_fit(*parsed)) {
        return EntryError{EntryErrorKind::kMalformedDetail, "Detail is malformed."};
    }
    return std::nullopt;
}

std::string build_put_events_event(const PutEventsEntry& entry,
                                   std::string_view event_id,
                                   std::string_view account_id,
                                   std::string_view region,
                                   TimePoint now) {
    std::string out;
    out.reserve(256 + (entry.detail ? entry.detail->size() : 0));
    out += "{\"version\":\"0\",\"id\":";
    json::append_escaped_string(out, event_id);
    out += ",\"detail-type\":";
    json::append_escaped_string(out, entry.detail_type.value_or(""));
    out += ",\"source\":";
    json::append_escaped_string(out, entry.source.value_or(""));
    out += ",\"account\":";
    json::append_escaped_string(out, account_id);
    out += ",\"time\":";
    json::append_escaped_string(out, format_iso8601(entry.time.value_or(now)));
    out += ",\"region\":";
    json::append_escaped_string(out, region);
    out += ",\"resources\":[";
    for (std::size_t i = 0; i < entry.resources.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        json::append_escaped_string(out, entry.resources[i]);
    }
    out += "],\"detail\":";
    transform::append_minified(out, transform::trim_json(entry.detail.value_or("{}")));
    out += '}';
    return out;
}

}  // namespace tripline::bus
