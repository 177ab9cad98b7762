// AwsError: the error an AWS service (or an S3-compatible server) answered with, read from any of
// its wire forms - REST-XML `<Error><Code>…` (S3), query `<ErrorResponse><Error>…`, JSON
// `{"__type": "ns#Code", "message": …}` and the `x-amzn-ErrorType` header - plus the helpers that
// classify it (throttling, retryable) and turn it into a Tripline Error.
// Thread-safety: pure functions. Errors: none; an unreadable body leaves code/message empty.
#pragma once

#include <string>
#include <string_view>

#include "awsclient/http_message.h"
#include "base/result.h"

namespace tripline::awsclient {

struct AwsError {
    long status = 0;
    std::string code;     // "NoSuchBucket", "SlowDown", "ThrottlingException", …
    std::string message;  // the service's words
    std::string request_id;
    std::string bucket_region;  // S3's x-amz-bucket-region (or <Region>) when it names one
};

AwsError parse_aws_error(const HttpResponse& response);

// Codes that mean "slow down" whatever the status (botocore's throttling list plus S3's SlowDown).
bool is_throttling_code(std::string_view code);

// Worth retrying: throttling, 5xx, and the transient codes (RequestTimeout, …).
bool is_retryable(const AwsError& error);

// "<operation>: <Code>: <Message> (HTTP <status>)" with an Errc chosen by status and code:
// kNotFound (404, NoSuch*), kUnauthenticated (bad key or signature), kPermissionDenied (other
// 403), kUnavailable (throttling, 5xx), kFailedPrecondition (409, 412), kInvalidArgument (other
// 4xx), kInternal otherwise.
Error to_error(const AwsError& error, std::string_view operation);

}  // namespace tripline::awsclient
