// BucketStore: Tripline's local S3 buckets as seen by everything that is not the S3 API - the trail
// log-file and digest writer, log validation, ingestion from Tripline's own buckets, data
// discovery. It shares the S3 API's storage exactly, so an object written here is listed and
// downloaded by `aws s3` and vice versa: bucket rows "s3:bucket" (named by bucket, ARN
// arn:aws:s3:::b), object rows "s3:object:<bucket>" (named by key, document =
// ObjectInfo::to_json()) in the ResourceStore, and the bytes in ObjectFiles
// (<root>/<bucket>/objects/<file-id>).
//
// Ownership: borrows the Database (must outlive the store). Thread-safety: every method may be
// called concurrently; an object write is atomic (readers see the old or the new object).
// Errors: kNotFound for a missing bucket or key, kInvalidArgument for an invalid bucket name,
// kIo for file-system failures, SQLite errors as in database.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"
#include "storage/object_files.h"
#include "storage/resource_store.h"

namespace tripline::storage {

inline constexpr std::string_view kBucketType = "s3:bucket";
inline std::string bucket_arn(std::string_view bucket) {
    return "arn:aws:s3:::" + std::string(bucket);
}
inline std::string object_type(std::string_view bucket) {
    return "s3:object:" + std::string(bucket);
}
inline std::string upload_type(std::string_view bucket) {
    return "s3:upload:" + std::string(bucket);
}

// An object's metadata document.
struct ObjectInfo {
    std::string key;
    std::string file;  // ObjectFiles id
    std::uint64_t size = 0;
    std::string etag;  // quoted
    std::string content_type;
    TimePoint last_modified;
    nlohmann::json metadata = nlohmann::json::object();  // x-amz-meta-* (names without prefix)
    nlohmann::json headers = nlohmann::json::object();   // Content-Encoding, Cache-Control, …
    std::string crc32;                                   // base64, when known for the whole object
    std::string storage_class = "STANDARD";
    std::string sse = "AES256";

    nlohmann::json to_json() const;
    static ObjectInfo from_row(const StoredResource& row);
};

// What a writer outside the S3 API sets on a new object.
struct NewObject {
    std::string content_type = "binary/octet-stream";
    std::map<std::string, std::string> metadata;  // x-amz-meta-<name> (lower-case names)
    std::map<std::string, std::string> headers;   // e.g. {"Content-Encoding","gzip"}
};

class BucketStore {
public:
    BucketStore(Database& database, std::filesystem::path root);

    ObjectFiles& files() { return files_; }
    ResourceStore& resources() { return store_; }

    // The bucket's row (account, region), or kNotFound.
    Result<StoredResource> find_bucket(std::string_view bucket);
    // Creates the bucket for `account_id` in `region` unless it exists (config-declared trails).
    // kAlreadyExists when another account owns it.
    Result<StoredResource> ensure_bucket(std::string_view account_id,
                                         std::string_view region,
                                         std::string_view bucket,
                                         TimePoint now);

    // Stores `data` under `key` (replacing an existing object) and returns its metadata.
    Result<ObjectInfo> put_object(std::string_view bucket,
                                  std::string_view key,
                                  std::string_view data,
                                  const NewObject& attributes,
                                  TimePoint now);
    // Records `info` (whose file is already stored) as the object's metadata in `bucket_row`'s
    // bucket and removes the file of the version it replaces. kNotFound when the bucket has gone
    // (the new file is removed then). The S3 API commits through this too.
    Status commit_object(const StoredResource& bucket_row, const ObjectInfo& info, TimePoint now);

    Result<ObjectInfo> head_object(std::string_view bucket, std::string_view key);
    // The whole object.
    Result<std::string> read_object(std::string_view bucket, std::string_view key);
    // Objects whose key starts with `prefix`, in key order.
    Result<std::vector<ObjectInfo>> list_objects(std::string_view bucket, std::string_view prefix);
    Status delete_object(std::string_view bucket, std::string_view key);

private:
    Database& database_;
    ResourceStore store_;
    ObjectFiles files_;
    std::mutex mutex_;
};

}  // namespace tripline::storage
