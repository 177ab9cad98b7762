// CloudTrail's casing of JSON-protocol members in requestParameters/responseElements: each object
// key's first letter lowered ("KeyMetadata" → "keyMetadata", "AWSAccountId" → "aWSAccountId", as
// AWS records them), recursively through objects and arrays. Members named in `verbatim_maps`
// keep their values as given (maps whose keys are the client's, e.g. InputPathsMap).
// Thread-safety: pure.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

namespace tripline::api {

nlohmann::json lower_camel_keys(const nlohmann::json& value,
                                std::span<const std::string_view> verbatim_maps = {});

}  // namespace tripline::api
