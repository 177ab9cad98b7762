// EC2's XML replies: <OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>…
// followed by the operation's members (no <OpResult>, no ResponseMetadata), and the shapes of
// security groups (ipPermissions grouped by protocol and ports, as DescribeSecurityGroups returns
// them), security-group rules and VPCs. Also their CloudTrail responseElements.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/api_call.h"
#include "api/xml_writer.h"
#include "ec2/security_group.h"

namespace tripline::api::services::ec2_xml {

inline constexpr std::string_view kNamespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

HttpResponse reply(const ApiCall& call, std::string_view members_xml);

void write_group(XmlWriter& xml, const ec2::SecurityGroup& group, std::string_view region);
void write_rule(XmlWriter& xml,
                const ec2::SecurityGroupRule& rule,
                const std::string& group_id,
                const std::string& owner_id);
void write_vpc(XmlWriter& xml, const ec2::Vpc& vpc);
void write_tags(XmlWriter& xml, const nlohmann::json& tags);
// IpPermission items of `rules` (one direction), grouped as EC2 does.
void write_permissions(XmlWriter& xml, const std::vector<ec2::SecurityGroupRule>& rules);

// CloudTrail's shape of a rule in securityGroupRuleSet.
nlohmann::json rule_json(const ec2::SecurityGroupRule& rule,
                         const std::string& group_id,
                         const std::string& owner_id);

}  // namespace tripline::api::services::ec2_xml
