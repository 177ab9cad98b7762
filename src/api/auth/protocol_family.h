// ProtocolFamily: the four AWS wire-protocol families that shape an error reply (aws-api.md §2,
// §5). The request's service decides the family; auth failures are rendered per family because AWS
// answers the same failure with different codes and statuses in each (aws-api.md §7).
// CloudWatch spoken as JSON 1.0 with query compatibility (v1 CLI) takes kQuery's status and code
// (sent in `x-amzn-query-error`) inside a JSON body.
// Thread-safety: a plain enum. Errors: none.
#pragma once

namespace tripline::api::auth {

enum class ProtocolFamily {
    kQuery,     // awsQuery: STS, SNS, CloudWatch (v2 CLI)
    kJson,      // awsJson 1.0/1.1: EventBridge, CloudTrail, Logs, Athena, CloudWatch (v1 CLI)
    kRestJson,  // restJson1: GuardDuty, Macie2
    kRestXml,   // restXml: S3
};

}  // namespace tripline::api::auth
