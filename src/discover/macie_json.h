// Macie's wire JSON for custom data identifiers (macie.md §6) <-> scan::CustomIdentifierSpec.
#pragma once

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "scan/custom_identifier.h"

namespace tripline::discover {

// name, regex, keywords, ignoreWords, maximumMatchDistance, severityLevels; kInvalidArgument
// naming the member with the wrong type. Limits are scan::validate_custom_identifier()'s.
Result<scan::CustomIdentifierSpec> custom_spec_from_json(const nlohmann::json& input);
// The GetCustomDataIdentifier members the spec holds (arn, id, name, regex, keywords, ...).
nlohmann::json custom_spec_to_json(const scan::CustomIdentifierSpec& spec);

}  // namespace tripline::discover
