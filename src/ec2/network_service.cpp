#include "ec2/network_service.h"

#include <algorithm>

#include "storage/resource_store.h"
#include "storage/transaction.h"

namespace tripline::ec2 {

namespace {

constexpr std::string_view kVpcType = "ec2:vpc";
constexpr std::string_view kGroupType = "ec2:security-group";

std::string group_arn(const Ec2Scope& scope, const std::string& id) {
    return "arn:aws:ec2:" + scope.region + ":" + scope.account_id + ":security-group/" + id;
}

Ec2Error group_not_found(const GroupRef& ref, const std::string& default_vpc) {
    if (!ref.id.empty()) {
        return ec2_error("InvalidGroup.NotFound",
                         "The security group '" + ref.id + "' does not exist");
    }
    return ec2_error("InvalidGroup.NotFound",
                     "The security group '" + ref.name + "' does not exist in default VPC '" +
                         default_vpc + "'");
}

bool well_formed_id(const std::string& id, std::string_view prefix) {
    if (!id.starts_with(prefix) || id.size() <= prefix.size()) {
        return false;
    }
    return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
                       id.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

Ec2Result<Vpc> NetworkService::default_vpc(const Ec2Scope& scope) {
    std::lock_guard lock(mutex_);
    return default_vpc_locked(scope);
}

Ec2Result<Vpc> NetworkService::default_vpc_locked(const Ec2Scope& scope) {
    storage::ResourceStore store(db_);
    CODED_STORAGE(auto rows, store.list(scope.account_id, scope.region, kVpcType));
    for (const auto& row : rows) {
        Vpc vpc = vpc_from_json(nlohmann::json::parse(row.document, nullptr, false));
        if (vpc.is_default) {
            vpc.region = scope.region;
            return vpc;
        }
    }
    // First use in this account and region: the default VPC and its default group.
    Vpc vpc;
    vpc.id = make_ec2_id("vpc");
    vpc.owner_id = scope.account_id;
    vpc.region = scope.region;
    vpc.dhcp_options_id = make_ec2_id("dopt");
    SecurityGroup group;
    group.id = make_ec2_id("sg");
    group.name = "default";
    group.description = "default VPC security group";
    group.vpc_id = vpc.id;
    group.owner_id = scope.account_id;
    SecurityGroupRule from_itself;
    from_itself.id = make_ec2_id("sgr");
    from_itself.referenced_group_id = group.id;
    from_itself.referenced_user_id = scope.account_id;
    SecurityGroupRule out_anywhere;
    out_anywhere.id = make_ec2_id("sgr");
    out_anywhere.egress = true;
    out_anywhere.cidr_ipv4 = "0.0.0.0/0";
    group.rules = {from_itself, out_anywhere};

    CODED_STORAGE(storage::Transaction tx, storage::Transaction::begin(db_));
    storage::StoredResource row;
    row.account_id = scope.account_id;
    row.region = scope.region;
    row.type = std::string(kVpcType);
    row.name = vpc.id;
    row.arn = "arn:aws:ec2:" + scope.region + ":" + scope.account_id + ":vpc/" + vpc.id;
    row.document = to_json(vpc).dump();
    CODED_STORAGE_TRY(store.put(row, clock_.now()));
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, group));
    CODED_STORAGE_TRY(tx.commit());
    return vpc;
}

Ec2Result<std::vector<Vpc>> NetworkService::describe_vpcs(const Ec2Scope& scope,
                                                          const std::vector<std::string>& ids) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(Vpc vpc, default_vpc_locked(scope));
    for (const std::string& id : ids) {
        if (id != vpc.id) {
            return ec2_error("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
        }
    }
    return std::vector<Vpc>{vpc};
}

Ec2Result<bool> NetworkService::store_locked(const Ec2Scope& scope, const SecurityGroup& group) {
    storage::ResourceStore store(db_);
    storage::StoredResource row;
    row.account_id = scope.account_id;
    row.region = scope.region;
    row.type = std::string(kGroupType);
    row.name = group.id;
    row.arn = group_arn(scope, group.id);
    row.document = to_json(group).dump();
    CODED_STORAGE_TRY(store.put(row, clock_.now()));
    return true;
}

Ec2Result<std::vector<SecurityGroup>> NetworkService::groups_locked(const Ec2Scope& scope) {
    CODED_ASSIGN([[maybe_unused]] Vpc vpc, default_vpc_locked(scope));
    storage::ResourceStore store(db_);
    CODED_STORAGE(auto rows, store.list(scope.account_id, scope.region, kGroupType));
    std::vector<SecurityGroup> out;
    for (const auto& row : rows) {
        SecurityGroup g = group_from_json(nlohmann::json::parse(row.document, nullptr, false));
        g.region = scope.region;
        out.push_back(std::move(g));
    }
    return out;
}

Ec2Result<SecurityGroup> NetworkService::find_locked(const Ec2Scope& scope, const GroupRef& ref) {
    if (!ref.id.empty() && !well_formed_id(ref.id, "sg-")) {
        return ec2_error("InvalidGroupId.Malformed",
                         "Invalid id: \"" + ref.id + "\" (expecting \"sg-...\")");
    }
    if (ref.id.empty() && ref.name.empty()) {
        return ec2_error("MissingParameter",
                         "The request must contain the parameter groupName or groupId");
    }
    CODED_ASSIGN(Vpc vpc, default_vpc_locked(scope));
    CODED_ASSIGN(auto groups, groups_locked(scope));
    for (auto& g : groups) {
        if (ref.id.empty() ? (g.name == ref.name && g.vpc_id == vpc.id) : g.id == ref.id) {
            return std::move(g);
        }
    }
    return group_not_found(ref, vpc.id);
}

Ec2Result<SecurityGroup> NetworkService::find_group(const Ec2Scope& scope, const GroupRef& ref) {
    std::lock_guard lock(mutex_);
    return find_locked(scope, ref);
}

Ec2Result<SecurityGroup> NetworkService::create_group(const Ec2Scope& scope,
                                                      const std::string& name,
                                                      const std::string& description,
                                                      const std::string& vpc_id,
                                                      const nlohmann::json& tags) {
    if (name.empty()) {
        return ec2_error("MissingParameter", "The request must contain the parameter groupName");
    }
    if (description.empty()) {
        return ec2_error("MissingParameter",
                         "The request must contain the parameter GroupDescription");
    }
    if (name.size() > 255 || description.size() > 255) {
        return ec2_error("InvalidParameterValue",
                         "Group name and description must be at most 255 characters long.");
    }
    if (name.starts_with("sg-")) {
        return ec2_error("InvalidParameterValue", "Group names may not be in the format sg-*.");
    }
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(Vpc vpc, default_vpc_locked(scope));
    if (!vpc_id.empty() && vpc_id != vpc.id) {
        return ec2_error("InvalidVpcID.NotFound", "The vpc ID '" + vpc_id + "' does not exist");
    }
    CODED_ASSIGN(auto groups, groups_locked(scope));
    for (const auto& g : groups) {
        if (g.name == name && g.vpc_id == vpc.id) {
            return ec2_error(
                "InvalidGroup.Duplicate",
                "The security group '" + name + "' already exists for VPC '" + vpc.id + "'");
        }
    }
    SecurityGroup group;
    group.id = make_ec2_id("sg");
    group.name = name;
    group.description = description;
    group.vpc_id = vpc.id;
    group.owner_id = scope.account_id;
    group.region = scope.region;
    group.tags = tags.is_array() ? tags : nlohmann::json::array();
    SecurityGroupRule out_anywhere;  // a new group allows all outbound traffic, as in EC2
    out_anywhere.id = make_ec2_id("sgr");
    out_anywhere.egress = true;
    out_anywhere.cidr_ipv4 = "0.0.0.0/0";
    group.rules.push_back(out_anywhere);
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, group));
    return group;
}

