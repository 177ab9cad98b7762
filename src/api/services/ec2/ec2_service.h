// EC2 (query protocol in EC2's dialect, API version 2016-11-15, signing name "ec2"): security
// groups and the default VPC they belong to - CreateSecurityGroup, DescribeSecurityGroups (ids,
// names, filters), Authorize/Revoke SecurityGroupIngress/Egress (the CLI's flat --protocol/--port
// /--cidr shape and IpPermissions), DeleteSecurityGroup, DescribeVpcs - over ec2::NetworkService.
// Replies and errors are EC2's XML; each call is recorded with CloudTrail's EC2 shapes
// (requestParameters {"groupId", "ipPermissions": {"items": [...]}}, responseElements with
// "_return"). DryRun is answered as EC2 does (DryRunOperation). Nothing else of EC2 is served.
//
// Ownership: borrows the service (must outlive it). Thread-safety: handle() runs concurrently.
#pragma once

#include "api/service.h"

namespace tripline::ec2 {
class NetworkService;
}

namespace tripline::api::services {

class Ec2Service final : public Service {
public:
    explicit Ec2Service(ec2::NetworkService& network) : network_(network) {}

    std::string_view signing_name() const override { return "ec2"; }
    std::string_view event_source() const override { return "ec2.amazonaws.com"; }
    // CloudTrail's EC2 records carry no apiVersion.
    std::string_view api_version() const override { return ""; }
    std::string_view xml_namespace() const override {
        return "http://ec2.amazonaws.com/doc/2016-11-15/";
    }
    bool ec2_dialect() const override { return true; }
    ServiceReply handle(ApiCall& call) override;

private:
    ServiceReply create_group(ApiCall& call);
    ServiceReply describe_groups(ApiCall& call);
    ServiceReply change_rules(ApiCall& call, bool authorize, bool egress);
    ServiceReply delete_group(ApiCall& call);
    ServiceReply describe_vpcs(ApiCall& call);

    ec2::NetworkService& network_;
};

}  // namespace tripline::api::services
