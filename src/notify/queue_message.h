// The messages of Tripline's SQS queues as the queue service hands them in and out, and SQS's rules
// for them: which characters a body may hold, how message attributes are named and typed, and how
// large a message may be (body plus attribute names, types and values).
// Pure functions and plain data; thread-safe. Errors: kInvalidArgument with SQS's wording.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/queue_sender.h"

namespace tripline::notify {

inline constexpr std::size_t kMaxMessageAttributes = 10;

struct OutgoingQueueMessage {
    std::string body;
    std::optional<int> delay_seconds;  // nullopt: the queue's DelaySeconds
    std::vector<QueueMessageAttribute> attributes;
    std::string sender_id;  // SenderId: the caller's principal id
};

struct SentQueueMessage {
    std::string message_id;
    std::string md5_of_body;
    std::string md5_of_attributes;  // "" without attributes
};

struct QueueReceiveRequest {
    int max_messages = 1;                   // 1..10
    std::optional<int> visibility_timeout;  // seconds; nullopt: the queue's VisibilityTimeout
    std::optional<int> wait_seconds;  // 0..20; nullopt: the queue's ReceiveMessageWaitTimeSeconds
};

struct ReceivedQueueMessage {
    std::string message_id;
    std::string receipt_handle;  // new for every receive
    std::string body;
    std::string md5_of_body;
    std::vector<QueueMessageAttribute> attributes;  // all of them, sorted by name
    std::string sender_id;
    TimePoint sent_at;
    int receive_count = 0;  // ApproximateReceiveCount, this receive included
    TimePoint first_received_at;
    std::string dead_letter_source_arn;  // DeadLetterQueueSourceArn; "" unless redriven
};

// The byte offset of the first character SQS refuses in a body (allowed: #x9 #xA #xD,
// #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF, as well-formed UTF-8), or nullopt.
std::optional<std::size_t> find_invalid_message_character(std::string_view text);

// Checks names (1-256 of [A-Za-z0-9_.-], no "AWS."/"Amazon." prefix, no leading, trailing or
// doubled '.'), data types (String, Number or Binary, optionally ".custom"), values (present,
// numbers numeric, binary base64) and the count (at most 10).
Status validate_message_attributes(const std::vector<QueueMessageAttribute>& attributes);

// The size SQS counts against MaximumMessageSize: body + every attribute's name, type and value
// (binary values decoded).
std::size_t message_size(std::string_view body,
                         const std::vector<QueueMessageAttribute>& attributes);

// The attributes as stored with a message: [{"Name":…,"DataType":…,"Value":…}], and back.
std::string message_attributes_to_json(const std::vector<QueueMessageAttribute>& attributes);
Result<std::vector<QueueMessageAttribute>> message_attributes_from_json(std::string_view json);

// Whether `name` is selected by a ReceiveMessage MessageAttributeNames entry: "All" and ".*"
// select every attribute, "prefix.*" those starting with "prefix.", anything else only itself.
bool message_attribute_selected(std::string_view name, const std::vector<std::string>& selectors);

}  // namespace tripline::notify
