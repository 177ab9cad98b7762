// The GuardDuty finding document (guardduty.md §4): built from a detection and the record that
// triggered it, or as a sample (§6), and updated in place when later occurrences aggregate into it
// (§5). The document is exactly what GetFindings returns and what the EventBridge event carries as
// `detail`.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/clock.h"
#include "detect/detection.h"
#include "detect/record_facts.h"

namespace tripline::detect {

class ThreatIntel;

struct FindingContext {
    std::string detector_id;
    std::string account_id;
    std::string region;
    std::string finding_id;  // 32 lower-case hex
    TimePoint now;           // createdAt / updatedAt
};

nlohmann::json build_finding(const Detection& detection,
                             const RecordFacts& facts,
                             TimePoint event_time,
                             const ThreatIntel* intel,
                             const FindingContext& context);

// A sample finding of `type` (placeholder values, service.additionalInfo.sample = true).
nlohmann::json build_sample_finding(const FindingType& type, const FindingContext& context);

// One more occurrence: count + 1, eventLastSeen (if later), updatedAt = now, severity raised to
// `severity` when higher.
void add_occurrence(nlohmann::json& finding, TimePoint event_time, TimePoint now, double severity);

// What makes two occurrences one finding: type + affected resource + principal (+ key_extra).
std::string aggregation_key(const Detection& detection, const RecordFacts& facts);

// service.additionalInfo as GuardDuty's API shapes it: {"value": "<the object as JSON text>",
// "type": "default"} - e.g. a sample's {"value":"{\"sample\":true}","type":"default"}.
nlohmann::json additional_info(const nlohmann::json& info);

// A severity as GuardDuty writes it: a whole number as an integer (5), else the number (5.5).
nlohmann::json severity_json(double severity);

// "2026-11-22T08:05:12.345Z".
std::string finding_time(TimePoint t);

// A new 32-character lower-case hex id (detector and finding ids).
std::string make_hex_id();

}  // namespace tripline::detect
