// QueueSender: how deliveries reach a Tripline SQS queue (an `sqs` SNS subscription, an SQS
// EventBridge target, a dead-letter queue) without the sender knowing how queues are stored.
// Implemented by the queue service (queue_service.h). Thread-safety: send() is called concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::notify {

struct QueueMessageAttribute {
    std::string name;
    std::string data_type = "String";  // String | Number | Binary (base64 value)
    std::string value;
};

class QueueSender {
public:
    virtual ~QueueSender() = default;
    // Errors: kNotFound when no queue has `queue_arn`; kInvalidArgument for a body SQS refuses.
    // Returns the new message's MessageId.
    virtual Result<std::string> send(std::string_view queue_arn,
                                     std::string_view body,
                                     const std::vector<QueueMessageAttribute>& attributes) = 0;
};

}  // namespace tripline::notify
