// STS (query protocol, 2011-06-15): GetCallerIdentity and GetAccessKeyInfo — the calls an attacker
// makes first with stolen keys, which is why lab 1 alerts on them.
#pragma once

#include "api/principal.h"
#include "api/service.h"

namespace tripline::api::services {

class StsService final : public Service {
public:
    explicit StsService(CredentialDirectory& directory) : directory_(directory) {}

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

    CredentialDirectory& directory_;
};

}  // namespace tripline::api::services
