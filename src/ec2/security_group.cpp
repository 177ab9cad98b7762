#include "ec2/security_group.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "base/uuid.h"

namespace tripline::ec2 {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 3 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// "a.b.c.d/n" or "x:y::z/n"; EC2 keeps host bits as given.
bool valid_cidr(std::string_view cidr, bool v6) {
    auto slash = cidr.find('/');
    if (slash == std::string_view::npos || slash + 1 >= cidr.size()) {
        return false;
    }
    std::string address(cidr.substr(0, slash));
    std::string_view prefix = cidr.substr(slash + 1);
    if (!all_digits(prefix) || std::stoi(std::string(prefix)) > (v6 ? 128 : 32)) {
        return false;
    }
    unsigned char buffer[16];
    return inet_pton(v6 ? AF_INET6 : AF_INET, address.c_str(), buffer) == 1;
}

Ec2Error invalid(std::string message) {
    return ec2_error("InvalidParameterValue", std::move(message));
}

std::string upper(std::string text) {
    std::ranges::transform(
        text, text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

}  // namespace

Ec2Result<std::string> normalize_protocol(std::string_view protocol) {
    std::string p(protocol);
    std::ranges::transform(
        p, p.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (p == "tcp" || p == "6") {
        return std::string("tcp");
    }
    if (p == "udp" || p == "17") {
        return std::string("udp");
    }
    if (p == "icmp" || p == "1") {
        return std::string("icmp");
    }
    if (p == "icmpv6" || p == "58") {
        return std::string("icmpv6");
    }
    if (p == "-1" || p == "all") {
        return std::string("-1");
    }
    if (all_digits(p) && std::stoi(p) <= 255) {
        return p;
    }
    return invalid("Invalid value '" + std::string(protocol) +
                   "' for IP protocol. Unknown protocol.");
}

Ec2Result<SecurityGroupRule> validate_rule(SecurityGroupRule rule) {
    CODED_ASSIGN(rule.protocol, normalize_protocol(rule.protocol));
    if (rule.protocol == "tcp" || rule.protocol == "udp") {
        if (rule.from_port < 0 || rule.to_port < 0 || rule.from_port > 65535 ||
            rule.to_port > 65535) {
            return invalid(
                "Invalid value for portRange. Must specify both from and to ports "
                "with TCP/UDP.");
        }
        if (rule.from_port > rule.to_port) {
            return invalid("Invalid TCP/UDP port range (" + std::to_string(rule.from_port) + ", " +
                           std::to_string(rule.to_port) + ").");
        }
    } else if (rule.protocol == "icmp" || rule.protocol == "icmpv6") {
        if (rule.from_port < -1 || rule.from_port > 255 || rule.to_port < -1 ||
            rule.to_port > 255) {
            return invalid("Invalid ICMP type or code (" + std::to_string(rule.from_port) + ", " +
                           std::to_string(rule.to_port) + ").");
        }
    } else {
        rule.from_port = -1;  // all traffic (or a protocol without ports): EC2 reports none
        rule.to_port = -1;
    }
    const int peers = !rule.cidr_ipv4.empty() + !rule.cidr_ipv6.empty() +
                      !rule.referenced_group_id.empty() + !rule.prefix_list_id.empty();
    if (peers == 0) {
        return ec2_error("MissingParameter",
                         "The request must contain the parameter ipPermissions.ipRanges, "
                         "ipv6Ranges, groups or prefixListIds.");
    }
    if (!rule.cidr_ipv4.empty() && !valid_cidr(rule.cidr_ipv4, false)) {
        return invalid("CIDR block " + rule.cidr_ipv4 + " is malformed");
    }
    if (!rule.cidr_ipv6.empty() && !valid_cidr(rule.cidr_ipv6, true)) {
        return invalid("CIDR block " + rule.cidr_ipv6 + " is malformed");
    }
    if (rule.description.size() > 255) {
        return invalid(
            "Invalid rule description. Valid descriptions are strings less than 256 "
            "characters.");
    }
    return rule;
}

bool same_rule(const SecurityGroupRule& a, const SecurityGroupRule& b) {
    return a.egress == b.egress && a.protocol == b.protocol && a.from_port == b.from_port &&
           a.to_port == b.to_port && a.cidr_ipv4 == b.cidr_ipv4 && a.cidr_ipv6 == b.cidr_ipv6 &&
           a.referenced_group_id == b.referenced_group_id && a.prefix_list_id == b.prefix_list_id;
}

std::string describe_rule(const SecurityGroupRule& rule) {
    std::string peer = !rule.cidr_ipv4.empty()             ? rule.cidr_ipv4
                       : !rule.cidr_ipv6.empty()           ? rule.cidr_ipv6
                       : !rule.referenced_group_id.empty() ? rule.referenced_group_id
                                                           : rule.prefix_list_id;
    std::string text =
        "peer: " + peer + ", " + (rule.protocol == "-1" ? "ALL" : upper(rule.protocol));
    if (rule.from_port >= 0 || rule.to_port >= 0) {
        text += ", from port: " + std::to_string(rule.from_port) +
                ", to port: " + std::to_string(rule.to_port);
    }
    return text + ", ALLOW";
}

namespace {

nlohmann::json rule_json(const SecurityGroupRule& r) {
    return {{"id", r.id},
            {"egress", r.egress},
            {"protocol", r.protocol},
            {"fromPort", r.from_port},
            {"toPort", r.to_port},
            {"cidrIpv4", r.cidr_ipv4},
            {"cidrIpv6", r.cidr_ipv6},
            {"referencedGroupId", r.referenced_group_id},
            {"referencedUserId", r.referenced_user_id},
            {"prefixListId", r.prefix_list_id},
            {"description", r.description}};
}

SecurityGroupRule rule_from(const nlohmann::json& j) {
    SecurityGroupRule r;
    r.id = j.value("id", "");
    r.egress = j.value("egress", false);
    r.protocol = j.value("protocol", "-1");
    r.from_port = j.value("fromPort", -1);
    r.to_port = j.value("toPort", -1);
    r.cidr_ipv4 = j.value("cidrIpv4", "");
    r.cidr_ipv6 = j.value("cidrIpv6", "");
    r.referenced_group_id = j.value("referencedGroupId", "");
    r.referenced_user_id = j.value("referencedUserId", "");
    r.prefix_list_id = j.value("prefixListId", "");
    r.description = j.value("description", "");
    return r;
}

}  // namespace

nlohmann::json to_json(const SecurityGroup& g) {
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& r : g.rules) {
        rules.push_back(rule_json(r));
    }
    return {{"id", g.id},
            {"name", g.name},
            {"description", g.description},
            {"vpcId", g.vpc_id},
            {"ownerId", g.owner_id},
            {"rules", rules},
            {"tags", g.tags}};
}

SecurityGroup group_from_json(const nlohmann::json& doc) {
    SecurityGroup g;
    g.id = doc.value("id", "");
    g.name = doc.value("name", "");
    g.description = doc.value("description", "");
    g.vpc_id = doc.value("vpcId", "");
    g.owner_id = doc.value("ownerId", "");
    for (const auto& r : doc.value("rules", nlohmann::json::array())) {
        g.rules.push_back(rule_from(r));
    }
    g.tags = doc.value("tags", nlohmann::json::array());
    return g;
}

nlohmann::json to_json(const Vpc& v) {
    return {{"id", v.id},
            {"ownerId", v.owner_id},
            {"cidrBlock", v.cidr_block},
            {"isDefault", v.is_default},
            {"dhcpOptionsId", v.dhcp_options_id},
            {"tags", v.tags}};
}

Vpc vpc_from_json(const nlohmann::json& doc) {
    Vpc v;
    v.id = doc.value("id", "");
    v.owner_id = doc.value("ownerId", "");
    v.cidr_block = doc.value("cidrBlock", "172.31.0.0/16");
    v.is_default = doc.value("isDefault", true);
    v.dhcp_options_id = doc.value("dhcpOptionsId", "");
    v.tags = doc.value("tags", nlohmann::json::array());
    return v;
}

std::string make_ec2_id(std::string_view prefix) {
    std::string hex;
    for (char c : make_uuid()) {
        if (c != '-') {
            hex.push_back(c);
        }
    }
    return std::string(prefix) + "-" + hex.substr(0, 17);
}

}  // namespace tripline::ec2
