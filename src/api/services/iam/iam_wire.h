// The IAM query protocol's wire helpers: reading form members (scalars, `X.member.N` lists, tags),
// writing result trees as IAM's XML (lists as <member> elements), IAM's error mapping, and the
// responseElements CloudTrail records for IAM calls (lower-camel keys; dates written as IAM's
// CloudTrail records show them, "Nov 28, 2026, 5:46:31 PM").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/api_call.h"
#include "api/api_error.h"
#include "base/coded_result.h"
#include "iam/iam_model.h"

namespace tripline::api::services::iam_wire {

using Tree = nlohmann::ordered_json;

ApiError to_api(const CodedError& error);
ApiError missing(const std::string& member);

std::optional<std::string> get(const ApiCall& call, const std::string& name);
std::string get_or(const ApiCall& call, const std::string& name, const std::string& fallback);
std::vector<std::string> members(const ApiCall& call, const std::string& name);
iam::Tags tags(const ApiCall& call);
std::optional<bool> flag(const ApiCall& call, const std::string& name);
std::optional<int> integer(const ApiCall& call, const std::string& name);

// ISO 8601 with seconds, as IAM returns dates: "2026-11-28T17:46:31Z".
std::string iam_date(TimePoint t);
Tree tags_tree(const iam::Tags& tags);

// Writes `tree` as the XML members of a result: objects as nested elements, arrays as <member>s,
// booleans as true/false.
std::string to_xml(const Tree& tree);
// CloudTrail's responseElements for `tree`.
nlohmann::json recorded(const Tree& tree);

// Marker paging over a complete list: MaxItems (1-1000, default 100) and Marker (an index).
struct Page {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool truncated = false;
    std::string next_marker;
};
Page page_of(const ApiCall& call, std::size_t total);
void add_paging(Tree& result, const Page& page);

}  // namespace tripline::api::services::iam_wire
