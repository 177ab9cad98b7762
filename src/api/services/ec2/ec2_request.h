// Reading EC2 query requests: the flattened lists of EC2's dialect (`GroupId.1`, `Filter.1.Name`,
// `Filter.1.Value.1`, `IpPermissions.1.IpRanges.1.CidrIp`), security-group rules in both shapes
// the CLIs send (the flat `IpProtocol`/`FromPort`/`ToPort`/`CidrIp` members and `IpPermissions`),
// and the requestParameters CloudTrail records for them, in AWS's shape
// ({"ipPermissions": {"items": [{"ipProtocol": "tcp", ..., "ipRanges": {"items": [...]}}]}}).
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "api/api_error.h"
#include "api/query_form.h"
#include "ec2/security_group.h"

namespace tripline::api::services::ec2_request {

// The values of `Name.1`, `Name.2`, … in index order.
std::vector<std::string> list(const QueryForm& form, std::string_view name);

// `Filter.N.Name` with its `Filter.N.Value.M` values.
struct Filter {
    std::string name;
    std::vector<std::string> values;
};
std::vector<Filter> filters(const QueryForm& form);

// Tags of `TagSpecification.N` for `resource_type`: [{"Key","Value"}].
nlohmann::json tag_specifications(const QueryForm& form, std::string_view resource_type);

// The rules a (Authorize|Revoke)SecurityGroup(Ingress|Egress) request names, one per peer.
// An integer that does not parse is an ApiError naming the member.
struct ParsedRules {
    std::vector<ec2::SecurityGroupRule> rules;
    nlohmann::json request_parameters;  // CloudTrail's shape
};
std::variant<ParsedRules, ApiError> rules(const QueryForm& form, bool egress);

// CloudTrail's requestParameters for the rest: {"groupName", "groupDescription", "vpcId"},
// {"securityGroupIdSet": {"items": [{"groupId"}]}, "securityGroupSet": {...}, "filterSet": {...}}.
nlohmann::json filter_set(const std::vector<Filter>& filters);
nlohmann::json id_set(const std::vector<std::string>& values, const char* member);

}  // namespace tripline::api::services::ec2_request
