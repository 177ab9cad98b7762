// The batch operations: SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch. The
// batch as a whole is checked first (1-10 entries, valid and distinct ids, total size); each entry
// then succeeds or fails on its own, and failures are listed in Failed with SQS's query codes.
#include <cctype>
#include <set>

#include "api/services/sqs/sqs_operations.h"
#include "notify/queue_message.h"

namespace tripline::api::services::sqs {

namespace {

constexpr std::size_t kMaxBatchEntries = 10;
constexpr std::size_t kMaxBatchBytes = 1048576;

bool valid_entry_id(std::string_view id) {
    if (id.empty() || id.size() > 80) {
        return false;
    }
    for (char c : id) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
            return false;
        }
    }
    return true;
}

// Entries and their ids, or the error for the whole batch. `entry_name` is the query protocol's
// name of one entry ("SendMessageBatchRequestEntry"), used in SQS's messages.
std::optional<SqsError> batch_entries(const nlohmann::json& input,
                                      std::string_view entry_name,
                                      std::vector<const nlohmann::json*>& entries,
                                      std::vector<std::string>& ids) {
    auto it = input.find("Entries");
    if (it == input.end() || !it->is_array() || it->empty()) {
        return SqsError{
            SqsErrorKind::kEmptyBatchRequest,
            "There should be at least one " + std::string(entry_name) + " in the request."};
    }
    if (it->size() > kMaxBatchEntries) {
        return SqsError{SqsErrorKind::kTooManyEntriesInBatchRequest,
                        "Maximum number of entries per request are 10. You have sent " +
                            std::to_string(it->size()) + "."};
    }
    std::set<std::string> seen;
    for (const auto& entry : *it) {
        std::string id;
        if (!entry.is_object() || required_string(entry, "Id", id)) {
            return SqsError{
                SqsErrorKind::kMissingParameter,
                "The request must contain the parameter " + std::string(entry_name) + ".Id."};
        }
        if (!valid_entry_id(id)) {
            return SqsError{SqsErrorKind::kInvalidBatchEntryId,
                            "A batch entry id can only contain alphanumeric characters, hyphens "
                            "and underscores. It can be at most 80 letters long."};
        }
        if (!seen.insert(id).second) {
            return SqsError{SqsErrorKind::kBatchEntryIdsNotDistinct, "Id " + id + " repeated."};
        }
        entries.push_back(&entry);
        ids.push_back(std::move(id));
    }
    return std::nullopt;
}

nlohmann::json failure(const std::string& id, const SqsError& error) {
    return {{"Id", id},
            {"SenderFault", is_sender_fault(error.kind)},
            {"Code", std::string(query_error_code(error.kind))},
            {"Message", error.message}};
}

nlohmann::json batch_output(nlohmann::json successful, nlohmann::json failed) {
    return {{"Successful", std::move(successful)}, {"Failed", std::move(failed)}};
}

}  // namespace

SqsOutcome send_message_batch(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    std::vector<const nlohmann::json*> entries;
    std::vector<std::string> ids;
    if (auto error = batch_entries(request.input, "SendMessageBatchRequestEntry", entries, ids)) {
        return *error;
    }
    std::size_t total = 0;
    for (const nlohmann::json* entry : entries) {
        std::string body;
        std::vector<notify::QueueMessageAttribute> attributes;
        (void)required_string(*entry, "MessageBody", body);
        (void)message_attributes(*entry, attributes);
        total += notify::message_size(body, attributes);
    }
    if (total > kMaxBatchBytes) {
        return SqsError{SqsErrorKind::kBatchRequestTooLong,
                        "Batch requests cannot be longer than " + std::to_string(kMaxBatchBytes) +
                            " bytes. You have sent " + std::to_string(total) + " bytes."};
    }
    // A queue that does not exist fails the whole call, not each entry.
    if (auto queue = request.queues.get_queue(ref); !queue) {
        return from_service_error(queue.error());
    }
    nlohmann::json successful = nlohmann::json::array();
    nlohmann::json failed = nlohmann::json::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        SqsOutcome sent = send_one(request, ref, *entries[i]);
        if (auto* error = std::get_if<SqsError>(&sent)) {
            failed.push_back(failure(ids[i], *error));
            continue;
        }
        nlohmann::json result = std::get<nlohmann::json>(std::move(sent));
        result["Id"] = ids[i];
        successful.push_back(std::move(result));
    }
    return batch_output(std::move(successful), std::move(failed));
}

SqsOutcome delete_message_batch(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    std::vector<const nlohmann::json*> entries;
    std::vector<std::string> ids;
    if (auto error = batch_entries(request.input, "DeleteMessageBatchRequestEntry", entries, ids)) {
        return *error;
    }
    if (auto queue = request.queues.get_queue(ref); !queue) {
        return from_service_error(queue.error());
    }
    nlohmann::json successful = nlohmann::json::array();
    nlohmann::json failed = nlohmann::json::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::string handle;
        if (auto error = required_string(*entries[i], "ReceiptHandle", handle)) {
            failed.push_back(failure(ids[i], *error));
            continue;
        }
        auto outcome = request.queues.delete_message(ref, handle);
        if (!outcome) {
            failed.push_back(failure(ids[i], from_service_error(outcome.error())));
        } else if (auto error = receipt_error(*outcome, handle, false)) {
            failed.push_back(failure(ids[i], *error));
        } else {
            successful.push_back({{"Id", ids[i]}});
        }
    }
    return batch_output(std::move(successful), std::move(failed));
}

SqsOutcome change_message_visibility_batch(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    std::vector<const nlohmann::json*> entries;
    std::vector<std::string> ids;
    if (auto error = batch_entries(
            request.input, "ChangeMessageVisibilityBatchRequestEntry", entries, ids)) {
        return *error;
    }
    if (auto queue = request.queues.get_queue(ref); !queue) {
        return from_service_error(queue.error());
    }
    nlohmann::json successful = nlohmann::json::array();
    nlohmann::json failed = nlohmann::json::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::string handle;
        std::optional<int> timeout;
        if (auto error = required_string(*entries[i], "ReceiptHandle", handle)) {
            failed.push_back(failure(ids[i], *error));
            continue;
        }
        if (auto error = optional_int(*entries[i], "VisibilityTimeout", timeout)) {
            failed.push_back(failure(ids[i], *error));
            continue;
        }
        auto outcome = request.queues.change_message_visibility(ref, handle, timeout.value_or(0));
        if (!outcome) {
            failed.push_back(failure(ids[i], from_service_error(outcome.error())));
        } else if (auto error = receipt_error(*outcome, handle, true)) {
            failed.push_back(failure(ids[i], *error));
        } else {
            successful.push_back({{"Id", ids[i]}});
        }
    }
    return batch_output(std::move(successful), std::move(failed));
}

}  // namespace tripline::api::services::sqs
