// Queue attributes as SQS names them: which ones exist, which a user may set (and Tripline keeps),
// their defaults and valid values, and the RedrivePolicy document. Values are SQS's strings
// ("30", "{\"deadLetterTargetArn\":…}"); typed accessors read the numbers back.
// Pure functions; thread-safe. Errors: kInvalidArgument with SQS's wording.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::notify {

using QueueAttributeMap = std::map<std::string, std::string, std::less<>>;

// Every attribute name SQS defines (GetQueueAttributes accepts them), "All" excluded.
bool is_queue_attribute_name(std::string_view name);
// The attributes CreateQueue/SetQueueAttributes accept and Tripline stores: DelaySeconds,
// MaximumMessageSize, MessageRetentionPeriod, ReceiveMessageWaitTimeSeconds, VisibilityTimeout,
// RedrivePolicy, RedriveAllowPolicy, Policy, SqsManagedSseEnabled, KmsMasterKeyId,
// KmsDataKeyReusePeriodSeconds. (Policy and the encryption settings are kept, not enforced.)
bool is_settable_queue_attribute(std::string_view name);
// FifoQueue, ContentBasedDeduplication, DeduplicationScope, FifoThroughputLimit: FIFO queues are
// not supported.
bool is_fifo_queue_attribute(std::string_view name);

// The settable attributes of a new standard queue.
QueueAttributeMap default_queue_attributes();

// Checks one settable attribute's value; "" is allowed for the policies (it removes them).
Status validate_queue_attribute(std::string_view name, std::string_view value);

struct RedrivePolicy {
    std::string dead_letter_target_arn;
    int max_receive_count = 10;
};
// {"deadLetterTargetArn":"arn:aws:sqs:…","maxReceiveCount":"5"} (the count as string or number).
Result<RedrivePolicy> parse_redrive_policy(std::string_view json);

// The integer value of `name` in `attributes`, or `fallback` when absent or not a number.
int queue_attribute_int(const QueueAttributeMap& attributes, std::string_view name, int fallback);

}  // namespace tripline::notify
