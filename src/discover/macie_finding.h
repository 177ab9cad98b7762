// A Macie sensitive-data finding (macie.md §8-§9) built from the scan of one S3 object: the type
// from the categories detected, the severity by Macie's count tables (and CDI severity levels),
// sensitiveData / customDataIdentifiers with exact counts, and at most 15 located occurrences per
// finding (first one per type, then document order).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/clock.h"
#include "scan/custom_identifier.h"
#include "scan/object_scan.h"

namespace tripline::discover {

inline constexpr std::size_t kLocationsPerFinding = 15;

// What a finding says about where the object lives.
struct ScannedObject {
    std::string account_id;
    std::string region;
    std::string bucket;
    std::string key;
    std::uint64_t size = 0;
    std::string etag;  // without quotes
    TimePoint last_modified;
    TimePoint bucket_created_at;
    std::string storage_class = "STANDARD";
    std::string sse = "AES256";  // "" when unencrypted
};

// Which job (or `tripline scan`) produced the finding.
struct FindingOrigin {
    std::optional<std::string> job_id;  // null for scans outside a job
    std::string origin_type = "SENSITIVE_DATA_DISCOVERY_JOB";
};

// nullopt when nothing is reportable (no detections, or every CDI below its lowest threshold).
// `custom` may be null when the scan had no custom identifiers.
std::optional<nlohmann::json> make_sensitive_data_finding(const ScannedObject& object,
                                                          const scan::ObjectScanResult& result,
                                                          const scan::CustomMatcher* custom,
                                                          const FindingOrigin& origin,
                                                          TimePoint now);

// The finding's 32-hex id and a job's id share this form.
std::string make_hex_id();

}  // namespace tripline::discover
