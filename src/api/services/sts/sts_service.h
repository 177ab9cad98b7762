// STS (query protocol, 2011-06-15): GetCallerIdentity and GetAccessKeyInfo — the calls an attacker
// makes first with stolen keys, which is why lab 1 alerts on them — and AssumeRole, decided by the
// role's trust policy (iam::IamService::assume_role) and recorded as CloudTrail records it: the
// role as a resource, the session's key and token but never its secret.
#pragma once

#include "api/principal.h"
#include "api/service.h"
#include "iam/iam_service.h"

namespace tripline::api::services {

class StsService final : public Service {
public:
    // Without `iam` (tests of other parts), AssumeRole is not offered.
    explicit StsService(CredentialDirectory& directory, iam::IamService* iam = nullptr)
        : directory_(directory), iam_(iam) {}

    std::string_view signing_name() const override { return "sts"; }
    std::string_view event_source() const override { return "sts.amazonaws.com"; }
    std::string_view api_version() const override { return "2011-06-15"; }
    std::string_view xml_namespace() const override {
        return "https://sts.amazonaws.com/doc/2011-06-15/";
    }
    ServiceReply handle(ApiCall& call) override;

private:
    ServiceReply get_caller_identity(ApiCall& call);
    ServiceReply get_access_key_info(ApiCall& call);
    ServiceReply assume_role(ApiCall& call);
    ServiceReply get_session_token(ApiCall& call);

    CredentialDirectory& directory_;
    iam::IamService* iam_;
};

}  // namespace tripline::api::services
