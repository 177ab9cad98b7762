// The message operations: SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility.
#include <chrono>

#include "api/services/sqs/sqs_operations.h"
#include "notify/queue_message.h"
#include "notify/queue_message_md5.h"

namespace tripline::api::services::sqs {

namespace {

std::string millis(TimePoint t) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

// The message system attributes ReceiveMessage returns for `requested` names ("All" for all).
nlohmann::json system_attributes(const notify::ReceivedQueueMessage& message,
                                 const std::vector<std::string>& requested) {
    auto wanted = [&](std::string_view name) {
        for (const auto& r : requested) {
            if (r == "All" || r == name) {
                return true;
            }
        }
        return false;
    };
    nlohmann::json out = nlohmann::json::object();
    if (wanted("SenderId")) {
        out["SenderId"] = message.sender_id;
    }
    if (wanted("SentTimestamp")) {
        out["SentTimestamp"] = millis(message.sent_at);
    }
    if (wanted("ApproximateReceiveCount")) {
        out["ApproximateReceiveCount"] = std::to_string(message.receive_count);
    }
    if (wanted("ApproximateFirstReceiveTimestamp")) {
        out["ApproximateFirstReceiveTimestamp"] = millis(message.first_received_at);
    }
    if (wanted("DeadLetterQueueSourceArn") && !message.dead_letter_source_arn.empty()) {
        out["DeadLetterQueueSourceArn"] = message.dead_letter_source_arn;
    }
    return out;
}

std::optional<SqsError> message_json(const notify::ReceivedQueueMessage& message,
                                     const std::vector<std::string>& system_names,
                                     const std::vector<std::string>& attribute_names,
                                     nlohmann::json& out) {
    out = nlohmann::json{{"MessageId", message.message_id},
                         {"ReceiptHandle", message.receipt_handle},
                         {"MD5OfBody", message.md5_of_body},
                         {"Body", message.body}};
    nlohmann::json attributes = system_attributes(message, system_names);
    if (!attributes.empty()) {
        out["Attributes"] = std::move(attributes);
    }
    std::vector<notify::QueueMessageAttribute> selected;
    for (const auto& attribute : message.attributes) {
        if (notify::message_attribute_selected(attribute.name, attribute_names)) {
            selected.push_back(attribute);
        }
    }
    if (selected.empty()) {
        return std::nullopt;
    }
    // The digest of what is returned, so that SDKs that verify it (Java, Go) agree.
    auto md5 = notify::md5_of_message_attributes(selected);
    if (!md5) {
        return from_service_error(md5.error(), SqsErrorKind::kInternalError);
    }
    out["MD5OfMessageAttributes"] = *md5;
    nlohmann::json values = nlohmann::json::object();
    for (const auto& attribute : selected) {
        const bool binary = attribute.data_type.starts_with("Binary");
        values[attribute.name] = {{"DataType", attribute.data_type},
                                  {binary ? "BinaryValue" : "StringValue", attribute.value}};
    }
    out["MessageAttributes"] = std::move(values);
    return std::nullopt;
}

}  // namespace

SqsOutcome send_one(SqsRequest& request,
                    const notify::QueueRef& queue,
                    const nlohmann::json& entry) {
    notify::OutgoingQueueMessage message;
    if (auto error = required_string(entry, "MessageBody", message.body)) {
        return *error;
    }
    if (auto error = optional_int(entry, "DelaySeconds", message.delay_seconds)) {
        return *error;
    }
    if (auto error = message_attributes(entry, message.attributes)) {
        return *error;
    }
    std::optional<std::string> deduplication_id;
    if (auto error = optional_string(entry, "MessageDeduplicationId", deduplication_id)) {
        return *error;
    }
    if (deduplication_id) {
        return SqsError{SqsErrorKind::kInvalidParameterValue,
                        "Value " + *deduplication_id +
                            " for parameter MessageDeduplicationId is invalid. Reason: The "
                            "request include parameter that is not valid for this queue type."};
    }
    if (notify::find_invalid_message_character(message.body)) {
        return SqsError{SqsErrorKind::kInvalidMessageContents,
                        "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD "
                        "| #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"};
    }
    message.sender_id = request.call.principal.principal_id;
    auto sent = request.queues.send_message(queue, message);
    if (!sent) {
        return from_service_error(sent.error());
    }
    nlohmann::json output = {{"MessageId", sent->message_id},
                             {"MD5OfMessageBody", sent->md5_of_body}};
    if (!sent->md5_of_attributes.empty()) {
        output["MD5OfMessageAttributes"] = sent->md5_of_attributes;
    }
    return output;
}

SqsOutcome send_message(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    return send_one(request, ref, request.input);
}

SqsOutcome receive_message(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    notify::QueueReceiveRequest receive;
    std::optional<int> max_messages;
    if (auto error = optional_int(request.input, "MaxNumberOfMessages", max_messages)) {
        return *error;
    }
    receive.max_messages = max_messages.value_or(1);
    if (auto error = optional_int(request.input, "VisibilityTimeout", receive.visibility_timeout)) {
        return *error;
    }
    if (auto error = optional_int(request.input, "WaitTimeSeconds", receive.wait_seconds)) {
        return *error;
    }
    // AttributeNames is the deprecated spelling of MessageSystemAttributeNames; both count.
    std::vector<std::string> system_names;
    std::vector<std::string> more_names;
    if (auto error = string_list(request.input, "AttributeNames", system_names)) {
        return *error;
    }
    if (auto error = string_list(request.input, "MessageSystemAttributeNames", more_names)) {
        return *error;
    }
    system_names.insert(system_names.end(), more_names.begin(), more_names.end());
    std::vector<std::string> attribute_names;
    if (auto error = string_list(request.input, "MessageAttributeNames", attribute_names)) {
        return *error;
    }
    auto messages = request.queues.receive_messages(ref, receive);
    if (!messages) {
        return from_service_error(messages.error());
    }
    nlohmann::json output = nlohmann::json::object();
    if (!messages->empty()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& message : *messages) {
            nlohmann::json item;
            if (auto error = message_json(message, system_names, attribute_names, item)) {
                return *error;
            }
            list.push_back(std::move(item));
        }
        output["Messages"] = std::move(list);
    }
    return output;
}

