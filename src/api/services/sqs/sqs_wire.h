// SQS's two wire forms, reduced to one. Requests: the query protocol's flattened form
// (`Attribute.1.Name=…&MessageAttribute.1.Value.DataType=String&SendMessageBatchRequestEntry.2.Id=…`)
// becomes the JSON input the JSON 1.0 protocol sends for the same call (`{"Attributes":{…},
// "MessageAttributes":{…},"Entries":[…]}`), so every operation reads one shape. Replies: an
// operation's JSON output becomes the query protocol's <…Result> XML with SQS's flattened element
// names (<Attribute><Name/><Value/></Attribute>, <Message>, <QueueUrl>, <BatchResultErrorEntry>…).
// Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/query_form.h"

namespace tripline::api::services::sqs {

// The JSON input equivalent to a query-protocol form (Action and Version dropped). Integer
// parameters (DelaySeconds, MaxNumberOfMessages, VisibilityTimeout, WaitTimeSeconds, MaxResults)
// become numbers when they are integers, and stay strings otherwise (the operation refuses them).
nlohmann::json query_form_to_input(const QueryForm& form, std::string_view operation);

// The XML inside <{operation}Result> for the JSON output of `operation`.
std::string output_to_result_xml(std::string_view operation, const nlohmann::json& output);

}  // namespace tripline::api::services::sqs
