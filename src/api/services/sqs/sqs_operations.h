// The SQS operations Tripline serves, each a function from the request (JSON-shaped input) to its
// JSON output or SqsError, and the table the service dispatches with: which operations are
// CloudTrail data events, which have no <…Result> element in the query protocol, and which record
// their output as responseElements.
// Thread-safety: the functions run concurrently; the table is immutable.
#pragma once

#include <string_view>

#include "api/services/sqs/sqs_request.h"

namespace tripline::api::services::sqs {

struct SqsOperation {
    std::string_view name;
    SqsOutcome (*run)(SqsRequest& request);
    bool data_event = false;        // SendMessage, ReceiveMessage, DeleteMessage, …
    bool has_result = true;         // query protocol: the reply has an <{name}Result> element
    bool records_response = false;  // CloudTrail responseElements = the output
};

// nullptr for an operation Tripline does not serve.
const SqsOperation* find_sqs_operation(std::string_view name);

// Queues (sqs_queue_operations.cpp).
SqsOutcome create_queue(SqsRequest& request);
SqsOutcome get_queue_url(SqsRequest& request);
SqsOutcome get_queue_attributes(SqsRequest& request);
SqsOutcome set_queue_attributes(SqsRequest& request);
SqsOutcome list_queues(SqsRequest& request);
SqsOutcome list_dead_letter_source_queues(SqsRequest& request);
SqsOutcome delete_queue(SqsRequest& request);
SqsOutcome purge_queue(SqsRequest& request);
SqsOutcome tag_queue(SqsRequest& request);
SqsOutcome untag_queue(SqsRequest& request);
SqsOutcome list_queue_tags(SqsRequest& request);

// Messages (sqs_message_operations.cpp).
SqsOutcome send_message(SqsRequest& request);
SqsOutcome receive_message(SqsRequest& request);
SqsOutcome delete_message(SqsRequest& request);
SqsOutcome change_message_visibility(SqsRequest& request);

// Batches (sqs_batch_operations.cpp).
SqsOutcome send_message_batch(SqsRequest& request);
SqsOutcome delete_message_batch(SqsRequest& request);
SqsOutcome change_message_visibility_batch(SqsRequest& request);

// Shared by single and batch message operations (sqs_message_operations.cpp): one message of a
// SendMessage or of a SendMessageBatch entry, sent; its result members (MessageId, MD5s) on
// success.
SqsOutcome send_one(SqsRequest& request,
                    const notify::QueueRef& queue,
                    const nlohmann::json& entry);
// The error SQS gives for a receipt-handle outcome other than success; nullopt when it succeeds.
std::optional<SqsError> receipt_error(notify::ReceiptOutcome outcome,
                                      std::string_view handle,
                                      bool changing_visibility);

}  // namespace tripline::api::services::sqs
