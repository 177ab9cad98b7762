// DescribeBuckets (macie.md §12): this server's buckets of the account as Macie's BucketMetadata.
#include <algorithm>

#include "discover/bucket_exposure.h"
#include "discover/macie_service.h"
#include "scan/object_scan.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

bool classifiable(const storage::ObjectInfo& object) {
    // By extension only (DescribeBuckets does not read objects); text-looking unknown names count.
    return scan::file_kind(object.key, "text") != scan::FileKind::kUnsupported;
}

}  // namespace

Result<json> MacieService::describe_buckets(const MacieScope& scope, const json& input) {
    TRIPLINE_TRY(require_enabled(scope));
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, buckets_.resources().list_all(storage::kBucketType));
    TRIPLINE_ASSIGN_OR_RETURN(auto findings_of_scope, findings(scope));
    const json criteria = input.value("criteria", json::object());
    json out = json::array();
    for (const auto& row : rows) {
        if (row.account_id != scope.account_id) {
            continue;
        }
        if (auto it = criteria.find("bucketName"); it != criteria.end() && it->is_object()) {
            const json eq = it->value("eq", json());
            const json prefix = it->value("prefix", json());
            if (eq.is_array() && std::find(eq.begin(), eq.end(), json(row.name)) == eq.end()) {
                continue;
            }
            if (prefix.is_string() && !row.name.starts_with(prefix.get<std::string>())) {
                continue;
            }
        }
        TRIPLINE_ASSIGN_OR_RETURN(auto objects, buckets_.list_objects(row.name, ""));
        const json bucket_doc = json::parse(row.document, nullptr, false);
        const BucketExposure exposure =
            evaluate_bucket(bucket_doc.is_object() ? bucket_doc : json::object(), row.account_id);
        std::uint64_t size = 0;
        std::uint64_t classifiable_count = 0;
        std::uint64_t classifiable_size = 0;
        for (const auto& object : objects) {
            size += object.size;
            if (classifiable(object)) {
                ++classifiable_count;
                classifiable_size += object.size;
            }
        }
        std::uint64_t sensitive = 0;
        for (const json& f : findings_of_scope) {
            const json* name = nullptr;
            if (auto r = f.find("resourcesAffected"); r != f.end() && r->contains("s3Bucket")) {
                name = &(*r)["s3Bucket"]["name"];
            }
            if (name != nullptr && *name == row.name &&
                f.value("category", "") == "CLASSIFICATION") {
                ++sensitive;
            }
        }
        out.push_back(json{
            {"accountId", row.account_id},
            {"bucketArn", row.arn},
            {"bucketName", row.name},
            {"bucketCreatedAt", format_iso8601_millis(row.created_at)},
            {"region", row.region},
            {"objectCount", objects.size()},
            {"sizeInBytes", size},
            {"classifiableObjectCount", classifiable_count},
            {"classifiableSizeInBytes", classifiable_size},
            {"unclassifiableObjectCount",
             json{{"fileType", objects.size() - classifiable_count},
                  {"storageClass", 0},
                  {"total", objects.size() - classifiable_count}}},
            {"publicAccess",
             json{{"effectivePermission",
                   exposure.public_read || exposure.public_write ? "PUBLIC" : "NOT_PUBLIC"},
                  {"permissionConfiguration",
                   json{{"bucketLevelPermissions",
                         json{{"accessControlList",
                               json{{"allowsPublicReadAccess", exposure.acl_public_read},
                                    {"allowsPublicWriteAccess", exposure.acl_public_write}}},
                              {"blockPublicAccess", exposure.block_public_access},
                              {"bucketPolicy",
                               json{{"allowsPublicReadAccess", exposure.policy_public_read},
                                    {"allowsPublicWriteAccess",
                                     exposure.policy_public_write}}}}}}}}},
            {"sharedAccess", exposure.shared_externally ? "EXTERNAL" : "NOT_SHARED"},
            {"versioning", false},
            {"sensitivityScore", sensitive > 0 ? 100 : 1},
            {"jobDetails", json{{"isDefinedInJob", "UNKNOWN"}, {"isMonitoredByJob", "UNKNOWN"}}},
            {"lastUpdated", format_iso8601_millis(clock_.now())},
            {"tags", json::array()}});
    }
    return out;
}

}  // namespace tripline::discover
