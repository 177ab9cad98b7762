// Policy findings (macie.md §8-§9): raised when a change after Macie was enabled leaves a bucket
// public, shared with another account, without Block Public Access or without default encryption.
// A repeat of an open finding updates it (count + 1, updatedAt, lastSeen) and publishes it again.
#include <spdlog/spdlog.h>

#include "discover/bucket_exposure.h"
#include "discover/macie_finding.h"
#include "discover/macie_service.h"
#include "storage/transaction.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

constexpr std::string_view kFinding = "macie2:finding";
constexpr std::string_view kUnpublished = "macie2:unpublished";

struct PolicyType {
    const char* type;
    const char* severity;
    int score;
    const char* title;
    const char* description;
};

constexpr PolicyType kPublic = {
    "Policy:IAMUser/S3BucketPublic",
    "High",
    3,
    "The S3 bucket is publicly accessible.",
    "The bucket's ACL or policy allows access by anonymous or all authenticated users."};
constexpr PolicyType kShared = {
    "Policy:IAMUser/S3BucketSharedExternally",
    "High",
    3,
    "The S3 bucket is shared with an external AWS account.",
    "The bucket's policy allows access by an AWS account outside this one."};
constexpr PolicyType kBlockPublicAccess = {
    "Policy:IAMUser/S3BlockPublicAccessDisabled",
    "High",
    3,
    "Block public access settings are disabled for the S3 bucket.",
    "All bucket-level block public access settings were disabled for the bucket."};
constexpr PolicyType kEncryption = {
    "Policy:IAMUser/S3BucketEncryptionDisabled",
    "Low",
    1,
    "Default encryption is disabled for the S3 bucket.",
    "The bucket's default server-side encryption settings were removed."};

// Macie's actor.userIdentity from CloudTrail's userIdentity.
json macie_identity(const json& ct) {
    const std::string type = ct.value("type", "");
    json details{{"accountId", ct.value("accountId", json())},
                 {"arn", ct.value("arn", json())},
                 {"principalId", ct.value("principalId", json())}};
    if (type == "IAMUser") {
        details["userName"] = ct.value("userName", json());
        return json{{"type", "IAMUser"}, {"iamUser", details}};
    }
    if (type == "AssumedRole") {
        details["accessKeyId"] = ct.value("accessKeyId", json());
        details["sessionContext"] = ct.value("sessionContext", json());
        return json{{"type", "AssumedRole"}, {"assumedRole", details}};
    }
    if (type == "Root") {
        return json{{"type", "Root"}, {"root", details}};
    }
    return json{{"type", type.empty() ? json(nullptr) : json(type)}};
}

}  // namespace

