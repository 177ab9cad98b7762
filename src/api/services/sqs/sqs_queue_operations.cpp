// The queue operations: CreateQueue, GetQueueUrl, Get/SetQueueAttributes, ListQueues,
// ListDeadLetterSourceQueues, DeleteQueue, PurgeQueue and the tag operations.
#include <algorithm>

#include "api/services/sqs/sqs_operations.h"
#include "notify/queue_attributes.h"
#include "notify/queue_message_md5.h"

namespace tripline::api::services::sqs {

namespace {

SqsError fifo_unsupported() {
    return {SqsErrorKind::kUnsupportedOperation,
            "Tripline supports standard queues only: FIFO queues (FifoQueue, names ending in "
            ".fifo) are not supported."};
}

// Names CreateQueue/SetQueueAttributes refuse before any value is looked at.
std::optional<SqsError> check_attribute_names(const notify::QueueAttributeMap& attributes) {
    for (const auto& [name, value] : attributes) {
        if (notify::is_fifo_queue_attribute(name)) {
            return fifo_unsupported();
        }
        if (!notify::is_settable_queue_attribute(name)) {
            return SqsError{SqsErrorKind::kInvalidAttributeName, "Unknown Attribute " + name + "."};
        }
    }
    return std::nullopt;
}

std::optional<SqsError> optional_max_results(const nlohmann::json& input, std::optional<int>& out) {
    if (auto error = optional_int(input, "MaxResults", out)) {
        return error;
    }
    if (out && (*out < 1 || *out > 1000)) {
        return SqsError{SqsErrorKind::kInvalidParameterValue,
                        "Value " + std::to_string(*out) +
                            " for parameter MaxResults is invalid. Reason: MaxResults must be an "
                            "integer between 1 and 1000."};
    }
    return std::nullopt;
}

// One page of queue URLs in name order: after NextToken (the last name of the previous page,
// base64), at most MaxResults (1000 without it).
SqsOutcome page_of_urls(const SqsRequest& request,
                        std::vector<notify::QueueInfo> queues,
                        std::string_view list_member) {
    std::optional<int> max_results;
    if (auto error = optional_max_results(request.input, max_results)) {
        return *error;
    }
    std::optional<std::string> token;
    if (auto error = optional_string(request.input, "NextToken", token)) {
        return *error;
    }
    std::string after;
    if (token && !token->empty()) {
        auto decoded = base64_decode(*token);
        if (!decoded) {
            return SqsError{SqsErrorKind::kInvalidParameterValue, "Invalid NextToken value."};
        }
        after = *decoded;
    }
    std::sort(queues.begin(), queues.end(), [](const auto& a, const auto& b) {
        return a.ref.name < b.ref.name;
    });
    const std::size_t limit = static_cast<std::size_t>(max_results.value_or(1000));
    nlohmann::json urls = nlohmann::json::array();
    std::string last;
    bool more = false;
    for (const auto& queue : queues) {
        if (!after.empty() && queue.ref.name <= after) {
            continue;
        }
        if (urls.size() == limit) {
            more = true;
            break;
        }
        urls.push_back(queue.url);
        last = queue.ref.name;
    }
    nlohmann::json output = nlohmann::json::object();
    if (!urls.empty() || list_member == "queueUrls") {
        output[std::string(list_member)] = std::move(urls);
    }
    if (more && max_results) {
        output["NextToken"] = base64_encode(last);
    }
    return output;
}

}  // namespace

SqsOutcome create_queue(SqsRequest& request) {
    std::string name;
    if (auto error = required_string(request.input, "QueueName", name)) {
        return *error;
    }
    notify::QueueAttributeMap attributes;
    if (auto error = string_map(
            request.input, "Attributes", SqsErrorKind::kInvalidAttributeValue, attributes)) {
        return *error;
    }
    notify::QueueAttributeMap tags;
    if (auto error =
            string_map(request.input, "tags", SqsErrorKind::kInvalidParameterValue, tags)) {
        return *error;
    }
    if (name.ends_with(".fifo")) {
        return fifo_unsupported();
    }
    if (!notify::QueueService::is_valid_queue_name(name)) {
        return SqsError{SqsErrorKind::kInvalidParameterValue,
                        "Can only include alphanumeric characters, hyphens, or underscores. 1 to "
                        "80 in length"};
    }
    if (auto error = check_attribute_names(attributes)) {
        return *error;
    }
    notify::QueueRef ref{request.call.principal.account_id, request.call.region, name};
    auto created = request.queues.create_queue(
        ref, attributes, std::map<std::string, std::string>(tags.begin(), tags.end()));
    if (!created) {
        return from_service_error(created.error(), SqsErrorKind::kInvalidAttributeValue);
    }
    return nlohmann::json{{"QueueUrl", created->url}};
}

SqsOutcome get_queue_url(SqsRequest& request) {
    std::string name;
    if (auto error = required_string(request.input, "QueueName", name)) {
        return *error;
    }
    std::optional<std::string> owner;
    if (auto error = optional_string(request.input, "QueueOwnerAWSAccountId", owner)) {
        return *error;
    }
    const std::string& account = request.call.principal.account_id;
    if (owner && !owner->empty() && *owner != account) {
        return SqsError{SqsErrorKind::kQueueDoesNotExist, "The specified queue does not exist."};
    }
    auto queue = request.queues.get_queue({account, request.call.region, name});
    if (!queue) {
        return from_service_error(queue.error());
    }
    return nlohmann::json{{"QueueUrl", queue->url}};
}

SqsOutcome get_queue_attributes(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    std::vector<std::string> names;
    if (auto error = string_list(request.input, "AttributeNames", names)) {
        return *error;
    }
    for (const auto& name : names) {
        if (name != "All" && !notify::is_queue_attribute_name(name)) {
            return SqsError{SqsErrorKind::kInvalidAttributeName, "Unknown Attribute " + name + "."};
        }
    }
    auto attributes = request.queues.get_queue_attributes(ref, names);
    if (!attributes) {
        return from_service_error(attributes.error(), SqsErrorKind::kInvalidAttributeName);
    }
    nlohmann::json output = nlohmann::json::object();
    if (!attributes->empty()) {
        output["Attributes"] = nlohmann::json::object();
        for (const auto& [name, value] : *attributes) {
            output["Attributes"][name] = value;
        }
    }
    return output;
}

SqsOutcome set_queue_attributes(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    notify::QueueAttributeMap attributes;
    if (auto error = string_map(
            request.input, "Attributes", SqsErrorKind::kInvalidAttributeValue, attributes)) {
        return *error;
    }
    if (attributes.empty()) {
        return SqsError{SqsErrorKind::kMissingParameter,
                        "The request must contain the parameter Attribute.Name."};
    }
    if (auto error = check_attribute_names(attributes)) {
        return *error;
    }
    if (auto status = request.queues.set_queue_attributes(ref, attributes); !status) {
        return from_service_error(status.error(), SqsErrorKind::kInvalidAttributeValue);
    }
    return nlohmann::json::object();
}

SqsOutcome list_queues(SqsRequest& request) {
    std::optional<std::string> prefix;
    if (auto error = optional_string(request.input, "QueueNamePrefix", prefix)) {
        return *error;
    }
    auto queues = request.queues.list_queues(
        request.call.principal.account_id, request.call.region, prefix.value_or(""));
    if (!queues) {
        return from_service_error(queues.error());
    }
    return page_of_urls(request, std::move(*queues), "QueueUrls");
}

SqsOutcome list_dead_letter_source_queues(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    auto target = request.queues.get_queue(ref);
    if (!target) {
        return from_service_error(target.error());
    }
    auto queues = request.queues.list_queues(ref.account_id, ref.region, "");
    if (!queues) {
        return from_service_error(queues.error());
    }
    std::vector<notify::QueueInfo> sources;
    for (auto& queue : *queues) {
        auto redrive = queue.attributes.find("RedrivePolicy");
        if (redrive == queue.attributes.end() || redrive->second.empty()) {
            continue;
        }
        auto policy = notify::parse_redrive_policy(redrive->second);
        if (policy && policy->dead_letter_target_arn == target->arn) {
            sources.push_back(std::move(queue));
        }
    }
    return page_of_urls(request, std::move(sources), "queueUrls");
}

SqsOutcome delete_queue(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    if (auto status = request.queues.delete_queue(ref); !status) {
        return from_service_error(status.error());
    }
    return nlohmann::json::object();
}

SqsOutcome purge_queue(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    if (auto purged = request.queues.purge_queue(ref); !purged) {
        return from_service_error(purged.error());
    }
    return nlohmann::json::object();
}

SqsOutcome tag_queue(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    notify::QueueAttributeMap tags;
    if (auto error =
            string_map(request.input, "Tags", SqsErrorKind::kInvalidParameterValue, tags)) {
        return *error;
    }
    if (tags.empty()) {
        return SqsError{SqsErrorKind::kMissingParameter,
                        "The request must contain the parameter Tags."};
    }
    auto status =
        request.queues.tag_queue(ref, std::map<std::string, std::string>(tags.begin(), tags.end()));
    if (!status) {
        return from_service_error(status.error());
    }
    return nlohmann::json::object();
}

SqsOutcome untag_queue(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    std::vector<std::string> keys;
    if (auto error = string_list(request.input, "TagKeys", keys)) {
        return *error;
    }
    if (auto status = request.queues.untag_queue(ref, keys); !status) {
        return from_service_error(status.error());
    }
    return nlohmann::json::object();
}

SqsOutcome list_queue_tags(SqsRequest& request) {
    notify::QueueRef ref;
    if (auto error = queue_ref(request, ref)) {
        return *error;
    }
    auto queue = request.queues.get_queue(ref);
    if (!queue) {
        return from_service_error(queue.error());
    }
    nlohmann::json output = nlohmann::json::object();
    if (!queue->tags.empty()) {
        output["Tags"] = queue->tags;
    }
    return output;
}

}  // namespace tripline::api::services::sqs
