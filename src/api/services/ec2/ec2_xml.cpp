#include "api/services/ec2/ec2_xml.h"

#include <map>
#include <tuple>

namespace tripline::api::services::ec2_xml {

HttpResponse reply(const ApiCall& call, std::string_view members_xml) {
    XmlWriter xml;
    const std::string root = call.operation + "Response";
    xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .open(root, kNamespace)
        .element("requestId", call.request_id)
        .raw(members_xml)
        .close(root);
    HttpResponse response;
    response.content_type = "text/xml;charset=UTF-8";
    response.body = xml.take();
    return response;
}

void write_tags(XmlWriter& xml, const nlohmann::json& tags) {
    xml.open("tagSet");
    if (tags.is_array()) {
        for (const auto& tag : tags) {
            xml.open("item")
                .element("key", tag.value("Key", ""))
                .element("value", tag.value("Value", ""))
                .close("item");
        }
    }
    xml.close("tagSet");
}

void write_permissions(XmlWriter& xml, const std::vector<ec2::SecurityGroupRule>& rules) {
    // One IpPermission per protocol and port range, in the order they first appear.
    using Key = std::tuple<std::string, int, int>;
    std::vector<Key> order;
    std::map<Key, std::vector<const ec2::SecurityGroupRule*>> grouped;
    for (const auto& rule : rules) {
        Key key{rule.protocol, rule.from_port, rule.to_port};
        if (!grouped.contains(key)) {
            order.push_back(key);
        }
        grouped[key].push_back(&rule);
    }
    for (const Key& key : order) {
        const auto& members = grouped[key];
        const ec2::SecurityGroupRule& first = *members.front();
        xml.open("item").element("ipProtocol", first.protocol);
        if (first.protocol != "-1") {
            xml.element("fromPort", std::to_string(first.from_port))
                .element("toPort", std::to_string(first.to_port));
        }
        xml.open("groups");
        for (const auto* r : members) {
            if (!r->referenced_group_id.empty()) {
                xml.open("item");
                if (!r->description.empty()) {
                    xml.element("description", r->description);
                }
                xml.element("userId", r->referenced_user_id)
                    .element("groupId", r->referenced_group_id)
                    .close("item");
            }
        }
        xml.close("groups").open("ipRanges");
        for (const auto* r : members) {
            if (!r->cidr_ipv4.empty()) {
                xml.open("item").element("cidrIp", r->cidr_ipv4);
                if (!r->description.empty()) {
                    xml.element("description", r->description);
                }
                xml.close("item");
            }
        }
        xml.close("ipRanges").open("ipv6Ranges");
        for (const auto* r : members) {
            if (!r->cidr_ipv6.empty()) {
                xml.open("item").element("cidrIpv6", r->cidr_ipv6);
                if (!r->description.empty()) {
                    xml.element("description", r->description);
                }
                xml.close("item");
            }
        }
        xml.close("ipv6Ranges").open("prefixListIds");
        for (const auto* r : members) {
            if (!r->prefix_list_id.empty()) {
                xml.open("item").element("prefixListId", r->prefix_list_id).close("item");
            }
        }
        xml.close("prefixListIds").close("item");
    }
}

void write_group(XmlWriter& xml, const ec2::SecurityGroup& g, std::string_view region) {
    std::vector<ec2::SecurityGroupRule> ingress;
    std::vector<ec2::SecurityGroupRule> egress;
    for (const auto& r : g.rules) {
        (r.egress ? egress : ingress).push_back(r);
    }
    xml.open("item")
        .element("ownerId", g.owner_id)
        .element("groupId", g.id)
        .element("groupName", g.name)
        .element("groupDescription", g.description)
        .element("vpcId", g.vpc_id)
        .element(
            "securityGroupArn",
            "arn:aws:ec2:" + std::string(region) + ":" + g.owner_id + ":security-group/" + g.id)
        .open("ipPermissions");
    write_permissions(xml, ingress);
    xml.close("ipPermissions").open("ipPermissionsEgress");
    write_permissions(xml, egress);
    xml.close("ipPermissionsEgress");
    write_tags(xml, g.tags);
    xml.close("item");
}

void write_rule(XmlWriter& xml,
                const ec2::SecurityGroupRule& r,
                const std::string& group_id,
                const std::string& owner_id) {
    xml.open("item")
        .element("securityGroupRuleId", r.id)
        .element("groupId", group_id)
        .element("groupOwnerId", owner_id)
        .element("isEgress", r.egress ? "true" : "false")
        .element("ipProtocol", r.protocol)
        .element("fromPort", std::to_string(r.from_port))
        .element("toPort", std::to_string(r.to_port));
    if (!r.cidr_ipv4.empty()) {
        xml.element("cidrIpv4", r.cidr_ipv4);
    }
    if (!r.cidr_ipv6.empty()) {
        xml.element("cidrIpv6", r.cidr_ipv6);
    }
    if (!r.prefix_list_id.empty()) {
        xml.element("prefixListId", r.prefix_list_id);
    }
    if (!r.referenced_group_id.empty()) {
        xml.open("referencedGroupInfo")
            .element("groupId", r.referenced_group_id)
            .element("userId", r.referenced_user_id)
            .close("referencedGroupInfo");
    }
    if (!r.description.empty()) {
        xml.element("description", r.description);
    }
    xml.close("item");
}

void write_vpc(XmlWriter& xml, const ec2::Vpc& v) {
    xml.open("item")
        .element("vpcId", v.id)
        .element("ownerId", v.owner_id)
        .element("state", "available")
        .element("cidrBlock", v.cidr_block)
        .open("cidrBlockAssociationSet")
        .open("item")
        .element("cidrBlock", v.cidr_block)
        .element("associationId", "vpc-cidr-assoc-" + v.id.substr(4))
        .open("cidrBlockState")
        .element("state", "associated")
        .close("cidrBlockState")
        .close("item")
        .close("cidrBlockAssociationSet")
        .element("dhcpOptionsId", v.dhcp_options_id)
        .element("instanceTenancy", "default")
        .element("isDefault", v.is_default ? "true" : "false");
    write_tags(xml, v.tags);
    xml.close("item");
}

nlohmann::json rule_json(const ec2::SecurityGroupRule& r,
                         const std::string& group_id,
                         const std::string& owner_id) {
    nlohmann::json out = {{"groupOwnerId", owner_id},
                          {"groupId", group_id},
                          {"securityGroupRuleId", r.id},
                          {"isEgress", r.egress},
                          {"ipProtocol", r.protocol},
                          {"fromPort", r.from_port},
                          {"toPort", r.to_port}};
    if (!r.cidr_ipv4.empty()) {
        out["cidrIpv4"] = r.cidr_ipv4;
    }
    if (!r.cidr_ipv6.empty()) {
        out["cidrIpv6"] = r.cidr_ipv6;
    }
    if (!r.prefix_list_id.empty()) {
        out["prefixListId"] = r.prefix_list_id;
    }
    if (!r.referenced_group_id.empty()) {
        out["referencedGroupInfo"] = {{"groupId", r.referenced_group_id},
                                      {"userId", r.referenced_user_id}};
    }
    if (!r.description.empty()) {
        out["description"] = r.description;
    }
    return out;
}

}  // namespace tripline::api::services::ec2_xml
