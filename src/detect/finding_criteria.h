// FindingCriteria (guardduty.md §7): {"criterion": {"<field>": {<condition>: ...}}}, all fields
// ANDed, as ListFindings, GetFindingsStatistics and filters take it. Field names are dotted paths
// into the finding document ("service.action.awsApiCallAction.api"); a path through an array
// (s3BucketDetails) matches when any element does. `updatedAt` compares in epoch milliseconds;
// `service.archived` takes "true"/"false".
// Thread-safety: immutable after parsing.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace tripline::detect {

class FindingCriteria {
public:
    // Errors: kInvalidArgument naming the field and condition (e.g. an unknown condition, a
    // non-numeric bound, more than 50 values).
    static Result<FindingCriteria> parse(const nlohmann::json& criteria);

    bool matches(const nlohmann::json& finding) const;
    bool empty() const { return conditions_.empty(); }

private:
    enum class Op { kEq, kNeq, kGt, kGte, kLt, kLte, kMatches, kNotMatches };
    struct Condition {
        std::vector<std::string> path;
        Op op = Op::kEq;
        std::vector<std::string> values;  // kEq, kNeq, kMatches, kNotMatches
        double bound = 0;                 // numeric comparisons
    };

    static bool holds(const Condition& condition, const nlohmann::json& finding);

    std::vector<Condition> conditions_;
};

// Sorting by a dotted attribute ("severity", "updatedAt", "service.count"); ascending unless
// `descending`. Numbers compare as numbers, everything else as text.
bool finding_less(const nlohmann::json& a, const nlohmann::json& b, const std::string& attribute);

// The value at a dotted path (nullopt when absent; the first element's for arrays).
std::optional<nlohmann::json> finding_value(const nlohmann::json& finding, const std::string& path);

}  // namespace tripline::detect
