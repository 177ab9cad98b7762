// QueryForm: the parameters of a query-protocol request (form body
// `Action=X&Version=…&Name.member.1=…`, or the query string of a GET), decoded, in order. Bounded:
// at most kMaxQueryParameters pairs. to_request_parameters() turns the flattened form into the
// nested JSON object CloudTrail records as requestParameters: lower-camel names, `X.member.N` lists
// as arrays, `X.entry.N.key/value` maps as objects, and without Action/Version.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::api {

inline constexpr std::size_t kMaxQueryParameters = 10000;

// Decodes %XX and '+' (space); a malformed escape is an error.
Result<std::string> url_decode(std::string_view text);

class QueryForm {
public:
    static Result<QueryForm> parse(std::string_view text);

    // The first value of `name`, if present.
    std::optional<std::string_view> get(std::string_view name) const;
    const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

    // requestParameters for CloudTrail; null when nothing but Action/Version was sent.
    nlohmann::json to_request_parameters() const;

private:
    std::vector<std::pair<std::string, std::string>> pairs_;
};

// "TopicArn" → "topicArn" (CloudTrail's casing of query parameters).
std::string lower_camel(std::string_view name);

}  // namespace tripline::api
