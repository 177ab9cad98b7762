// Account-level rules: IAM, CloudTrail, EC2 security groups, console sign-in, pen-test tools,
// instance credentials (guardduty.md §3).
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "detect/intel/threat_intel.h"
#include "detect/record_rules.h"

namespace tripline::detect {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

void root_credential_usage(const RecordFacts& facts, std::vector<Detection>& out) {
    if (facts.identity_type() == "Root" && !facts.invoked_by_service()) {
        out.push_back(make_detection("Policy:IAMUser/RootCredentialUsage"));
    }
}

std::string trail_arn(const RecordFacts& facts, const std::string& name) {
    if (name.starts_with("arn:")) {
        return name;
    }
    return "arn:aws:cloudtrail:" + facts.region() + ":" + facts.account_id() + ":trail/" + name;
}

// StopLogging, DeleteTrail, an UpdateTrail that turns protections off, or event selectors that
// stop recording management events.
void cloudtrail_logging_disabled(const RecordFacts& facts, std::vector<Detection>& out) {
    if (facts.service() != "cloudtrail.amazonaws.com" || !facts.succeeded()) {
        return;
    }
    const nlohmann::json& params = facts.request();
    std::string name = json_string_at(params, "name");
    if (name.empty()) {
        name = json_string_at(params, "trailName");
    }
    std::string detail;
    std::string_view api = facts.api();
    if (api == "StopLogging") {
        detail = "logging of trail " + name + " was stopped.";
    } else if (api == "DeleteTrail") {
        detail = "trail " + name + " was deleted.";
    } else if (api == "UpdateTrail") {
        for (const char* flag :
             {"isMultiRegionTrail", "includeGlobalServiceEvents", "enableLogFileValidation"}) {
            if (params.is_object() && params.contains(flag) && json_flag(params[flag]) == false) {
                detail = "trail " + name + " was updated with " + flag + " false.";
                break;
            }
        }
    } else if (api == "PutEventSelectors" && params.is_object()) {
        auto basic = params.find("eventSelectors");
        if (basic != params.end() && basic->is_array() && !basic->empty()) {
            bool any_management = std::ranges::any_of(*basic, [](const nlohmann::json& s) {
                return !s.is_object() || !s.contains("includeManagementEvents") ||
                       json_flag(s["includeManagementEvents"]) != false;
            });
            if (!any_management) {
                detail = "trail " + name + " no longer records management events.";
            }
        }
    }
    if (detail.empty()) {
        return;
    }
    Detection d = make_detection("Stealth:IAMUser/CloudTrailLoggingDisabled");
    d.detail = std::move(detail);
    if (!name.empty()) {
        d.affected_resources["AWS::CloudTrail::Trail"] = trail_arn(facts, name);
    }
    out.push_back(std::move(d));
}

// Deleting the policy (or trying to): Medium when it went through, Low for an attempt. Weakening
// an existing policy is judged against the previous one (behaviour_tracker.h).
void password_policy_deleted(const RecordFacts& facts, std::vector<Detection>& out) {
    if (facts.service() != "iam.amazonaws.com" || facts.api() != "DeleteAccountPasswordPolicy") {
        return;
    }
    Detection d = make_detection("Stealth:IAMUser/PasswordPolicyChange");
    d.severity = facts.succeeded() ? 5 : 2;
    d.detail = facts.succeeded() ? "the account password policy was deleted."
                                 : "an attempt to delete the account password policy failed (" +
                                       *facts.record().error_code + ").";
    out.push_back(std::move(d));
}

// A principal attaching AdministratorAccess (or an inline Allow */*) to itself: Medium when it
// worked, Low when it was refused (the retired GuardDuty type's documented severities).
void administrative_permissions(const RecordFacts& facts, std::vector<Detection>& out) {
    if (facts.service() != "iam.amazonaws.com") {
        return;
    }
    std::string_view api = facts.api();
    const bool attach = api == "AttachUserPolicy" || api == "AttachRolePolicy";
    const bool inline_policy = api == "PutUserPolicy" || api == "PutRolePolicy";
    if (!attach && !inline_policy) {
        return;
    }
    const nlohmann::json& params = facts.request();
    const bool user_target = api == "AttachUserPolicy" || api == "PutUserPolicy";
    std::string target = json_string_at(params, user_target ? "userName" : "roleName");
    if (target.empty() || target != facts.principal_name()) {
        return;
    }
    if (user_target != (facts.identity_type() == "IAMUser")) {
        return;
    }
    std::string what;
    if (attach) {
        std::string policy = json_string_at(params, "policyArn");
        if (!policy.ends_with(":policy/AdministratorAccess")) {
            return;
        }
        what = "attached " + policy + " to " + target + ".";
    } else {
        std::string document = json_string_at(params, "policyDocument");
        nlohmann::json parsed = nlohmann::json::parse(document, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) {
            return;
        }
        nlohmann::json statements = parsed.value("Statement", nlohmann::json());
        if (statements.is_object()) {
            statements = nlohmann::json::array({statements});
        }
        auto is_star = [](const nlohmann::json& v) {
            return v == "*" || (v.is_array() && std::ranges::find(v, "*") != v.end());
        };
        bool full =
            statements.is_array() && std::ranges::any_of(statements, [&](const nlohmann::json& s) {
                return s.is_object() && s.value("Effect", "") == "Allow" &&
                       is_star(s.value("Action", nlohmann::json())) &&
                       is_star(s.value("Resource", nlohmann::json()));
            });
        if (!full) {
            return;
        }
        what = "put an inline policy allowing every action on every resource on " + target + ".";
    }
    Detection d = make_detection("PrivilegeEscalation:IAMUser/AdministrativePermissions");
    d.severity = facts.succeeded() ? 5 : 2;
    d.detail = facts.succeeded() ? what : what + " The call failed.";
    out.push_back(std::move(d));
}

// AuthorizeSecurityGroupIngress from 0.0.0.0/0, ::/0 or any other /0 (a Tripline addition).
void security_group_open_to_world(const RecordFacts& facts, std::vector<Detection>& out) {
    if (facts.service() != "ec2.amazonaws.com" || !facts.succeeded() ||
        facts.api() != "AuthorizeSecurityGroupIngress" || !facts.record().request_parameters) {
        return;
    }
    // Any CIDR with prefix length 0 is the whole internet, whatever its address bits (AWS keeps
    // "208.236.235.254/0" as given; attack tools send such values).
    const std::string& raw = *facts.record().request_parameters;
    std::string world;
    for (std::size_t pos = raw.find("/0\""); pos != std::string::npos;
         pos = raw.find("/0\"", pos + 3)) {
        const std::size_t open = raw.rfind('"', pos);
        if (open == std::string::npos) {
            continue;
        }
        const std::string cidr = raw.substr(open + 1, pos + 2 - open - 1);
        if (cidr.find_first_of(".:") != std::string::npos && cidr.find(' ') == std::string::npos) {
            world = cidr;
            break;
        }
    }
    if (world.empty()) {
        return;
    }
    std::string group = json_string_at(facts.request(), "groupId");
    if (group.empty()) {
        group = json_string_at(facts.request(), "groupName");
    }
    Detection d = make_detection("Custom:IAMUser/SecurityGroupOpenToWorld");
    d.detail = "security group " + (group.empty() ? std::string("(unnamed)") : group) +
               " now allows inbound traffic from " + world + ".";
    if (!group.empty()) {
        d.affected_resources["AWS::EC2::SecurityGroup"] = group;
    }
    d.key_extra = group;
    out.push_back(std::move(d));
}

void root_console_login_without_mfa(const RecordFacts& facts, std::vector<Detection>& out) {
    if (facts.api() != "ConsoleLogin" || facts.identity_type() != "Root") {
        return;
    }
    if (json_string_at(facts.response(), "ConsoleLogin") != "Success" ||
        json_string_at(facts.additional(), "MFAUsed") != "No") {
        return;
    }
    out.push_back(make_detection("Custom:IAMUser/RootConsoleLoginWithoutMFA"));
}

void pen_test_distribution(const RecordFacts& facts, std::vector<Detection>& out) {
    if (!facts.record().user_agent) {
        return;
    }
    std::string agent = lower(*facts.record().user_agent);
    static constexpr std::pair<std::string_view, std::string_view> kDistros[] = {
        {"kali", "Kali"}, {"parrot", "Parrot"}, {"pentoo", "Pentoo"}};
    for (const auto& [needle, distro] : kDistros) {
        if (agent.find(needle) == std::string::npos) {
            continue;
        }
        const bool s3 = facts.is_s3_data_event();
        Detection d = make_detection(std::string(s3 ? "PenTest:S3/" : "PenTest:IAMUser/") +
                                     std::string(distro) + "Linux");
        d.distro = distro;
        if (s3 && !facts.bucket().empty()) {
            d.buckets.push_back(facts.bucket());
        }
        out.push_back(std::move(d));
        return;
    }
}

// Instance-role credentials (EC2 role delivery, or an i-… session name) used from an address that
// is not AWS's (OutsideAWS), or through another account's VPC endpoint (InsideAWS).
void instance_credential_exfiltration(const RecordFacts& facts,
                                      const ThreatIntel* intel,
                                      std::vector<Detection>& out) {
    const auto& identity = facts.record().user_identity;
    if (facts.identity_type() != "AssumedRole" || facts.invoked_by_service() || !identity) {
        return;
    }
    const bool ec2_delivery =
        identity->session_context && identity->session_context->ec2_role_delivery;
    std::string arn = facts.principal_arn();
    std::size_t slash = arn.rfind('/');
    const bool instance_session =
        slash != std::string::npos && arn.compare(slash + 1, 2, "i-") == 0;
    if (!ec2_delivery && !instance_session) {
        return;
    }
    const auto& record = facts.record();
    if (record.vpc_endpoint_account_id && record.recipient_account_id &&
        *record.vpc_endpoint_account_id != *record.recipient_account_id) {
        Detection d =
            make_detection("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS");
        d.detail = "account " + *record.vpc_endpoint_account_id;
        d.key_extra = *record.vpc_endpoint_account_id;
        out.push_back(std::move(d));
        return;
    }
    // A private address or a VPC endpoint of the account itself: the call came from inside the
    // account's own network, not from outside AWS.
    if (intel == nullptr || !intel->has_aws_ranges() || !facts.ip_is_address() ||
        intel->is_aws_ip(facts.ip()) || is_private_address(facts.ip()) || record.vpc_endpoint_id) {
        return;
    }
    Detection d =
        make_detection("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS");
    d.key_extra = std::string(facts.ip());
    out.push_back(std::move(d));
}

}  // namespace

void detect_account_rules(const RecordFacts& facts,
                          const ThreatIntel* intel,
                          std::vector<Detection>& out) {
    root_credential_usage(facts, out);
    cloudtrail_logging_disabled(facts, out);
    password_policy_deleted(facts, out);
    administrative_permissions(facts, out);
    security_group_open_to_world(facts, out);
    root_console_login_without_mfa(facts, out);
    pen_test_distribution(facts, out);
    instance_credential_exfiltration(facts, intel, out);
}

Detection make_detection(std::string_view type_name) {
    const FindingType* type = find_finding_type(type_name);
    if (type == nullptr) {
        std::abort();  // a rule names a type missing from the catalogue: a bug
    }
    Detection d;
    d.type = type;
    d.severity = type->severity;
    return d;
}

}  // namespace tripline::detect
