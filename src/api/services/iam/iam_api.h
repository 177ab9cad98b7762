// IAM (query protocol, 2010-05-08, global): the IAM API over iam::IamService - users, access
// keys, login profiles, the password policy, virtual MFA devices (iam_api_users.cpp), groups,
// roles, managed and inline policies and attachments (iam_api_policies.cpp). CloudTrail records
// them as IAM does: requestParameters without passwords or MFA codes, responseElements without
// secrets, dates in IAM's recorded form.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "api/service.h"
#include "iam/iam_service.h"

namespace tripline::api::services {

class IamApi final : public Service {
public:
    explicit IamApi(iam::IamService& iam);

    std::string_view signing_name() const override { return "iam"; }
    std::string_view event_source() const override { return "iam.amazonaws.com"; }
    std::string_view api_version() const override { return "2010-05-08"; }
    std::string_view xml_namespace() const override {
        return "https://iam.amazonaws.com/doc/2010-05-08/";
    }
    ServiceReply handle(ApiCall& call) override;

private:
    using Operation = std::function<ServiceReply(ApiCall&)>;
    void add_user_operations();
    void add_policy_operations();

    iam::IamService& iam_;
    std::map<std::string, Operation, std::less<>> operations_;
};

}  // namespace tripline::api::services
