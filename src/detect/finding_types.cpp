#include "detect/finding_types.h"

#include <array>

namespace tripline::detect {

namespace {

using enum ResourceKind;
using enum ActionKind;

constexpr double kLow = 2;
constexpr double kMedium = 5;
constexpr double kHigh = 8;

constexpr std::string_view kTorTitle = "API {api} was invoked from a Tor exit node.";
constexpr std::string_view kTorDescription =
    "API {api} was invoked from a Tor exit node IP address {ip}.";
constexpr std::string_view kListTitle =
    "API {api} was invoked from an IP address on a custom "
    "threat list.";
constexpr std::string_view kListDescription =
    "API {api} was invoked from IP address {ip}, which is on the threat list {list}.";
constexpr std::string_view kPenTestTitle = "API {api} was invoked from a {distro} Linux computer.";
constexpr std::string_view kPenTestDescription =
    "API {api} was invoked by {principal} from a {distro} Linux computer with IP address {ip}.";
constexpr std::string_view kAnomalousTitle = "{api} was invoked in an unusual way by {principal}.";
constexpr std::string_view kAnomalousDescription =
    "API {api} of {service} was invoked by {principal} from IP address {ip}: {detail}";

constexpr std::array kTypes = {
    FindingType{"Policy:IAMUser/RootCredentialUsage",
                kLow,
                kAccessKey,
                kAwsApiCall,
                "The API {api} was invoked using root credentials.",
                "The API {api} was invoked using root credentials from IP address {ip}."},
    FindingType{"Stealth:IAMUser/CloudTrailLoggingDisabled",
                kLow,
                kAccessKey,
                kAwsApiCall,
                "AWS CloudTrail logging was disabled.",
                "AWS CloudTrail logging was disabled by {principal} calling {api} from IP address "
                "{ip}: {detail}"},
    FindingType{"Stealth:IAMUser/PasswordPolicyChange",
                kLow,
                kAccessKey,
                kAwsApiCall,
                "The account password policy was weakened.",
                "{principal} weakened the account password policy by calling {api} from IP "
                "address {ip}: {detail}"},
    FindingType{"UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                "Multiple worldwide successful console logins were observed.",
                "{principal} signed in to the console from several distant locations at about the "
                "same time: {detail}"},
    FindingType{"UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
                kHigh,
                kAccessKey,
                kAwsApiCall,
                "Credentials for instance role {principal} used from external IP address.",
                "Credentials created exclusively for an EC2 instance through an instance role "
                "({principal}) were used from the external IP address {ip} to call {api}."},
    FindingType{"UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
                kHigh,
                kAccessKey,
                kAwsApiCall,
                "Credentials for instance role {principal} used from another AWS account.",
                "Credentials created exclusively for an EC2 instance through an instance role "
                "({principal}) were used from another AWS account ({detail}) to call {api}."},
    FindingType{"PenTest:IAMUser/KaliLinux",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kPenTestTitle,
                kPenTestDescription},
    FindingType{"PenTest:IAMUser/ParrotLinux",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kPenTestTitle,
                kPenTestDescription},
    FindingType{"PenTest:IAMUser/PentooLinux",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kPenTestTitle,
                kPenTestDescription},
    FindingType{"PenTest:S3/KaliLinux",
                kMedium,
                kS3Bucket,
                kAwsApiCall,
                kPenTestTitle,
                kPenTestDescription},
    FindingType{"PenTest:S3/ParrotLinux",
                kMedium,
                kS3Bucket,
                kAwsApiCall,
                kPenTestTitle,
                kPenTestDescription},
    FindingType{"PenTest:S3/PentooLinux",
                kMedium,
                kS3Bucket,
                kAwsApiCall,
                kPenTestTitle,
                kPenTestDescription},
    FindingType{
        "Recon:IAMUser/TorIPCaller", kMedium, kAccessKey, kAwsApiCall, kTorTitle, kTorDescription},
    FindingType{"UnauthorizedAccess:IAMUser/TorIPCaller",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kTorTitle,
                kTorDescription},
    FindingType{"Recon:IAMUser/MaliciousIPCaller.Custom",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kListTitle,
                kListDescription},
    FindingType{"UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kListTitle,
                kListDescription},
    FindingType{
        "Discovery:S3/TorIPCaller", kMedium, kS3Bucket, kAwsApiCall, kTorTitle, kTorDescription},
    FindingType{"UnauthorizedAccess:S3/TorIPCaller",
                kHigh,
                kS3Bucket,
                kAwsApiCall,
                kTorTitle,
                kTorDescription},
    FindingType{"Discovery:S3/MaliciousIPCaller.Custom",
                kHigh,
                kS3Bucket,
                kAwsApiCall,
                kListTitle,
                kListDescription},
    FindingType{"Exfiltration:S3/MaliciousIPCaller",
                kHigh,
                kS3Bucket,
                kAwsApiCall,
                kListTitle,
                kListDescription},
    FindingType{
        "Impact:S3/MaliciousIPCaller", kHigh, kS3Bucket, kAwsApiCall, kListTitle, kListDescription},
    FindingType{"UnauthorizedAccess:S3/MaliciousIPCaller.Custom",
                kHigh,
                kS3Bucket,
                kAwsApiCall,
                kListTitle,
                kListDescription},
    FindingType{"Policy:S3/BucketBlockPublicAccessDisabled",
                kLow,
                kS3Bucket,
                kAwsApiCall,
                "Amazon S3 Block Public Access was disabled for S3 bucket {bucket}.",
                "Amazon S3 Block Public Access was disabled for S3 bucket {bucket} by {principal} "
                "calling {api}."},
    FindingType{"Policy:S3/AccountBlockPublicAccessDisabled",
                kLow,
                kS3Bucket,
                kAwsApiCall,
                "Amazon S3 Block Public Access was disabled for the account.",
                "Amazon S3 Block Public Access was disabled at the account level by {principal} "
                "calling {api}."},
    FindingType{"Policy:S3/BucketAnonymousAccessGranted",
                kHigh,
                kS3Bucket,
                kAwsApiCall,
                "Amazon S3 bucket {bucket} is publicly accessible to anonymous users.",
                "{principal} granted anonymous (everyone) access to S3 bucket {bucket} by calling "
                "{api}: {detail}"},
    FindingType{"Policy:S3/BucketPublicAccessGranted",
                kHigh,
                kS3Bucket,
                kAwsApiCall,
                "Amazon S3 bucket {bucket} is publicly accessible to all authenticated AWS users.",
                "{principal} granted access to S3 bucket {bucket} to all authenticated AWS users "
                "by calling {api}."},
    FindingType{"Stealth:S3/ServerAccessLoggingDisabled",
                kLow,
                kS3Bucket,
                kAwsApiCall,
                "Server access logging was disabled for S3 bucket {bucket}.",
                "Server access logging was disabled for S3 bucket {bucket} by {principal} calling "
                "{api}."},
    FindingType{"PrivilegeEscalation:IAMUser/AdministrativePermissions",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                "{principal} attempted to grant itself administrative permissions.",
                "{principal} called {api} to give itself a highly permissive policy: {detail}"},
    FindingType{"Discovery:IAMUser/AnomalousBehavior",
                kLow,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    FindingType{"Persistence:IAMUser/AnomalousBehavior",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    FindingType{"PrivilegeEscalation:IAMUser/AnomalousBehavior",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    FindingType{"DefenseEvasion:IAMUser/AnomalousBehavior",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    FindingType{"CredentialAccess:IAMUser/AnomalousBehavior",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    FindingType{"InitialAccess:IAMUser/AnomalousBehavior",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    FindingType{"Impact:IAMUser/AnomalousBehavior",
                kHigh,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    FindingType{"Exfiltration:IAMUser/AnomalousBehavior",
                kHigh,
                kAccessKey,
                kAwsApiCall,
                kAnomalousTitle,
                kAnomalousDescription},
    // Tripline additions (no GuardDuty type; docs/guardduty.md).
    FindingType{"Custom:IAMUser/SecurityGroupOpenToWorld",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                "A security group was opened to the whole internet.",
                "{principal} called {api} to allow inbound traffic from anywhere: {detail}"},
    FindingType{"Custom:IAMUser/RootConsoleLoginWithoutMFA",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                "The root user signed in to the console without MFA.",
                "The root user signed in to the console without multi-factor authentication from "
                "IP address {ip}."},
    FindingType{"Custom:IAMUser/ConsoleLoginBruteForce",
                kMedium,
                kAccessKey,
                kAwsApiCall,
                "A burst of failed console sign-ins was observed.",
                "Failed console sign-ins from IP address {ip} for {principal}: {detail}"},
    // Sample-only types (CreateSampleFindings); Tripline does not analyse DNS or network flows.
    FindingType{"Backdoor:EC2/C&CActivity.B!DNS",
                kHigh,
                kInstance,
                kDnsRequest,
                "Command and Control server domain name queried by EC2 instance i-99999999.",
                "EC2 instance i-99999999 is querying a domain name associated with a known Command "
                "& Control server."},
    FindingType{"Recon:EC2/Portscan",
                kMedium,
                kInstance,
                kNetworkConnection,
                "Unusual outbound port scan from EC2 instance i-99999999.",
                "EC2 instance i-99999999 is performing outbound port scans against remote host "
                "198.51.100.0."},
};

}  // namespace

std::span<const FindingType> finding_types() { return kTypes; }

const FindingType* find_finding_type(std::string_view name) {
    for (const FindingType& type : kTypes) {
        if (type.name == name) {
            return &type;
        }
    }
    return nullptr;
}

std::string_view severity_label(double severity) {
    if (severity >= 9.0) {
        return "Critical";
    }
    if (severity >= 7.0) {
        return "High";
    }
    if (severity >= 4.0) {
        return "Medium";
    }
    return "Low";
}

}  // namespace tripline::detect
