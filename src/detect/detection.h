// Detection: what one rule concluded about one CloudTrail record - a finding type, its severity and
// the facts the finding shows (buckets, affected resources, evidence). The service turns it into a
// GuardDuty finding (finding_document.h) or folds it into an existing one (aggregation,
// guardduty.md §5).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "detect/finding_types.h"

namespace tripline::detect {

struct Detection {
    const FindingType* type = nullptr;
    double severity = 0;               // usually type->severity
    std::vector<std::string> buckets;  // S3 types: the buckets named by the call
    nlohmann::json affected_resources =
        nlohmann::json::object();  // {"AWS::CloudTrail::Trail": arn}
    std::string detail;            // fills {detail} in the description
    std::string distro;            // PenTest types: "Kali", "Parrot", "Pentoo"
    std::string threat_list;       // list-based types: the list's name (evidence)
    // Aggregation beyond type + principal + resource: list-based and login types add the caller IP.
    std::string key_extra;
};

}  // namespace tripline::detect
