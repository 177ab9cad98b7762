#include "api/iam_authorizer.h"

#include <map>

#include "base/uri_encoding.h"

namespace tripline::api {

namespace {

std::string prefix_of(const std::string& signing_name) {
    if (signing_name == "monitoring") {
        return "cloudwatch";
    }
    if (signing_name == "email") {
        return "ses";
    }
    return signing_name;
}

std::string s3_action(const std::string& operation) {
    static const std::map<std::string, std::string, std::less<>> kActions = {
        {"HeadObject", "GetObject"},
        {"SelectObjectContent", "GetObject"},
        {"HeadBucket", "ListBucket"},
        {"ListObjects", "ListBucket"},
        {"ListObjectsV2", "ListBucket"},
        {"ListObjectVersions", "ListBucketVersions"},
        {"ListBuckets", "ListAllMyBuckets"},
        {"CreateMultipartUpload", "PutObject"},
        {"UploadPart", "PutObject"},
        {"UploadPartCopy", "PutObject"},
        {"CompleteMultipartUpload", "PutObject"},
        {"CopyObject", "PutObject"},
        {"ListParts", "ListMultipartUploadParts"},
        {"ListMultipartUploads", "ListBucketMultipartUploads"},
        {"DeleteObjects", "DeleteObject"},
        {"GetBucketLifecycle", "GetLifecycleConfiguration"},
        {"PutBucketLifecycle", "PutLifecycleConfiguration"},
        {"DeleteBucketLifecycle", "PutLifecycleConfiguration"},
        {"GetBucketCors", "GetBucketCORS"},
        {"PutBucketCors", "PutBucketCORS"},
        {"DeleteBucketCors", "PutBucketCORS"},
        {"GetBucketEncryption", "GetEncryptionConfiguration"},
        {"PutBucketEncryption", "PutEncryptionConfiguration"},
        {"DeleteBucketEncryption", "PutEncryptionConfiguration"},
        {"GetBucketReplication", "GetReplicationConfiguration"},
        {"PutBucketReplication", "PutReplicationConfiguration"},
        {"DeleteBucketReplication", "PutReplicationConfiguration"},
        {"DeleteBucketTagging", "PutBucketTagging"},
        {"DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"},
        {"DeleteBucketOwnershipControls", "PutBucketOwnershipControls"},
        {"DeleteObjectTagging", "DeleteObjectTagging"},
    };
    auto it = kActions.find(operation);
    return it == kActions.end() ? operation : it->second;
}

std::string form_or_input(const ApiCall& call, const char* name) {
    if (call.protocol == Protocol::kQuery) {
        return std::string(call.form.get(name).value_or(""));
    }
    auto it = call.input.find(name);
    return it != call.input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string s3_resource(const ApiCall& call) {
    if (call.http == nullptr) {
        return "*";
    }
    std::string path = percent_decode(call.http->path);
    if (path.empty() || path == "/") {
        return "*";
    }
    path.erase(0, 1);
    return "arn:aws:s3:::" + path;
}

}  // namespace

std::string iam_action_of(const ApiCall& call) {
    const std::string prefix = prefix_of(call.service);
    return prefix + ":" + (prefix == "s3" ? s3_action(call.operation) : call.operation);
}

std::string iam_resource_of(const ApiCall& call) {
    const std::string& account = call.principal.account_id;
    const std::string& s = call.service;
    if (s == "s3") {
        return s3_resource(call);
    }
    if (s == "iam") {
        if (auto arn = form_or_input(call, "PolicyArn"); !arn.empty()) {
            return arn;
        }
        if (auto role = form_or_input(call, "RoleName"); !role.empty()) {
            return "arn:aws:iam::" + account + ":role/" + role;
        }
        if (auto group = form_or_input(call, "GroupName"); !group.empty()) {
            return "arn:aws:iam::" + account + ":group/" + group;
        }
        if (auto user = form_or_input(call, "UserName"); !user.empty()) {
            return "arn:aws:iam::" + account + ":user/" + user;
        }
        if (call.principal.type == "IAMUser" &&
            (call.operation.find("AccessKey") != std::string::npos || call.operation == "GetUser" ||
             call.operation == "ChangePassword" || call.operation == "ListMFADevices")) {
            return call.principal.arn;  // the caller's own user
        }
        return "*";
    }
    if (s == "sts" && call.operation == "AssumeRole") {
        return form_or_input(call, "RoleArn");
    }
    if (s == "sns") {
        auto arn = form_or_input(call, "TopicArn");
        return arn.empty() ? "*" : arn;
    }
    if (s == "sqs") {
        std::string url = form_or_input(call, "QueueUrl");
        std::size_t slash = url.rfind('/');
        if (slash != std::string::npos && slash + 1 < url.size()) {
            return "arn:aws:sqs:" + call.region + ":" + account + ":" + url.substr(slash + 1);
        }
        return "*";
    }
    if (s == "kms") {
        std::string key = form_or_input(call, "KeyId");
        if (key.starts_with("arn:")) {
            return key;
        }
        if (key.size() == 36 && key[8] == '-') {
            return "arn:aws:kms:" + call.region + ":" + account + ":key/" + key;
        }
        return "*";
    }
    if (s == "secretsmanager") {
        std::string id = form_or_input(call, "SecretId");
        return id.starts_with("arn:") ? id : "*";
    }
    return "*";
}

std::optional<ApiError> IamAuthorizer::decide(const ApiCall& call) {
    // AssumeRole is decided by STS itself: a trust policy that names the caller directly needs no
    // identity-based permission (IamService::assume_role checks both, as AWS does).
    if (call.service == "sts" && call.operation == "AssumeRole") {
        return std::nullopt;
    }
    // GetSessionToken needs no permission: a user may always trade its key for session
    // credentials (with MFA, the usual way to satisfy an aws:MultiFactorAuthPresent condition).
    if (call.service == "sts" && call.operation == "GetSessionToken") {
        return std::nullopt;
    }
    iam::Caller caller;
    caller.account_id = call.principal.account_id;
    caller.type = call.principal.type;
    caller.arn = call.principal.arn;
    caller.user_name = call.principal.user_name;
    caller.access_key_id = call.principal.access_key_id;
    caller.mfa_authenticated = call.principal.mfa_authenticated;

    iam::RequestContext request;
    request.action = iam_action_of(call);
    request.resource = iam_resource_of(call);
    if (call.http != nullptr) {
        request.keys["aws:SourceIp"] = {call.http->remote_addr};
        request.keys["aws:SecureTransport"] = {call.http->tls_version.empty() ? "false" : "true"};
    }
    request.keys["aws:RequestedRegion"] = {call.region};
    request.keys["aws:CurrentTime"] = {format_iso8601(call.time)};
    request.keys["aws:EpochTime"] = {std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(call.time.time_since_epoch()).count())};
    if (!call.principal.user_name.empty()) {
        request.keys["aws:userid"] = {call.principal.principal_id};
    }

    iam::AuthorizationResult result = iam_.authorize(caller, request);
    if (result.decision == iam::Decision::kAllow) {
        return std::nullopt;
    }
    if (call.service == "sns") {
        return ApiError{403, "AuthorizationError", result.message};
    }
    if (call.service == "ec2") {
        return ApiError{403,
                        "UnauthorizedOperation",
                        "You are not authorized to perform this operation. " + result.message};
    }
    const bool json = (call.protocol == Protocol::kJson10 || call.protocol == Protocol::kJson11 ||
                       call.protocol == Protocol::kRestJson) &&
                      !call.query_compatible;
    return ApiError{
        json ? 400 : 403, json ? "AccessDeniedException" : "AccessDenied", result.message};
}

}  // namespace tripline::api
