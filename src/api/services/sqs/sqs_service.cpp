#include "api/services/sqs/sqs_service.h"

#include <array>

#include "api/services/sqs/sqs_operations.h"
#include "api/services/sqs/sqs_wire.h"

namespace tripline::api::services {

namespace sqs {

const SqsOperation* find_sqs_operation(std::string_view name) {
    // name, run, data event, has <Result>, records responseElements
    static constexpr std::array<SqsOperation, 18> kOperations = {{
        {"CreateQueue", create_queue, false, true, true},
        {"GetQueueUrl", get_queue_url, false, true, false},
        {"GetQueueAttributes", get_queue_attributes, false, true, false},
        {"SetQueueAttributes", set_queue_attributes, false, false, false},
        {"ListQueues", list_queues, false, true, false},
        {"ListDeadLetterSourceQueues", list_dead_letter_source_queues, false, true, false},
        {"DeleteQueue", delete_queue, false, false, false},
        {"PurgeQueue", purge_queue, false, false, false},
        {"TagQueue", tag_queue, false, false, false},
        {"UntagQueue", untag_queue, false, false, false},
        {"ListQueueTags", list_queue_tags, false, true, false},
        {"SendMessage", send_message, true, true, true},
        {"SendMessageBatch", send_message_batch, true, true, true},
        {"ReceiveMessage", receive_message, true, true, false},
        {"DeleteMessage", delete_message, true, false, false},
        {"DeleteMessageBatch", delete_message_batch, true, true, true},
        {"ChangeMessageVisibility", change_message_visibility, true, false, false},
        {"ChangeMessageVisibilityBatch", change_message_visibility_batch, true, true, true},
    }};
    for (const auto& operation : kOperations) {
        if (operation.name == name) {
            return &operation;
        }
    }
    return nullptr;
}

}  // namespace sqs

ServiceReply SqsService::handle(ApiCall& call) {
    using namespace sqs;
    const nlohmann::json input = call.protocol == Protocol::kQuery
                                     ? query_form_to_input(call.form, call.operation)
                                     : call.input;
    call.request_parameters = recorded_parameters(input);
    const SqsOperation* operation = find_sqs_operation(call.operation);
    if (operation == nullptr) {
        return to_api_error(
            SqsError{SqsErrorKind::kInvalidAction,
                     "The action " + call.operation + " is not valid for this endpoint."},
            call);
    }
    if (operation->data_event) {
        call.management_event = false;
        call.event_category = "Data";
    }
    SqsRequest request{call, input, queues_, operation->data_event};
    SqsOutcome outcome = operation->run(request);
    if (auto* error = std::get_if<SqsError>(&outcome)) {
        return to_api_error(*error, call);
    }
    const nlohmann::json& output = std::get<nlohmann::json>(outcome);
    if (operation->records_response) {
        call.response_elements = recorded_response(output);
    }
    if (call.protocol == Protocol::kQuery) {
        return query_reply(call,
                           xml_namespace(),
                           output_to_result_xml(operation->name, output),
                           operation->has_result);
    }
    return json_reply(call, output);
}

}  // namespace tripline::api::services
