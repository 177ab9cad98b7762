// NetworkService: the EC2 networking Tripline serves (issue 4: security groups and the default VPC
// they belong to). Each account and region gets a default VPC (172.31.0.0/16) with its "default"
// security group (all traffic in from itself, all traffic out) on first use, as a new AWS
// account has. Groups and their rules live in the resource store ("ec2:vpc",
// "ec2:security-group", named by id) and survive restarts.
//
// Ownership: borrows the Database (must outlive it). Thread-safety: every method may run
// concurrently; changes serialise on one mutex (read-modify-write of a group document).
// Errors: EC2's codes (ec2_errors.h): InvalidGroup.NotFound, InvalidGroup.Duplicate,
// InvalidGroupId.Malformed, InvalidVpcID.NotFound, InvalidPermission.Duplicate,
// InvalidSecurityGroupRuleId.NotFound, CannotDelete, DependencyViolation, InvalidParameterValue,
// MissingParameter; InternalError for storage failures.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "ec2/security_group.h"
#include "storage/database.h"

namespace tripline::ec2 {

struct Ec2Scope {
    std::string account_id;
    std::string region;
};

// A group named by id, or by name (in the default VPC), as the API's GroupId / GroupName.
struct GroupRef {
    std::string id;
    std::string name;
};

struct RevokeOutcome {
    std::vector<SecurityGroupRule> revoked;
    std::vector<SecurityGroupRule> unknown;  // requested rules the group did not have
};

class NetworkService {
public:
    static constexpr std::size_t kMaxRulesPerGroup = 60;  // per direction, EC2's default quota

    NetworkService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    Ec2Result<Vpc> default_vpc(const Ec2Scope& scope);
    // Every VPC of the scope (the default one), or those of `ids` (InvalidVpcID.NotFound).
    Ec2Result<std::vector<Vpc>> describe_vpcs(const Ec2Scope& scope,
                                              const std::vector<std::string>& ids);

    // `vpc_id` empty: the default VPC. Names: 1–255 characters, not starting with "sg-".
    Ec2Result<SecurityGroup> create_group(const Ec2Scope& scope,
                                          const std::string& name,
                                          const std::string& description,
                                          const std::string& vpc_id,
                                          const nlohmann::json& tags);
    Ec2Result<SecurityGroup> find_group(const Ec2Scope& scope, const GroupRef& ref);
    // No ids and names: every group of the scope; otherwise exactly those (NotFound names one).
    Ec2Result<std::vector<SecurityGroup>> describe_groups(const Ec2Scope& scope,
                                                          const std::vector<std::string>& ids,
                                                          const std::vector<std::string>& names);
    // Adds the rules (each validated; a rule the group has, or two equal ones, is
    // InvalidPermission.Duplicate and nothing is added). Returns them with their new ids.
    Ec2Result<std::vector<SecurityGroupRule>> authorize(const Ec2Scope& scope,
                                                        const GroupRef& ref,
                                                        std::vector<SecurityGroupRule> rules);
    // Removes the rules given (matched as same_rule) and those of `rule_ids`. As EC2 documents, a
    // given rule the group does not have is no error: it is reported as unknown. An unknown rule
    // id is InvalidSecurityGroupRuleId.NotFound.
    Ec2Result<RevokeOutcome> revoke(const Ec2Scope& scope,
                                    const GroupRef& ref,
                                    bool egress,
                                    std::vector<SecurityGroupRule> rules,
                                    const std::vector<std::string>& rule_ids);
    // The deleted group's id. The default group cannot be deleted (CannotDelete); a group other
    // groups' rules reference cannot either (DependencyViolation).
    Ec2Result<std::string> delete_group(const Ec2Scope& scope, const GroupRef& ref);

private:
    Ec2Result<Vpc> default_vpc_locked(const Ec2Scope& scope);
    Ec2Result<std::vector<SecurityGroup>> groups_locked(const Ec2Scope& scope);
    Ec2Result<SecurityGroup> find_locked(const Ec2Scope& scope, const GroupRef& ref);
    Ec2Result<bool> store_locked(const Ec2Scope& scope, const SecurityGroup& group);

    storage::Database& db_;
    const Clock& clock_;
    std::mutex mutex_;
};

}  // namespace tripline::ec2
