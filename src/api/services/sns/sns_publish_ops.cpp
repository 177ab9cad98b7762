// SNS Publish and PublishBatch (sns_service.h): data events whose content CloudTrail hides.
#include <set>

#include "api/services/sns/sns_form.h"
#include "api/services/sns/sns_service.h"
#include "api/services/sns/sns_support.h"
#include "base/arn.h"
#include "notify/topic_message.h"

namespace tripline::api::services {

using sns::caller_of;
using sns::form_param;
using sns::kHidden;
using sns::missing_parameter;
using sns::sns_error;

namespace {

constexpr std::size_t kMaxBatchEntries = 10;

void record_data_event(ApiCall& call, const std::string& topic_arn) {
    call.management_event = false;
    call.event_category = "Data";
    call.read_only = false;
    auto arn = parse_arn(topic_arn);
    call.resources.push_back(
        {"AWS::SNS::Topic", topic_arn, arn.has_value() ? arn->account_id : std::string()});
}

bool valid_batch_id(std::string_view id) {
    if (id.empty() || id.size() > 80) {
        return false;
    }
    for (char c : id) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

ServiceReply SnsService::publish(ApiCall& call) {
    auto topic_arn = form_param(call, "TopicArn");
    auto target_arn = form_param(call, "TargetArn");
    auto message = form_param(call, "Message");
    auto subject = form_param(call, "Subject");
    auto structure = form_param(call, "MessageStructure");

    nlohmann::json parameters = nlohmann::json::object();
    if (topic_arn) {
        parameters["topicArn"] = *topic_arn;
    }
    if (target_arn) {
        parameters["targetArn"] = *target_arn;
    }
    if (message) {
        parameters["message"] = kHidden;
    }
    if (subject) {
        parameters["subject"] = kHidden;
    }
    if (structure) {
        parameters["messageStructure"] = *structure;
    }
    for (const auto& [name, value] : call.form.pairs()) {
        if (name.starts_with("MessageAttributes.")) {
            parameters["messageAttributes"] = kHidden;
            break;
        }
    }
    call.request_parameters = parameters;

    if (form_param(call, "PhoneNumber")) {
        return ApiError{400,
                        "InvalidParameter",
                        "Invalid parameter: PhoneNumber Reason: Tripline does not send SMS"};
    }
    if (topic_arn && target_arn) {
        return ApiError{400,
                        "InvalidParameter",
                        "Invalid parameter: TopicArn or TargetArn Reason: Only one of TopicArn "
                        "or TargetArn may be specified"};
    }
    if (!topic_arn && !target_arn) {
        return ApiError{400,
                        "InvalidParameter",
                        "Invalid parameter: TopicArn or TargetArn Reason: no value for required "
                        "parameter"};
    }
    if (!message) {
        return missing_parameter("Message");
    }
    if (subject && subject->empty()) {
        return missing_parameter("Subject");
    }
    notify::PublishRequest request;
    request.caller = caller_of(call);
    request.topic_arn = topic_arn ? *topic_arn : *target_arn;
    request.message = *message;
    request.subject = subject.value_or("");
    request.message_structure = structure.value_or("");
    auto attributes = sns::message_attributes(call.form, "MessageAttributes");
    if (!attributes) {
        return sns_error(attributes.error());
    }
    request.message_attributes = std::move(*attributes);
    record_data_event(call, request.topic_arn);
    auto message_id = topics_.publish(request);
    if (!message_id) {
        return sns_error(message_id.error());
    }
    XmlWriter xml;
    xml.element("MessageId", *message_id);
    call.response_elements = {{"messageId", *message_id}};
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::publish_batch(ApiCall& call) {
    auto topic_arn = form_param(call, "TopicArn");
    auto entries = sns::batch_entries(call.form);
    nlohmann::json recorded = nlohmann::json::array();
    if (entries) {
        for (const notify::PublishBatchEntry& e : *entries) {
            nlohmann::json entry = {{"id", e.id}, {"message", kHidden}};
            if (!e.subject.empty()) {
                entry["subject"] = kHidden;
            }
            if (!e.message_structure.empty()) {
                entry["messageStructure"] = e.message_structure;
            }
            if (!e.message_attributes.empty()) {
                entry["messageAttributes"] = kHidden;
            }
            recorded.push_back(std::move(entry));
        }
    }
    call.request_parameters = nlohmann::json{{"topicArn", topic_arn.value_or("")},
                                             {"publishBatchRequestEntries", recorded}};
    if (!topic_arn) {
        return missing_parameter("TopicArn");
    }
    if (!entries) {
        return sns_error(entries.error());
    }
    record_data_event(call, *topic_arn);
    if (entries->empty()) {
        return ApiError{400, "EmptyBatchRequest", "The batch request doesn't contain any entries."};
    }
    if (entries->size() > kMaxBatchEntries) {
        return ApiError{400,
                        "TooManyEntriesInBatchRequest",
                        "The batch request contains more entries than permissible."};
    }
    std::set<std::string> ids;
    std::size_t total = 0;
    for (const notify::PublishBatchEntry& e : *entries) {
        if (!valid_batch_id(e.id)) {
            return ApiError{400,
                            "InvalidBatchEntryId",
                            "A batch entry id can only contain alphanumeric characters, hyphens "
                            "and underscores. It can be at most 80 letters long."};
        }
        if (!ids.insert(e.id).second) {
            return ApiError{400,
                            "BatchEntryIdsNotDistinct",
                            "Two or more batch entries in the request have the same Id."};
        }
        total += e.message.size();
        for (const auto& a : e.message_attributes) {
            total += a.name.size() + a.type.size() + a.value.size();
        }
    }
    if (total > notify::kMaxMessageBytes) {
        return ApiError{400,
                        "BatchRequestTooLong",
                        "The length of all the messages put together is more than the limit."};
    }
    auto outcomes = topics_.publish_batch(caller_of(call), *topic_arn, *entries);
    if (!outcomes) {
        return sns_error(outcomes.error());
    }
    XmlWriter xml;
    nlohmann::json successful = nlohmann::json::array();
    nlohmann::json failed = nlohmann::json::array();
    xml.open("Successful");
    for (const notify::PublishBatchOutcome& o : *outcomes) {
        if (!o.error) {
            xml.open("member")
                .element("Id", o.id)
                .element("MessageId", o.message_id)
                .close("member");
            successful.push_back({{"id", o.id}, {"messageId", o.message_id}});
        }
    }
    xml.close("Successful").open("Failed");
    for (const notify::PublishBatchOutcome& o : *outcomes) {
        if (o.error) {
            ApiError e = sns_error(*o.error);
            xml.open("member")
                .element("Id", o.id)
                .element("Code", e.code)
                .element("Message", e.message)
                .element("SenderFault", e.sender ? "true" : "false")
                .close("member");
            failed.push_back({{"id", o.id},
                              {"code", e.code},
                              {"message", e.message},
                              {"senderFault", e.sender}});
        }
    }
    xml.close("Failed");
    call.response_elements = {{"successful", successful}, {"failed", failed}};
    return query_reply(call, xml_namespace(), xml.str());
}

}  // namespace tripline::api::services
