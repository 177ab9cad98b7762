// The wire protocols AWS services speak (aws-api.md §2-5). A request's protocol decides how its
// input is read and how both its success and error replies are shaped: a query client cannot parse
// JSON.
#pragma once

#include <string_view>

namespace tripline::api {

enum class Protocol {
    kQuery,     // form body with Action=; XML replies (STS, SNS, IAM, CloudWatch via CLI v2)
    kJson10,    // X-Amz-Target, application/x-amz-json-1.0 (CloudWatch via CLI v1)
    kJson11,    // X-Amz-Target, application/x-amz-json-1.1 (EventBridge, CloudTrail, Logs, Athena)
    kRestJson,  // method + path, application/json (GuardDuty, Macie2)
    kRestXml,   // method + path, XML (S3)
};

inline std::string_view json_content_type(Protocol p) {
    return p == Protocol::kJson10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
}

}  // namespace tripline::api
