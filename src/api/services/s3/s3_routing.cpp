#include "api/services/s3/s3_routing.h"

#include <array>
#include <utility>

#include "api/query_form.h"
#include "api/services/s3/s3_names.h"

namespace tripline::api::services::s3 {

namespace {

struct SubResource {
    std::string_view query_key;
    std::string_view get;
    std::string_view put;
    std::string_view del;
};

// Bucket sub-resources, in the order they are checked.
constexpr std::array<SubResource, 16> kBucketSubResources = {{
    {"policy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"},
    {"publicAccessBlock",
     "GetBucketPublicAccessBlock",
     "PutBucketPublicAccessBlock",
     "DeleteBucketPublicAccessBlock"},
    {"encryption", "GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption"},
    {"acl", "GetBucketAcl", "PutBucketAcl", ""},
    {"location", "GetBucketLocation", "", ""},
    {"uploads", "ListMultipartUploads", "", ""},
    {"versioning", "GetBucketVersioning", "PutBucketVersioning", ""},
    {"tagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging"},
    {"lifecycle", "GetBucketLifecycle", "PutBucketLifecycle", "DeleteBucketLifecycle"},
    {"logging", "GetBucketLogging", "PutBucketLogging", ""},
    {"cors", "GetBucketCors", "PutBucketCors", "DeleteBucketCors"},
    {"website", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite"},
    {"notification", "GetBucketNotification", "PutBucketNotification", ""},
    {"replication", "GetBucketReplication", "PutBucketReplication", "DeleteBucketReplication"},
    {"ownershipControls",
     "GetBucketOwnershipControls",
     "PutBucketOwnershipControls",
     "DeleteBucketOwnershipControls"},
    {"versions", "ListObjectVersions", "", ""},
}};

bool has(const QueryForm& form, std::string_view name) { return form.get(name).has_value(); }

std::string bucket_operation(const std::string& method, const QueryForm& query) {
    for (const auto& sub : kBucketSubResources) {
        if (!has(query, sub.query_key)) {
            continue;
        }
        std::string_view name = method == "GET" || method == "HEAD" ? sub.get
                                : method == "PUT"                   ? sub.put
                                : method == "DELETE"                ? sub.del
                                                                    : std::string_view();
        if (!name.empty()) {
            return std::string(name);
        }
    }
    if (method == "GET") {
        return "ListObjects";  // V1 and V2 alike (CloudTrail's eventName)
    }
    if (method == "HEAD") {
        return "HeadBucket";
    }
    if (method == "PUT") {
        return "CreateBucket";
    }
    if (method == "DELETE") {
        return "DeleteBucket";
    }
    if (method == "POST" && has(query, "delete")) {
        return "DeleteObjects";
    }
    return "UnknownOperation";
}

std::string object_operation(const HttpRequest& request, const QueryForm& query) {
    const std::string& method = request.method;
    bool copy = request.headers.count("x-amz-copy-source") > 0;
    if (method == "GET" || method == "HEAD") {
        if (has(query, "uploadId")) {
            return "ListParts";
        }
        if (has(query, "acl")) {
            return "GetObjectAcl";
        }
        if (has(query, "tagging")) {
            return "GetObjectTagging";
        }
        return method == "GET" ? "GetObject" : "HeadObject";
    }
    if (method == "PUT") {
        if (has(query, "partNumber") && has(query, "uploadId")) {
            return copy ? "UploadPartCopy" : "UploadPart";
        }
        if (has(query, "acl")) {
            return "PutObjectAcl";
        }
        if (has(query, "tagging")) {
            return "PutObjectTagging";
        }
        return copy ? "CopyObject" : "PutObject";
    }
    if (method == "DELETE") {
        if (has(query, "uploadId")) {
            return "AbortMultipartUpload";
        }
        if (has(query, "tagging")) {
            return "DeleteObjectTagging";
        }
        return "DeleteObject";
    }
    if (method == "POST") {
        if (has(query, "uploads")) {
            return "CreateMultipartUpload";
        }
        if (has(query, "uploadId")) {
            return "CompleteMultipartUpload";
        }
        if (has(query, "restore")) {
            return "RestoreObject";
        }
    }
    return "UnknownOperation";
}

}  // namespace

std::string s3_operation(const HttpRequest& request) {
    auto query = QueryForm::parse(request.query);
    QueryForm form = query ? std::move(*query) : QueryForm();
    S3Path path = split_s3_path(request.path);
    if (path.bucket.empty()) {
        return request.method == "GET" || request.method == "HEAD" ? "ListBuckets"
                                                                   : "UnknownOperation";
    }
    if (path.key.empty()) {
        return bucket_operation(request.method, form);
    }
    return object_operation(request, form);
}

bool is_data_event(std::string_view operation) {
    static constexpr std::array<std::string_view, 22> kData = {
        "GetObject",
        "PutObject",
        "HeadObject",
        "DeleteObject",
        "DeleteObjects",
        "CopyObject",
        "CreateMultipartUpload",
        "UploadPart",
        "UploadPartCopy",
        "CompleteMultipartUpload",
        "AbortMultipartUpload",
        "ListParts",
        "ListObjects",
        "ListObjectVersions",
        "ListMultipartUploads",
        "GetObjectAcl",
        "PutObjectAcl",
        "GetObjectTagging",
        "PutObjectTagging",
        "DeleteObjectTagging",
        "RestoreObject",
        "SelectObjectContent",
    };
    for (std::string_view name : kData) {
        if (name == operation) {
            return true;
        }
    }
    return false;
}

}  // namespace tripline::api::services::s3