Ec2Result<std::vector<SecurityGroup>> NetworkService::describe_groups(
    const Ec2Scope& scope,
    const std::vector<std::string>& ids,
    const std::vector<std::string>& names) {
    std::lock_guard lock(mutex_);
    if (ids.empty() && names.empty()) {
        return groups_locked(scope);
    }
    std::vector<SecurityGroup> out;
    for (const std::string& id : ids) {
        CODED_ASSIGN(SecurityGroup g, find_locked(scope, GroupRef{id, ""}));
        out.push_back(std::move(g));
    }
    for (const std::string& name : names) {
        CODED_ASSIGN(SecurityGroup g, find_locked(scope, GroupRef{"", name}));
        out.push_back(std::move(g));
    }
    return out;
}

Ec2Result<std::vector<SecurityGroupRule>> NetworkService::authorize(
    const Ec2Scope& scope, const GroupRef& ref, std::vector<SecurityGroupRule> rules) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(SecurityGroup group, find_locked(scope, ref));
    std::vector<SecurityGroupRule> added;
    for (SecurityGroupRule& requested : rules) {
        CODED_ASSIGN(SecurityGroupRule rule, validate_rule(std::move(requested)));
        if (!rule.referenced_group_id.empty()) {
            CODED_ASSIGN([[maybe_unused]] SecurityGroup peer,
                         find_locked(scope, GroupRef{rule.referenced_group_id, ""}));
            if (rule.referenced_user_id.empty()) {
                rule.referenced_user_id = scope.account_id;
            }
        }
        auto same = [&](const SecurityGroupRule& r) { return same_rule(r, rule); };
        if (std::any_of(group.rules.begin(), group.rules.end(), same) ||
            std::any_of(added.begin(), added.end(), same)) {
            return ec2_error("InvalidPermission.Duplicate",
                             "the specified rule \"" + describe_rule(rule) + "\" already exists");
        }
        rule.id = make_ec2_id("sgr");
        added.push_back(std::move(rule));
    }
    const bool egress = !added.empty() && added.front().egress;
    const auto existing = std::count_if(
        group.rules.begin(), group.rules.end(), [&](const auto& r) { return r.egress == egress; });
    if (static_cast<std::size_t>(existing) + added.size() > kMaxRulesPerGroup) {
        return ec2_error("RulesPerSecurityGroupLimitExceeded",
                         "The maximum number of rules per security group has been reached.");
    }
    group.rules.insert(group.rules.end(), added.begin(), added.end());
    CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, group));
    return added;
}

