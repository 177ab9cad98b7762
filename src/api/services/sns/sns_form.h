// Reading SNS's query-protocol input (aws-api.md §3): the flattened maps and lists both aws CLIs
// send — Attributes.entry.N.key/value, MessageAttributes.entry.N.Name/Value.DataType/
// Value.StringValue/Value.BinaryValue, Tags.member.N.Key/Value, TagKeys.member.N and
// PublishBatchRequestEntries.member.N.<member>. Pure functions over a QueryForm.
// Errors: kInvalidArgument in SNS's words for an entry that lacks its key or name.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/query_form.h"
#include "base/result.h"
#include "notify/topic_types.h"

namespace tripline::api::services::sns {

// The values of `<prefix>.<N>.<rest>` grouped by N (in N order), keyed by <rest> ("" when the
// name ends at N), with N.
std::vector<std::pair<int, std::map<std::string, std::string>>> numbered_groups(
    const QueryForm& form, std::string_view prefix);
std::vector<std::map<std::string, std::string>> indexed_groups(const QueryForm& form,
                                                               std::string_view prefix);

// `Name.entry.N.key` / `Name.entry.N.value`.
Result<std::map<std::string, std::string>> string_map(const QueryForm& form, std::string_view name);

// `Name.entry.N.Name` / `Name.entry.N.Value.DataType|StringValue|BinaryValue`, in N order.
// `prefix` is "MessageAttributes" or "PublishBatchRequestEntries.member.3.MessageAttributes".
Result<std::vector<notify::SnsMessageAttribute>> message_attributes(const QueryForm& form,
                                                                    std::string_view prefix);

// `Tags.member.N.Key` / `.Value`.
Result<std::vector<notify::SnsTag>> tags(const QueryForm& form, std::string_view name = "Tags");

// `TagKeys.member.N`.
std::vector<std::string> string_list(const QueryForm& form, std::string_view name);

// `PublishBatchRequestEntries.member.N.*`, in N order.
Result<std::vector<notify::PublishBatchEntry>> batch_entries(const QueryForm& form);

}  // namespace tripline::api::services::sns
