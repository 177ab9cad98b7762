// IamAuthorizer: authorizes calls with IAM policies (iam::IamService::authorize). A call is the IAM
// action "<prefix>:<operation>" (S3's REST operations mapped to S3's action names, e.g. HeadObject
// → s3:GetObject) on the resource Tripline can name for it - IAM users/groups/roles/policies, S3
// buckets and objects, SNS topics, SQS queues, KMS keys, secrets - or "*". A denied call gets AWS's
// AccessDenied for its protocol (AccessDeniedException for JSON services, UnauthorizedOperation
// for EC2) and is recorded with that errorCode, which CIS 4.1 counts.
// Thread-safety: as IamService.
#pragma once

#include <string>

#include "api/authorizer.h"
#include "iam/iam_service.h"

namespace tripline::api {

class IamAuthorizer final : public Authorizer {
public:
    explicit IamAuthorizer(iam::IamService& iam) : iam_(iam) {}
    std::optional<ApiError> decide(const ApiCall& call) override;

private:
    iam::IamService& iam_;
};

// The IAM action and resource of a call (exposed for tests).
std::string iam_action_of(const ApiCall& call);
std::string iam_resource_of(const ApiCall& call);

}  // namespace tripline::api
