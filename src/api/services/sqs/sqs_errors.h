// SQS's errors in both of its protocols. The query protocol (CLI v2.9) reports the code of the
// AWS query API ("AWS.SimpleQueueService.NonExistentQueue"); the JSON 1.0 protocol (CLI v1,
// botocore 1.43, awsQueryCompatible) reports the Smithy shape ("com.amazonaws.sqs#
// QueueDoesNotExist") in __type and the query code in the x-amzn-query-error header, from which
// botocore takes the code it shows. One table here holds both names of every error.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/api_call.h"
#include "api/api_error.h"
#include "base/result.h"

namespace tripline::api::services::sqs {

enum class SqsErrorKind {
    kQueueDoesNotExist,
    kQueueNameExists,
    kInvalidAttributeName,
    kInvalidAttributeValue,
    kInvalidParameterValue,
    kMissingParameter,
    kInvalidMessageContents,
    kReceiptHandleIsInvalid,
    kMessageNotInflight,
    kUnsupportedOperation,
    kEmptyBatchRequest,
    kTooManyEntriesInBatchRequest,
    kBatchEntryIdsNotDistinct,
    kInvalidBatchEntryId,
    kBatchRequestTooLong,
    kInvalidAction,
    kInternalError,
};

struct SqsError {
    SqsErrorKind kind = SqsErrorKind::kInternalError;
    std::string message;
};

// The code the query protocol (and batch results' Failed[].Code) use.
std::string_view query_error_code(SqsErrorKind kind);
bool is_sender_fault(SqsErrorKind kind);

// The ApiError for `error` in the protocol of `call`.
ApiError to_api_error(const SqsError& error, const ApiCall& call);

// The SQS error for a failure of the queue service (see queue_service.h): kNotFound is
// QueueDoesNotExist, kAlreadyExists QueueNameExists, kFailedPrecondition UnsupportedOperation,
// kInvalidArgument `invalid_kind` (the operation decides: attribute or parameter value), anything
// else an internal error.
SqsError from_service_error(const Error& error,
                            SqsErrorKind invalid_kind = SqsErrorKind::kInvalidParameterValue);

}  // namespace tripline::api::services::sqs
