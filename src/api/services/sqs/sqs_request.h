// One SQS request on its way through an operation: the call, its input in the JSON protocol's shape
// (sqs_wire.h turns query forms into it) and the queue service; and the readers every operation
// uses for its members, which answer with SQS's errors (MissingParameter, InvalidParameterValue,
// QueueDoesNotExist) when a member is missing, mistyped or names no queue of the caller's.
// Thread-safety: one SqsRequest per call, on the thread that handles it.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/api_call.h"
#include "api/services/sqs/sqs_errors.h"
#include "notify/queue_service.h"

namespace tripline::api::services::sqs {

struct SqsRequest {
    ApiCall& call;
    const nlohmann::json& input;
    notify::QueueService& queues;
    bool data_event = false;  // the operation is a CloudTrail data event (message operations)
};

// An operation's JSON output (the JSON protocol's reply body), or its error.
using SqsOutcome = std::variant<nlohmann::json, SqsError>;

// Readers: each returns the error to answer with, or nullopt and fills `out`.
std::optional<SqsError> required_string(const nlohmann::json& input,
                                        std::string_view name,
                                        std::string& out);
std::optional<SqsError> optional_string(const nlohmann::json& input,
                                        std::string_view name,
                                        std::optional<std::string>& out);
std::optional<SqsError> optional_int(const nlohmann::json& input,
                                     std::string_view name,
                                     std::optional<int>& out);
// A list of strings (AttributeNames, MessageAttributeNames, TagKeys); absent is empty.
std::optional<SqsError> string_list(const nlohmann::json& input,
                                    std::string_view name,
                                    std::vector<std::string>& out);
// A map of strings (Attributes, Tags); absent is empty. `invalid` is the error kind for a value
// that is not a string.
std::optional<SqsError> string_map(const nlohmann::json& input,
                                   std::string_view name,
                                   SqsErrorKind invalid,
                                   std::map<std::string, std::string, std::less<>>& out);
// MessageAttributes: {"name":{"DataType":…,"StringValue"|"BinaryValue":…}}.
std::optional<SqsError> message_attributes(const nlohmann::json& input,
                                           std::vector<notify::QueueMessageAttribute>& out);

// The queue the request names: QueueUrl from the input, else the request path
// (/<account>/<name>); it must be in the caller's account. For data events, also records the
// queue as the CloudTrail record's resource.
std::optional<SqsError> queue_ref(SqsRequest& request, notify::QueueRef& out);

// requestParameters as CloudTrail records SQS calls: lower-camel member names (also inside batch
// entries), message bodies replaced by "HIDDEN_DUE_TO_SECURITY_REASONS".
nlohmann::json recorded_parameters(const nlohmann::json& input);
// responseElements: the output with lower-camel member names ("mD5OfMessageBody", as AWS).
nlohmann::json recorded_response(const nlohmann::json& output);

}  // namespace tripline::api::services::sqs
