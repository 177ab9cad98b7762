// QueueService, part 2: messages — send, receive (with long polling), delete, change visibility,
// and the QueueSender entry point used by SNS, EventBridge and dead-letter deliveries.
#include <algorithm>

#include "base/uuid.h"
#include "notify/queue_message_md5.h"
#include "notify/queue_receipt.h"
#include "notify/queue_service.h"

namespace tripline::notify {

namespace {

constexpr int kMaxDelaySeconds = 900;
constexpr int kMaxVisibilityTimeout = 43200;
constexpr int kMaxWaitSeconds = 20;
constexpr int kMaxReceiveMessages = 10;

Error invalid_parameter(std::string_view parameter, long long value, std::string_view reason) {
    return make_error(Errc::kInvalidArgument,
                      "Value " + std::to_string(value) + " for parameter " +
                          std::string(parameter) + " is invalid. Reason: " + std::string(reason));
}

Result<ReceivedQueueMessage> to_received(const storage::StoredQueueMessage& stored) {
    ReceivedQueueMessage out;
    out.message_id = stored.message_id;
    out.receipt_handle = encode_receipt_handle(stored.message_id, stored.receipt_token);
    out.body = stored.body;
    out.md5_of_body = stored.md5_of_body;
    TRIPLINE_ASSIGN_OR_RETURN(out.attributes, message_attributes_from_json(stored.attributes));
    std::sort(out.attributes.begin(), out.attributes.end(), [](const auto& a, const auto& b) {
        return a.name < b.name;
    });
    out.sender_id = stored.sender_id;
    out.sent_at = stored.sent_at;
    out.receive_count = stored.receive_count;
    out.first_received_at = stored.first_received_at.value_or(stored.sent_at);
    out.dead_letter_source_arn = stored.dead_letter_source_arn;
    return out;
}

}  // namespace

void QueueService::signal_waiters() {
    {
        std::lock_guard lock(wait_mutex_);
        ++generation_;
    }
    wait_cv_.notify_all();
}

void QueueService::shutdown() {
    {
        std::lock_guard lock(wait_mutex_);
        shutting_down_ = true;
        ++generation_;
    }
    wait_cv_.notify_all();
}

Result<SentQueueMessage> QueueService::enqueue(const QueueInfo& queue,
                                               const OutgoingQueueMessage& message) {
    if (message.body.empty()) {
        return make_error(Errc::kInvalidArgument,
                          "The request must contain the parameter MessageBody.");
    }
    if (auto offset = find_invalid_message_character(message.body)) {
        return make_error(Errc::kInvalidArgument,
                          "Invalid characters found (at byte " + std::to_string(*offset) +
                              "). Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF "
                              "| #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }
    TRIPLINE_TRY(validate_message_attributes(message.attributes));
    const int max_size = queue_attribute_int(queue.attributes, "MaximumMessageSize", 1048576);
    if (message_size(message.body, message.attributes) > static_cast<std::size_t>(max_size)) {
        return make_error(Errc::kInvalidArgument,
                          "One or more parameters are invalid. Reason: Message must be shorter "
                          "than " +
                              std::to_string(max_size) + " bytes.");
    }
    const int delay =
        message.delay_seconds.value_or(queue_attribute_int(queue.attributes, "DelaySeconds", 0));
    if (delay < 0 || delay > kMaxDelaySeconds) {
        return invalid_parameter("DelaySeconds", delay, "DelaySeconds must be >= 0 and <= 900.");
    }
    SentQueueMessage sent;
    sent.message_id = make_uuid();
    sent.md5_of_body = md5_hex(message.body);
    TRIPLINE_ASSIGN_OR_RETURN(sent.md5_of_attributes,
                              md5_of_message_attributes(message.attributes));

    storage::StoredQueueMessage stored;
    stored.queue_arn = queue.arn;
    stored.message_id = sent.message_id;
    stored.body = message.body;
    stored.attributes = message_attributes_to_json(message.attributes);
    stored.md5_of_body = sent.md5_of_body;
    stored.sender_id = message.sender_id;
    stored.sent_at = clock_.now();
    stored.visible_at = stored.sent_at + std::chrono::seconds(delay);
    TRIPLINE_TRY(messages_.add(stored));
    signal_waiters();
    return sent;
}

Result<SentQueueMessage> QueueService::send_message(const QueueRef& ref,
                                                    const OutgoingQueueMessage& message) {
    TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
    return enqueue(queue, message);
}

Result<std::string> QueueService::send(std::string_view queue_arn,
                                       std::string_view body,
                                       const std::vector<QueueMessageAttribute>& attributes) {
    auto resource = resources_.get_by_arn(queue_arn);
    if (!resource || resource->type != kQueueResourceType) {
        if (resource || resource.error().code == Errc::kNotFound) {
            return make_error(Errc::kNotFound,
                              "queue " + std::string(queue_arn) + " does not exist");
        }
        return resource.error();
    }
    TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, load(*resource));
    OutgoingQueueMessage message;
    message.body = std::string(body);
    message.attributes = attributes;
    // Deliveries by Tripline's own services carry the queue owner's account as SenderId.
    message.sender_id = queue.ref.account_id;
    TRIPLINE_ASSIGN_OR_RETURN(SentQueueMessage sent, enqueue(queue, message));
    return sent.message_id;
}

Result<storage::QueueReceiveResult> QueueService::receive_once(const QueueInfo& queue,
                                                               int max_messages,
                                                               Duration visibility_timeout) {
    storage::QueueReceiveOptions options;
    options.now = clock_.now();
    options.max_messages = max_messages;
    options.visibility_timeout = visibility_timeout;
    options.expired_before = expired_before(queue, options.now);
    auto redrive = queue.attributes.find("RedrivePolicy");
    if (redrive != queue.attributes.end() && !redrive->second.empty()) {
        if (auto policy = parse_redrive_policy(redrive->second)) {
            options.max_receive_count = policy->max_receive_count;
            options.dead_letter_queue_arn = policy->dead_letter_target_arn;
            // A dead-letter queue deleted since keeps its messages where they are, as in SQS.
            if (!resources_.get_by_arn(options.dead_letter_queue_arn)) {
                options.max_receive_count = 0;
            }
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(storage::QueueReceiveResult result,
                              messages_.receive(queue.arn, options));
    if (result.moved_to_dead_letter_queue > 0) {
        signal_waiters();
    }
    return result;
}

Result<std::vector<ReceivedQueueMessage>> QueueService::receive_messages(
    const QueueRef& ref, const QueueReceiveRequest& request) {
    if (request.max_messages < 1 || request.max_messages > kMaxReceiveMessages) {
        return invalid_parameter(
            "MaxNumberOfMessages", request.max_messages, "Must be between 1 and 10, if provided.");
    }
    if (request.visibility_timeout &&
        (*request.visibility_timeout < 0 || *request.visibility_timeout > kMaxVisibilityTimeout)) {
        return invalid_parameter("VisibilityTimeout",
                                 *request.visibility_timeout,
                                 "Must be >= 0 and <= 43200, if provided.");
    }
    if (request.wait_seconds &&
        (*request.wait_seconds < 0 || *request.wait_seconds > kMaxWaitSeconds)) {
        return invalid_parameter(
            "WaitTimeSeconds", *request.wait_seconds, "Must be >= 0 and <= 20, if provided.");
    }
    TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
    const Duration visibility = std::chrono::seconds(request.visibility_timeout.value_or(
        queue_attribute_int(queue.attributes, "VisibilityTimeout", 30)));
    const Duration wait = std::chrono::seconds(request.wait_seconds.value_or(
        queue_attribute_int(queue.attributes, "ReceiveMessageWaitTimeSeconds", 0)));

    // The wait ends at the Clock's deadline; `budget` also bounds it by the time actually spent
    // waiting, so that a FakeClock that never moves cannot keep a receiver here forever.
    const auto deadline = clock_.steady_now() + wait;
    Duration budget = wait;
    {
        std::lock_guard lock(wait_mutex_);
        ++waiting_;
    }
    struct Leave {
        QueueService* self;
        ~Leave() {
            {
                std::lock_guard lock(self->wait_mutex_);
                --self->waiting_;
            }
            self->wait_cv_.notify_all();
        }
    } leave{this};

    while (true) {
        std::uint64_t seen = 0;
        bool stopping = false;
        {
            std::lock_guard lock(wait_mutex_);
            seen = generation_;
            stopping = shutting_down_;
        }
        TRIPLINE_ASSIGN_OR_RETURN(storage::QueueReceiveResult result,
                                  receive_once(queue, request.max_messages, visibility));
        if (!result.messages.empty()) {
            std::vector<ReceivedQueueMessage> out;
            for (const auto& stored : result.messages) {
                TRIPLINE_ASSIGN_OR_RETURN(ReceivedQueueMessage message, to_received(stored));
                out.push_back(std::move(message));
            }
            return out;
        }
        const auto remaining = std::min<Duration>(
            std::chrono::duration_cast<Duration>(deadline - clock_.steady_now()), budget);
        if (stopping || remaining <= Duration::zero()) {
            return std::vector<ReceivedQueueMessage>();
        }
        // Also wake when a delayed or in-flight message becomes visible: nothing signals that.
        Duration sleep = remaining;
        TRIPLINE_ASSIGN_OR_RETURN(auto next_visible,
                                  messages_.next_visible_at(queue.arn, clock_.now()));
        if (next_visible) {
            sleep = std::min<Duration>(sleep,
                                       *next_visible - clock_.now() + std::chrono::milliseconds(1));
        }
        std::unique_lock lock(wait_mutex_);
        const bool signalled =
            wait_cv_.wait_for(lock, sleep, [&] { return generation_ != seen || shutting_down_; });
        if (!signalled) {
            budget -= sleep;
        }
        lock.unlock();
        // The queue may have been deleted or changed while this receiver waited.
        TRIPLINE_ASSIGN_OR_RETURN(queue, find(ref));
    }
}

Result<ReceiptOutcome> QueueService::delete_message(const QueueRef& ref,
                                                    std::string_view receipt_handle) {
    TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
    auto receipt = decode_receipt_handle(receipt_handle);
    if (!receipt) {
        return ReceiptOutcome::kInvalidHandle;
    }
    TRIPLINE_ASSIGN_OR_RETURN(storage::ReceiptState state,
                              messages_.remove(queue.arn, receipt->message_id, receipt->token));
    switch (state) {
        case storage::ReceiptState::kCurrent:
            return ReceiptOutcome::kApplied;
        case storage::ReceiptState::kStale:
        case storage::ReceiptState::kNotInFlight:
            return ReceiptOutcome::kStaleHandle;
        case storage::ReceiptState::kGone:
            break;
    }
    return ReceiptOutcome::kMessageGone;
}

Result<ReceiptOutcome> QueueService::change_message_visibility(const QueueRef& ref,
                                                               std::string_view receipt_handle,
                                                               int visibility_timeout) {
    if (visibility_timeout < 0 || visibility_timeout > kMaxVisibilityTimeout) {
        return invalid_parameter("VisibilityTimeout",
                                 visibility_timeout,
                                 "VisibilityTimeout must be an integer between 0 and 43200");
    }
    TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
    auto receipt = decode_receipt_handle(receipt_handle);
    if (!receipt) {
        return ReceiptOutcome::kInvalidHandle;
    }
    const TimePoint now = clock_.now();
    TRIPLINE_ASSIGN_OR_RETURN(
        storage::ReceiptState state,
        messages_.change_visibility(queue.arn,
                                    receipt->message_id,
                                    receipt->token,
                                    now + std::chrono::seconds(visibility_timeout),
                                    now));
    switch (state) {
        case storage::ReceiptState::kCurrent:
            signal_waiters();  // a timeout of 0 makes the message receivable now
            return ReceiptOutcome::kApplied;
        case storage::ReceiptState::kStale:
            return ReceiptOutcome::kStaleHandle;
        case storage::ReceiptState::kNotInFlight:
            return ReceiptOutcome::kNotInFlight;
        case storage::ReceiptState::kGone:
            break;
    }
    return ReceiptOutcome::kMessageGone;
}

}  // namespace tripline::notify