Status MacieService::observe_bucket_change(const BucketChange& change) {
    if (!load(change.scope, "macie2:session", "session")) {
        return ok_status();  // only changes after Macie is enabled count
    }
    auto row = buckets_.find_bucket(change.bucket);
    if (!row || row->account_id != change.scope.account_id) {
        return ok_status();
    }
    const json doc = json::parse(row->document, nullptr, false);
    if (!doc.is_object()) {
        return ok_status();
    }
    const BucketExposure exposure = evaluate_bucket(doc, change.scope.account_id);
    std::vector<const PolicyType*> raised;
    const std::string& api = change.api;
    if (exposure.public_read || exposure.public_write) {
        raised.push_back(&kPublic);
    }
    if (exposure.shared_externally) {
        raised.push_back(&kShared);
    }
    if (exposure.block_public_access_disabled &&
        (api == "DeleteBucketPublicAccessBlock" || api == "PutBucketPublicAccessBlock")) {
        raised.push_back(&kBlockPublicAccess);
    }
    if (exposure.encryption_disabled && api == "DeleteBucketEncryption") {
        raised.push_back(&kEncryption);
    }
    if (raised.empty()) {
        return ok_status();
    }
    const std::string at = format_iso8601_millis(change.time);
    TRIPLINE_ASSIGN_OR_RETURN(auto existing,
                              store_.list(change.scope.account_id, change.scope.region, kFinding));
    TRIPLINE_ASSIGN_OR_RETURN(auto tx, storage::Transaction::begin(db_));
    for (const PolicyType* policy : raised) {
        json finding;
        for (const auto& stored : existing) {
            json candidate = json::parse(stored.document);
            if (candidate.value("type", "") == policy->type &&
                !candidate.value("archived", false) &&
                candidate["resourcesAffected"]["s3Bucket"].value("name", "") == change.bucket) {
                finding = std::move(candidate);
                break;
            }
        }
        const json actor{{"userIdentity", macie_identity(change.user_identity)},
                         {"ipAddressDetails", json{{"ipAddressV4", change.source_ip}}},
                         {"domainDetails", nullptr}};
        if (finding.is_object()) {
            finding["count"] = finding.value("count", 1) + 1;
            finding["updatedAt"] = at;
            finding["policyDetails"]["action"]["apiCallDetails"]["api"] = api;
            finding["policyDetails"]["action"]["apiCallDetails"]["lastSeen"] = at;
            finding["policyDetails"]["actor"] = actor;
        } else {
            finding = json{
                {"accountId", change.scope.account_id},
                {"archived", false},
                {"category", "POLICY"},
                {"classificationDetails", nullptr},
                {"count", 1},
                {"createdAt", at},
                {"description", policy->description},
                {"id", make_hex_id()},
                {"partition", "aws"},
                {"policyDetails",
                 json{{"action",
                       json{{"actionType", "AWS_API_CALL"},
                            {"apiCallDetails",
                             json{{"api", api},
                                  {"apiServiceName", "s3.amazonaws.com"},
                                  {"firstSeen", at},
                                  {"lastSeen", at}}}}},
                      {"actor", actor}}},
                {"region", change.scope.region},
                {"resourcesAffected",
                 json{{"s3Bucket",
                       json{{"name", change.bucket},
                            {"arn", "arn:aws:s3:::" + change.bucket},
                            {"createdAt", format_iso8601_millis(row->created_at)},
                            {"owner",
                             json{{"displayName", "owner"}, {"id", change.scope.account_id}}},
                            {"publicAccess",
                             json{{"effectivePermission",
                                   exposure.public_read || exposure.public_write ? "PUBLIC"
                                                                                 : "NOT_PUBLIC"},
                                  {"permissionConfiguration",
                                   json{{"bucketLevelPermissions",
                                         json{{"accessControlList",
                                               json{{"allowsPublicReadAccess",
                                                     exposure.acl_public_read},
                                                    {"allowsPublicWriteAccess",
                                                     exposure.acl_public_write}}},
                                              {"blockPublicAccess", exposure.block_public_access},
                                              {"bucketPolicy",
                                               json{{"allowsPublicReadAccess",
                                                     exposure.policy_public_read},
                                                    {"allowsPublicWriteAccess",
                                                     exposure.policy_public_write}}}}}}}}},
                            {"tags", json::array()}}},
                      {"s3Object", nullptr}}},
                {"sample", false},
                {"schemaVersion", "1.0"},
                {"severity", json{{"description", policy->severity}, {"score", policy->score}}},
                {"title", policy->title},
                {"type", policy->type},
                {"updatedAt", at}};
        }
        const std::string id = finding["id"].get<std::string>();
        TRIPLINE_TRY(save(change.scope, kFinding, id, arn(change.scope, "finding", id), finding));
        TRIPLINE_TRY(save(
            change.scope, kUnpublished, id, "tripline:macie2-unpublished:" + id, json::object()));
        spdlog::info("Macie: {} for bucket {} after {}", policy->type, change.bucket, api);
    }
    TRIPLINE_TRY(tx.commit());
    { std::lock_guard wake_lock(wake_mutex_); }
    wake_.notify_all();  // the runner publishes the events
    return ok_status();
}

}  // namespace tripline::discover
