#include "api/services/ec2/ec2_service.h"

#include "api/services/ec2/ec2_request.h"
#include "api/services/ec2/ec2_xml.h"
#include "ec2/network_service.h"

namespace tripline::api::services {

namespace {

ApiError to_api(const ec2::Ec2Error& error) {
    return ApiError{error.status, error.code, error.message, error.status < 500};
}

ec2::Ec2Scope scope_of(const ApiCall& call) {
    return ec2::Ec2Scope{call.principal.account_id, call.region};
}

std::string form_value(const ApiCall& call, std::string_view name) {
    return std::string(call.form.get(name).value_or(""));
}

// EC2 filter values: '*' any run of characters, '?' one.
bool wildcard_match(std::string_view pattern, std::string_view text) {
    if (pattern.empty()) {
        return text.empty();
    }
    if (pattern.front() == '*') {
        for (std::size_t i = 0; i <= text.size(); ++i) {
            if (wildcard_match(pattern.substr(1), text.substr(i))) {
                return true;
            }
        }
        return false;
    }
    return !text.empty() && (pattern.front() == '?' || pattern.front() == text.front()) &&
           wildcard_match(pattern.substr(1), text.substr(1));
}

bool any_value(const ec2_request::Filter& filter, const std::vector<std::string>& candidates) {
    for (const auto& value : filter.values) {
        for (const auto& candidate : candidates) {
            if (wildcard_match(value, candidate)) {
                return true;
            }
        }
    }
    return false;
}

// The values a security-group filter looks at; nullopt for an unknown filter name.
std::optional<std::vector<std::string>> filter_candidates(const std::string& name,
                                                          const ec2::SecurityGroup& g) {
    if (name == "group-name") {
        return std::vector<std::string>{g.name};
    }
    if (name == "group-id") {
        return std::vector<std::string>{g.id};
    }
    if (name == "vpc-id") {
        return std::vector<std::string>{g.vpc_id};
    }
    if (name == "description") {
        return std::vector<std::string>{g.description};
    }
    if (name == "owner-id") {
        return std::vector<std::string>{g.owner_id};
    }
    std::vector<std::string> out;
    if (name == "tag-key" || name.starts_with("tag:")) {
        for (const auto& tag : g.tags) {
            if (name == "tag-key") {
                out.push_back(tag.value("Key", ""));
            } else if (tag.value("Key", "") == name.substr(4)) {
                out.push_back(tag.value("Value", ""));
            }
        }
        return out;
    }
    const bool egress = name.starts_with("egress.");
    const std::string field = egress ? name.substr(7) : name;
    static const char* kRuleFields[] = {"ip-permission.cidr",
                                        "ip-permission.ipv6-cidr",
                                        "ip-permission.from-port",
                                        "ip-permission.to-port",
                                        "ip-permission.protocol",
                                        "ip-permission.group-id",
                                        "ip-permission.prefix-list-id"};
    if (std::find(std::begin(kRuleFields), std::end(kRuleFields), field) == std::end(kRuleFields)) {
        return std::nullopt;
    }
    for (const auto& r : g.rules) {
        if (r.egress != egress) {
            continue;
        }
        if (field == "ip-permission.cidr") {
            out.push_back(r.cidr_ipv4);
        } else if (field == "ip-permission.ipv6-cidr") {
            out.push_back(r.cidr_ipv6);
        } else if (field == "ip-permission.from-port") {
            out.push_back(std::to_string(r.from_port));
        } else if (field == "ip-permission.to-port") {
            out.push_back(std::to_string(r.to_port));
        } else if (field == "ip-permission.protocol") {
            out.push_back(r.protocol);
        } else if (field == "ip-permission.group-id") {
            out.push_back(r.referenced_group_id);
        } else {
            out.push_back(r.prefix_list_id);
        }
    }
    return out;
}

}  // namespace

ServiceReply Ec2Service::handle(ApiCall& call) {
    if (form_value(call, "DryRun") == "true") {
        return ApiError{
            412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set."};
    }
    const std::string& op = call.operation;
    if (op == "CreateSecurityGroup") {
        return create_group(call);
    }
    if (op == "DescribeSecurityGroups") {
        return describe_groups(call);
    }
    if (op == "AuthorizeSecurityGroupIngress" || op == "AuthorizeSecurityGroupEgress" ||
        op == "RevokeSecurityGroupIngress" || op == "RevokeSecurityGroupEgress") {
        return change_rules(call, op.starts_with("Authorize"), op.ends_with("Egress"));
    }
    if (op == "DeleteSecurityGroup") {
        return delete_group(call);
    }
    if (op == "DescribeVpcs") {
        return describe_vpcs(call);
    }
    return ApiError{400,
                    "InvalidAction",
                    "The action " + op +
                        " is not valid for this web service. Tripline serves EC2 security groups "
                        "and DescribeVpcs only (docs/ec2.md)."};
}

ServiceReply Ec2Service::create_group(ApiCall& call) {
    const std::string name = form_value(call, "GroupName");
    const std::string description = form_value(call, "GroupDescription");
    const std::string vpc = form_value(call, "VpcId");
    nlohmann::json tags = ec2_request::tag_specifications(call.form, "security-group");
    nlohmann::json params = {{"groupName", name}, {"groupDescription", description}};
    if (!vpc.empty()) {
        params["vpcId"] = vpc;
    }
    call.request_parameters = params;
    auto group = network_.create_group(scope_of(call), name, description, vpc, tags);
    if (!group) {
        return to_api(group.error());
    }
    call.response_elements = {
        {"requestId", call.request_id}, {"_return", true}, {"groupId", group->id}};
    XmlWriter xml;
    xml.element("return", "true")
        .element("groupId", group->id)
        .element(
            "securityGroupArn",
            "arn:aws:ec2:" + call.region + ":" + group->owner_id + ":security-group/" + group->id);
    if (!tags.empty()) {
        ec2_xml::write_tags(xml, tags);
    }
    return ec2_xml::reply(call, xml.str());
}

ServiceReply Ec2Service::describe_groups(ApiCall& call) {
    const auto ids = ec2_request::list(call.form, "GroupId");
    const auto names = ec2_request::list(call.form, "GroupName");
    const auto filters = ec2_request::filters(call.form);
    call.request_parameters =
        nlohmann::json{{"securityGroupSet", ec2_request::id_set(names, "groupName")},
                       {"securityGroupIdSet", ec2_request::id_set(ids, "groupId")},
                       {"filterSet", ec2_request::filter_set(filters)}};
    auto groups = network_.describe_groups(scope_of(call), ids, names);
    if (!groups) {
        return to_api(groups.error());
    }
    XmlWriter xml;
    xml.open("securityGroupInfo");
    for (const auto& g : *groups) {
        bool keep = true;
        for (const auto& filter : filters) {
            auto candidates = filter_candidates(filter.name, g);
            if (!candidates) {
                return ApiError{
                    400, "InvalidParameterValue", "The filter '" + filter.name + "' is invalid"};
            }
            keep = keep && any_value(filter, *candidates);
        }
        if (keep) {
            ec2_xml::write_group(xml, g, call.region);
        }
    }
    xml.close("securityGroupInfo");
    return ec2_xml::reply(call, xml.str());
}

ServiceReply Ec2Service::change_rules(ApiCall& call, bool authorize, bool egress) {
    auto parsed = ec2_request::rules(call.form, egress);
    if (auto* error = std::get_if<ApiError>(&parsed)) {
        return *error;
    }
    auto& request = std::get<ec2_request::ParsedRules>(parsed);
    const auto rule_ids = ec2_request::list(call.form, "SecurityGroupRuleId");
    call.request_parameters = request.request_parameters;
    if (!rule_ids.empty()) {
        (*call.request_parameters)["securityGroupRuleIds"] =
            ec2_request::id_set(rule_ids, "securityGroupRuleId");
    }
    ec2::GroupRef ref{form_value(call, "GroupId"), form_value(call, "GroupName")};
    if (egress && ref.id.empty()) {
        return ApiError{400, "MissingParameter", "The request must contain the parameter groupId"};
    }
    if (request.rules.empty() && rule_ids.empty()) {
        return ApiError{
            400, "MissingParameter", "The request must contain the parameter ipPermissions"};
    }
    auto group = network_.find_group(scope_of(call), ref);
    if (!group) {
        return to_api(group.error());
    }
    XmlWriter xml;
    nlohmann::json items = nlohmann::json::array();
    if (authorize) {
        auto added = network_.authorize(scope_of(call), ref, request.rules);
        if (!added) {
            return to_api(added.error());
        }
        xml.element("return", "true").open("securityGroupRuleSet");
        for (const auto& rule : *added) {
            ec2_xml::write_rule(xml, rule, group->id, group->owner_id);
            items.push_back(ec2_xml::rule_json(rule, group->id, group->owner_id));
        }
        xml.close("securityGroupRuleSet");
        call.response_elements = {{"requestId", call.request_id},
                                  {"_return", true},
                                  {"securityGroupRuleSet", {{"items", items}}}};
        return ec2_xml::reply(call, xml.str());
    }
    auto outcome = network_.revoke(scope_of(call), ref, egress, request.rules, rule_ids);
    if (!outcome) {
        return to_api(outcome.error());
    }
    xml.element("return", "true");
    if (!outcome->unknown.empty()) {
        xml.open("unknownIpPermissionSet");
        ec2_xml::write_permissions(xml, outcome->unknown);
        xml.close("unknownIpPermissionSet");
    }
    xml.open("revokedSecurityGroupRuleSet");
    for (const auto& rule : outcome->revoked) {
        xml.open("item")
            .element("securityGroupRuleId", rule.id)
            .element("groupId", group->id)
            .element("isEgress", rule.egress ? "true" : "false")
            .element("ipProtocol", rule.protocol)
            .element("fromPort", std::to_string(rule.from_port))
            .element("toPort", std::to_string(rule.to_port));
        if (!rule.cidr_ipv4.empty()) {
            xml.element("cidrIpv4", rule.cidr_ipv4);
        }
        if (!rule.cidr_ipv6.empty()) {
            xml.element("cidrIpv6", rule.cidr_ipv6);
        }
        xml.close("item");
        items.push_back(ec2_xml::rule_json(rule, group->id, group->owner_id));
    }
    xml.close("revokedSecurityGroupRuleSet");
    call.response_elements = {{"requestId", call.request_id}, {"_return", true}};
    if (!items.empty()) {
        call.response_elements["revokedSecurityGroupRuleSet"] = {{"items", items}};
    }
    return ec2_xml::reply(call, xml.str());
}

ServiceReply Ec2Service::delete_group(ApiCall& call) {
    ec2::GroupRef ref{form_value(call, "GroupId"), form_value(call, "GroupName")};
    nlohmann::json params = nlohmann::json::object();
    if (!ref.id.empty()) {
        params["groupId"] = ref.id;
    }
    if (!ref.name.empty()) {
        params["groupName"] = ref.name;
    }
    call.request_parameters = params;
    auto deleted = network_.delete_group(scope_of(call), ref);
    if (!deleted) {
        return to_api(deleted.error());
    }
    call.response_elements = {
        {"requestId", call.request_id}, {"_return", true}, {"groupId", *deleted}};
    XmlWriter xml;
    xml.element("return", "true").element("groupId", *deleted);
    return ec2_xml::reply(call, xml.str());
}

ServiceReply Ec2Service::describe_vpcs(ApiCall& call) {
    const auto ids = ec2_request::list(call.form, "VpcId");
    const auto filters = ec2_request::filters(call.form);
    call.request_parameters = nlohmann::json{{"vpcSet", ec2_request::id_set(ids, "vpcId")},
                                             {"filterSet", ec2_request::filter_set(filters)}};
    auto vpcs = network_.describe_vpcs(scope_of(call), ids);
    if (!vpcs) {
        return to_api(vpcs.error());
    }
    XmlWriter xml;
    xml.open("vpcSet");
    for (const auto& vpc : *vpcs) {
        bool keep = true;
        for (const auto& filter : filters) {
            std::vector<std::string> candidates;
            if (filter.name == "isDefault" || filter.name == "is-default") {
                candidates = {vpc.is_default ? "true" : "false"};
            } else if (filter.name == "vpc-id") {
                candidates = {vpc.id};
            } else if (filter.name == "cidr" || filter.name == "cidr-block") {
                candidates = {vpc.cidr_block};
            } else if (filter.name == "owner-id") {
                candidates = {vpc.owner_id};
            } else if (filter.name == "state") {
                candidates = {"available"};
            } else {
                return ApiError{
                    400, "InvalidParameterValue", "The filter '" + filter.name + "' is invalid"};
            }
            keep = keep && any_value(filter, candidates);
        }
        if (keep) {
            ec2_xml::write_vpc(xml, vpc);
        }
    }
    xml.close("vpcSet");
    return ec2_xml::reply(call, xml.str());
}

}  // namespace tripline::api::services