std::optional<SqsError> receipt_error(notify::ReceiptOutcome outcome,
                                      std::string_view handle,
                                      bool changing_visibility) {
    switch (outcome) {
        case notify::ReceiptOutcome::kApplied:
            return std::nullopt;
        case notify::ReceiptOutcome::kInvalidHandle:
            return SqsError{SqsErrorKind::kReceiptHandleIsInvalid,
                            "The input receipt handle \"" + std::string(handle) +
                                "\" is not a valid receipt handle."};
        case notify::ReceiptOutcome::kNotInFlight:
            return SqsError{SqsErrorKind::kMessageNotInflight,
                            "Message does not exist or is not available for visibility timeout "
                            "change."};
        case notify::ReceiptOutcome::kStaleHandle:
        case notify::ReceiptOutcome::kMessageGone:
            // SQS: deleting with an old handle succeeds without deleting; changing the
            // visibility of a message with one is refused.
            if (!changing_visibility) {
                return std::nullopt;
            }
            return SqsError{SqsErrorKind::kInvalidParameterValue,
                            "Value " + std::string(handle) +
                                " for parameter ReceiptHandle is invalid. Reason: The receipt "
                                "handle has expired."};
    }
    return std::nullopt;
}

SqsOutcome delete_message(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    std::string handle;
    if (auto error = required_string(request.input, "ReceiptHandle", handle)) {
        return *error;
    }
    auto outcome = request.queues.delete_message(ref, handle);
    if (!outcome) {
        return from_service_error(outcome.error());
    }
    if (auto error = receipt_error(*outcome, handle, false)) {
        return *error;
    }
    return nlohmann::json::object();
}

SqsOutcome change_message_visibility(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    std::string handle;
    if (auto error = required_string(request.input, "ReceiptHandle", handle)) {
        return *error;
    }
    std::optional<int> timeout;
    if (auto error = optional_int(request.input, "VisibilityTimeout", timeout)) {
        return *error;
    }
    if (!timeout) {
        return SqsError{SqsErrorKind::kMissingParameter,
                        "The request must contain the parameter VisibilityTimeout."};
    }
    auto outcome = request.queues.change_message_visibility(ref, handle, *timeout);
    if (!outcome) {
        return from_service_error(outcome.error());
    }
    if (auto error = receipt_error(*outcome, handle, true)) {
        return *error;
    }
    return nlohmann::json::object();
}

}  // namespace tripline::api::services::sqs
