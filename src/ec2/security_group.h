// The EC2 networking model Tripline keeps: default VPCs, security groups and their rules, with
// EC2's validation of a rule (protocol names and numbers, port ranges, CIDR syntax) and its
// notion of two rules being the same (InvalidPermission.Duplicate).
// Thread-safety: plain values; the functions are pure.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ec2/ec2_errors.h"

namespace tripline::ec2 {

struct SecurityGroupRule {
    std::string id;  // sgr-…
    bool egress = false;
    std::string protocol = "-1";  // "tcp", "udp", "icmp", "icmpv6", "-1" (all) or a number
    int from_port = -1;           // -1 when the protocol has no ports
    int to_port = -1;
    // Exactly one peer.
    std::string cidr_ipv4;
    std::string cidr_ipv6;
    std::string referenced_group_id;
    std::string referenced_user_id;  // the referenced group's account
    std::string prefix_list_id;
    std::string description;
};

struct SecurityGroup {
    std::string id;  // sg-…
    std::string name;
    std::string description;
    std::string vpc_id;
    std::string owner_id;
    std::string region;
    std::vector<SecurityGroupRule> rules;
    nlohmann::json tags = nlohmann::json::array();  // [{"Key","Value"}]
};

struct Vpc {
    std::string id;  // vpc-…
    std::string owner_id;
    std::string region;
    std::string cidr_block = "172.31.0.0/16";  // AWS's default VPC block
    bool is_default = true;
    std::string dhcp_options_id;
    nlohmann::json tags = nlohmann::json::array();
};

// "tcp"/"6" → "tcp", "udp"/"17" → "udp", "icmp"/"1" → "icmp", "icmpv6"/"58" → "icmpv6",
// "-1"/"all" → "-1"; other numbers 0–255 stay numbers. InvalidParameterValue otherwise.
Ec2Result<std::string> normalize_protocol(std::string_view protocol);

// Checks and completes a rule as EC2 does: ports required (0–65535, from ≤ to) for tcp/udp,
// ICMP type/code -1..255, ports dropped for "-1"; a peer is required; CIDRs well formed.
Ec2Result<SecurityGroupRule> validate_rule(SecurityGroupRule rule);

// Same direction, protocol, ports and peer (descriptions do not count).
bool same_rule(const SecurityGroupRule& a, const SecurityGroupRule& b);

// EC2's text for a rule in error messages: peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW
std::string describe_rule(const SecurityGroupRule& rule);

nlohmann::json to_json(const SecurityGroup& group);
SecurityGroup group_from_json(const nlohmann::json& doc);
nlohmann::json to_json(const Vpc& vpc);
Vpc vpc_from_json(const nlohmann::json& doc);

// "sg-" / "sgr-" / "vpc-" followed by 17 lower-case hex digits.
std::string make_ec2_id(std::string_view prefix);

}  // namespace tripline::ec2
