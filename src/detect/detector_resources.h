// What a detector owns besides its findings (guardduty.md §7, §8): filters (saved finding
// criteria; action ARCHIVE makes one a suppression rule) and the IP lists of the GuardDuty API,
// trusted IPSets and ThreatIntelSets. DetectService keeps them in the resource store; these are
// their values and the checks their API applies.
// Thread-safety: plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::detect {

struct FindingFilter {
    std::string name;  // 3–64 characters: letters, digits, '.', '_', '-'
    std::string description;
    std::string action = "NOOP";  // NOOP | ARCHIVE
    int rank = 1;                 // 1–100: the filter's position among the detector's filters
    nlohmann::json criteria;      // {"criterion": {...}} as given (parsed by FindingCriteria)
    nlohmann::json tags = nlohmann::json::object();
};

struct FilterSettings {
    std::optional<std::string> description;
    std::optional<std::string> action;
    std::optional<int> rank;
    std::optional<nlohmann::json> criteria;
};

inline constexpr std::size_t kMaxFiltersPerDetector = 100;  // GuardDuty's quota per region

// kInvalidArgument with GuardDuty's wording naming the field.
Status check_filter_name(std::string_view name);
Status check_filter_settings(const FilterSettings& settings);

enum class IntelSetKind { kTrusted, kThreat };  // IPSet, ThreatIntelSet

struct IntelSet {
    IntelSetKind kind = IntelSetKind::kThreat;
    std::string id;  // 32 lower-case hex
    std::string name;
    std::string format = "TXT";
    std::string location;  // the S3 object URL as given
    std::string status = "INACTIVE";
    std::string expected_bucket_owner;
    nlohmann::json tags = nlohmann::json::object();
    std::string content;  // the list read at the last activation (TXT)
};

struct IntelSetSettings {
    std::optional<std::string> name;
    std::optional<std::string> location;
    std::optional<bool> activate;
    std::optional<std::string> expected_bucket_owner;
};

// GuardDuty's quotas per detector: one active IPSet, six active ThreatIntelSets.
inline constexpr std::size_t kMaxActiveTrustedSets = 1;
inline constexpr std::size_t kMaxActiveThreatSets = 6;
inline constexpr std::size_t kMaxIntelSetObjectBytes = 35u << 20;  // GuardDuty: 35 MB

// An S3 object location as GuardDuty takes it: https://s3.amazonaws.com/<bucket>/<key>,
// https://<bucket>.s3.amazonaws.com/<key> (also with a region in the host), s3://<bucket>/<key>.
struct S3Location {
    std::string bucket;
    std::string key;
};
Result<S3Location> parse_s3_location(std::string_view location);

// The object behind a location: its bucket's owner and its bytes. DetectService reads lists
// through it; kNotFound for a missing bucket or key.
struct ListObject {
    std::string owner_account_id;
    std::string content;
};

}  // namespace tripline::detect
