// S3 (rest-xml, 2006-03-01, path-style `/{Bucket}/{Key+}`): buckets, objects, ListObjectsV2,
// CopyObject, multipart uploads, and the bucket settings a security lab cares about (policy,
// public access block, default encryption, ACL). docs/api.md lists what is supported and how it
// differs from AWS.
//
// Storage: bucket, object and multipart-upload metadata are ResourceStore rows (SQLite) —
// "s3:bucket" (named by bucket, ARN arn:aws:s3:::b), "s3:object:<bucket>" (named by key) and
// "s3:upload:<bucket>" (named by upload id); object bytes are files under <root>/<bucket>/
// (ObjectFiles), named by generated ids so no key can reach the file system.
// Recording: bucket-level calls are management events, object-level calls data events, with
// requestParameters/resources/additionalEventData shaped like CloudTrail's S3 records.
// Ownership: borrows the Database (must outlive the service). Thread-safety: handle() runs
// concurrently; metadata changes that must be seen together are serialised by mutex_.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>

#include "api/service.h"
#include "api/services/s3/s3_support.h"
#include "storage/bucket_store.h"
#include "storage/database.h"
#include "storage/resource_store.h"

namespace tripline::api::services {

class S3Service final : public Service {
public:
    explicit S3Service(storage::BucketStore& buckets);

    std::string_view signing_name() const override { return "s3"; }
    std::string_view event_source() const override { return "s3.amazonaws.com"; }
    std::string_view api_version() const override { return "2006-03-01"; }
    std::string_view xml_namespace() const override { return s3::kS3Namespace; }
    bool is_rest() const override { return true; }
    Protocol rest_protocol() const override { return Protocol::kRestXml; }
    std::string rest_operation(const HttpRequest& request) const override;

    ServiceReply handle(ApiCall& call) override;

private:
    using Request = s3::S3Request;

    ServiceReply dispatch(ApiCall& call, Request& req);
    // Loads the caller's bucket; NoSuchBucket, or AccessDenied for another account's bucket.
    std::optional<ApiError> load_bucket(const ApiCall& call,
                                        const std::string& name,
                                        s3::BucketInfo& out);
    Status save_bucket(const s3::BucketInfo& bucket, TimePoint now);
    std::optional<s3::ObjectInfo> find_object(const s3::BucketInfo& bucket, const std::string& key);
    // Records `info` as the object's metadata and drops the file of the version it replaces.
    std::optional<ApiError> commit_object(const ApiCall& call,
                                          const s3::BucketInfo& bucket,
                                          const s3::ObjectInfo& info);

    // s3_bucket_ops.cpp
    ServiceReply list_buckets(ApiCall& call, Request& req);
    ServiceReply create_bucket(ApiCall& call, Request& req);
    ServiceReply delete_bucket(ApiCall& call, Request& req);
    ServiceReply head_bucket(ApiCall& call, Request& req);
    ServiceReply get_bucket_location(ApiCall& call, Request& req);
    ServiceReply bucket_policy(ApiCall& call, Request& req);
    ServiceReply public_access_block(ApiCall& call, Request& req);
    ServiceReply bucket_encryption(ApiCall& call, Request& req);
    ServiceReply bucket_acl(ApiCall& call, Request& req);

    // s3_object_ops.cpp
    ServiceReply put_object(ApiCall& call, Request& req);
    ServiceReply get_object(ApiCall& call, Request& req, bool head);
    ServiceReply delete_object(ApiCall& call, Request& req);
    ServiceReply delete_objects(ApiCall& call, Request& req);
    ServiceReply copy_object(ApiCall& call, Request& req);
    ServiceReply list_objects(ApiCall& call, Request& req);

    // s3_multipart.cpp
    ServiceReply create_multipart_upload(ApiCall& call, Request& req);
    ServiceReply upload_part(ApiCall& call, Request& req);
    ServiceReply complete_multipart_upload(ApiCall& call, Request& req);
    ServiceReply abort_multipart_upload(ApiCall& call, Request& req);
    ServiceReply list_parts(ApiCall& call, Request& req);
    ServiceReply list_multipart_uploads(ApiCall& call, Request& req);
    std::optional<ApiError> load_upload(const s3::BucketInfo& bucket,
                                        const std::string& upload_id,
                                        const std::string& key,
                                        nlohmann::json& out);

    storage::BucketStore& buckets_;
    storage::ResourceStore& store_;
    storage::ObjectFiles& files_;
    std::mutex mutex_;
};

}  // namespace tripline::api::services