Ec2Result<RevokeOutcome> NetworkService::revoke(const Ec2Scope& scope,
                                                const GroupRef& ref,
                                                bool egress,
                                                std::vector<SecurityGroupRule> rules,
                                                const std::vector<std::string>& rule_ids) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(SecurityGroup group, find_locked(scope, ref));
    RevokeOutcome outcome;
    for (const std::string& id : rule_ids) {
        auto it = std::find_if(group.rules.begin(), group.rules.end(), [&](const auto& r) {
            return r.id == id && r.egress == egress;
        });
        if (it == group.rules.end()) {
            return ec2_error("InvalidSecurityGroupRuleId.NotFound",
                             "The security group rule ID '" + id + "' does not exist");
        }
        outcome.revoked.push_back(*it);
        group.rules.erase(it);
    }
    for (SecurityGroupRule& requested : rules) {
        CODED_ASSIGN(SecurityGroupRule rule, validate_rule(std::move(requested)));
        auto it = std::find_if(group.rules.begin(), group.rules.end(), [&](const auto& r) {
            return same_rule(r, rule);
        });
        if (it == group.rules.end()) {
            outcome.unknown.push_back(std::move(rule));
            continue;
        }
        outcome.revoked.push_back(*it);
        group.rules.erase(it);
    }
    if (!outcome.revoked.empty()) {
        CODED_ASSIGN([[maybe_unused]] bool stored, store_locked(scope, group));
    }
    return outcome;
}

Ec2Result<std::string> NetworkService::delete_group(const Ec2Scope& scope, const GroupRef& ref) {
    std::lock_guard lock(mutex_);
    CODED_ASSIGN(SecurityGroup group, find_locked(scope, ref));
    if (group.name == "default") {
        return ec2_error("CannotDelete",
                         "the specified group: \"" + group.id +
                             "\" name: \"default\" cannot be deleted by a user");
    }
    CODED_ASSIGN(auto groups, groups_locked(scope));
    for (const auto& other : groups) {
        if (other.id == group.id) {
            continue;
        }
        for (const auto& rule : other.rules) {
            if (rule.referenced_group_id == group.id) {
                return ec2_error("DependencyViolation",
                                 "resource " + group.id + " has a dependent object");
            }
        }
    }
    storage::ResourceStore store(db_);
    CODED_STORAGE_TRY(store.remove(scope.account_id, scope.region, kGroupType, group.id));
    return group.id;
}

}  // namespace tripline::ec2
