#include "api/services/sqs/sqs_errors.h"

#include <spdlog/spdlog.h>

namespace tripline::api::services::sqs {

namespace {

struct ErrorNames {
    SqsErrorKind kind;
    std::string_view query_code;  // query protocol <Code>, x-amzn-query-error
    std::string_view shape;       // JSON __type after "com.amazonaws.sqs#"
    int status;
};

// From the sqs models shipped with both CLIs: the query model's "error.code" (or the shape name
// when it has none) and the JSON model's shape names. Errors SQS does not model
// (InvalidParameterValue, MissingParameter, InvalidAction) keep their query name in both.
constexpr ErrorNames kErrors[] = {
    {SqsErrorKind::kQueueDoesNotExist,
     "AWS.SimpleQueueService.NonExistentQueue",
     "QueueDoesNotExist",
     400},
    {SqsErrorKind::kQueueNameExists, "QueueAlreadyExists", "QueueNameExists", 400},
    {SqsErrorKind::kInvalidAttributeName, "InvalidAttributeName", "InvalidAttributeName", 400},
    {SqsErrorKind::kInvalidAttributeValue, "InvalidAttributeValue", "InvalidAttributeValue", 400},
    {SqsErrorKind::kInvalidParameterValue, "InvalidParameterValue", "InvalidParameterValue", 400},
    {SqsErrorKind::kMissingParameter, "MissingParameter", "MissingParameter", 400},
    {SqsErrorKind::kInvalidMessageContents,
     "InvalidMessageContents",
     "InvalidMessageContents",
     400},
    {SqsErrorKind::kReceiptHandleIsInvalid,
     "ReceiptHandleIsInvalid",
     "ReceiptHandleIsInvalid",
     400},
    {SqsErrorKind::kMessageNotInflight,
     "AWS.SimpleQueueService.MessageNotInflight",
     "MessageNotInflight",
     400},
    {SqsErrorKind::kUnsupportedOperation,
     "AWS.SimpleQueueService.UnsupportedOperation",
     "UnsupportedOperation",
     400},
    {SqsErrorKind::kEmptyBatchRequest,
     "AWS.SimpleQueueService.EmptyBatchRequest",
     "EmptyBatchRequest",
     400},
    {SqsErrorKind::kTooManyEntriesInBatchRequest,
     "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
     "TooManyEntriesInBatchRequest",
     400},
    {SqsErrorKind::kBatchEntryIdsNotDistinct,
     "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
     "BatchEntryIdsNotDistinct",
     400},
    {SqsErrorKind::kInvalidBatchEntryId,
     "AWS.SimpleQueueService.InvalidBatchEntryId",
     "InvalidBatchEntryId",
     400},
    {SqsErrorKind::kBatchRequestTooLong,
     "AWS.SimpleQueueService.BatchRequestTooLong",
     "BatchRequestTooLong",
     400},
    {SqsErrorKind::kInvalidAction, "InvalidAction", "UnknownOperationException", 400},
    {SqsErrorKind::kInternalError, "InternalError", "InternalError", 500},
};

const ErrorNames& names_of(SqsErrorKind kind) {
    for (const auto& names : kErrors) {
        if (names.kind == kind) {
            return names;
        }
    }
    return kErrors[std::size(kErrors) - 1];
}

}  // namespace

std::string_view query_error_code(SqsErrorKind kind) { return names_of(kind).query_code; }

bool is_sender_fault(SqsErrorKind kind) { return kind != SqsErrorKind::kInternalError; }

ApiError to_api_error(const SqsError& error, const ApiCall& call) {
    const ErrorNames& names = names_of(error.kind);
    const bool sender = is_sender_fault(error.kind);
    if (call.protocol == Protocol::kQuery) {
        return ApiError{names.status, std::string(names.query_code), error.message, sender};
    }
    ApiError out{names.status,
                 error.kind == SqsErrorKind::kInvalidAction
                     ? std::string(names.shape)
                     : "com.amazonaws.sqs#" + std::string(names.shape),
                 error.message,
                 sender};
    out.query_code = std::string(names.query_code);
    return out;
}

SqsError from_service_error(const Error& error, SqsErrorKind invalid_kind) {
    switch (error.code) {
        case Errc::kNotFound:
            return {SqsErrorKind::kQueueDoesNotExist, "The specified queue does not exist."};
        case Errc::kAlreadyExists:
            return {SqsErrorKind::kQueueNameExists, error.message};
        case Errc::kFailedPrecondition:
            return {SqsErrorKind::kUnsupportedOperation, error.message};
        case Errc::kInvalidArgument:
        case Errc::kLimitExceeded:
            return {invalid_kind, error.message};
        default:
            spdlog::error("sqs: {}", error.to_string());
            return {SqsErrorKind::kInternalError,
                    "The request processing has failed because of an unknown error, exception "
                    "or failure."};
    }
}

}  // namespace tripline::api::services::sqs
