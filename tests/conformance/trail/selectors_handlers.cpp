// Case kinds for trail event selectors and trail names:
//   event-selectors basic|advanced|default
//                    input = the EventSelectors / AdvancedEventSelectors JSON array (nothing for
//                    default); expected lines "selected <record>" / "not-selected <record>", one
//                    CloudTrail record (minified JSON) per line; the output repeats each record
//                    with the actual verdict ("invalid-record" when it does not parse). An invalid
//                    selector document gives "error: <message>".
//   invalid-event-selectors basic|advanced
//                    input = the JSON array; output "error: <message>" or "valid".
//   event-selectors-api basic|advanced|default
//                    input = the JSON array; output GetEventSelectors' JSON (to_api_json), then
//                    "custom" or "default", and the same after a to_document/from_document trip.
//   trail-name       input = one trail name or ARN per line; output "<name>: ok" (with the parsed
//                    ARN's account, region and name) or "<name>: error: <message>".
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "event/cloudtrail_record.h"
#include "handler_registry.h"
#include "trail/event_selectors.h"
#include "trail/trail_names.h"

namespace {

using tripline::testing::Case;
using tripline::trail::TrailSelectors;

tripline::Result<TrailSelectors> load(const Case& c) {
    if (c.args == "default") {
        return TrailSelectors();
    }
    auto doc = nlohmann::json::parse(c.input, nullptr, false);
    if (doc.is_discarded()) {
        return tripline::make_error(tripline::Errc::kInvalidArgument, "case input is not JSON");
    }
    if (c.args == "advanced") {
        return TrailSelectors::from_advanced_event_selectors(doc);
    }
    return TrailSelectors::from_event_selectors(doc);
}

std::string pad(const std::string& word) {
    std::string out = word;
    out.resize(std::max<std::size_t>(word.size() + 1, 13), ' ');
    return out;
}

std::string run_selects(const Case& c) {
    auto selectors = load(c);
    if (!selectors) {
        return "error: " + selectors.error().message;
    }
    std::istringstream lines(c.expected);
    std::string line;
    std::string out;
    while (std::getline(lines, line)) {
        std::size_t space = line.find_first_of(" \t");
        if (line.empty() || line[0] == '#' || space == std::string::npos) {
            out += line + "\n";
            continue;
        }
        std::string record_text = line.substr(line.find_first_not_of(" \t", space));
        auto record = tripline::event::parse_cloudtrail_record(record_text);
        std::string word = !record                       ? "invalid-record"
                           : selectors->selects(*record) ? "selected"
                                                         : "not-selected";
        out += pad(word) + record_text + "\n";
    }
    return out;
}

std::string run_invalid(const Case& c) {
    auto selectors = load(c);
    return selectors ? "valid" : "error: " + selectors.error().message;
}

std::string run_api(const Case& c) {
    auto selectors = load(c);
    if (!selectors) {
        return "error: " + selectors.error().message;
    }
    auto describe = [](const TrailSelectors& s) {
        return s.to_api_json().dump() + "\n" + (s.has_custom_selectors() ? "custom" : "default") +
               (s.is_advanced() ? " advanced" : "");
    };
    std::string out = describe(*selectors);
    auto again = TrailSelectors::from_document(selectors->to_document());
    out += "\n";
    out += again ? describe(*again) : "round trip error: " + again.error().message;
    return out;
}

std::string run_trail_name(const Case& c) {
    std::istringstream lines(c.input);
    std::string name;
    std::string out;
    while (std::getline(lines, name)) {
        out += name + ": ";
        if (tripline::trail::looks_like_trail_arn(name)) {
            auto arn = tripline::trail::parse_trail_arn(name);
            out +=
                arn ? "ok account=" + arn->account + " region=" + arn->region + " name=" + arn->name
                    : "error: " + arn.error().message;
        } else {
            auto status = tripline::trail::validate_trail_name(name);
            out += status ? "ok" : "error: " + status.error().message;
        }
        out += "\n";
    }
    return out;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("event-selectors", run_selects);
TRIPLINE_CONFORMANCE_HANDLER("invalid-event-selectors", run_invalid);
TRIPLINE_CONFORMANCE_HANDLER("event-selectors-api", run_api);
TRIPLINE_CONFORMANCE_HANDLER("trail-name", run_trail_name);
