// The finding types Tripline produces (guardduty.md §3, §6): for each, its default severity, the
// resource it names and the one-line title GuardDuty uses. Detections and sample findings both
// take their defaults from here, so a type's severity is stated once.
// Types GuardDuty has no name for are Tripline additions, named `Custom:<Resource>/<Name>`.
// Thread-safety: immutable data.
#pragma once

#include <span>
#include <string_view>

namespace tripline::detect {

enum class ResourceKind { kAccessKey, kS3Bucket, kInstance };

enum class ActionKind { kAwsApiCall, kDnsRequest, kNetworkConnection };

struct FindingType {
    std::string_view name;  // "Policy:IAMUser/RootCredentialUsage"
    double severity;        // default: Low 2, Medium 5, High 8
    ResourceKind resource;
    ActionKind action;
    // Templates with {api} {service} {ip} {principal} {bucket} {list} {distro} {detail}
    // placeholders (finding_document.h fills them).
    std::string_view title;
    std::string_view description;
};

// Every type, in catalogue order (sample findings without a type list create one of each).
std::span<const FindingType> finding_types();
// nullptr when `name` is not a type Tripline knows.
const FindingType* find_finding_type(std::string_view name);

// "Low", "Medium", "High", "Critical" (guardduty.md §2).
std::string_view severity_label(double severity);

}  // namespace tripline::detect
