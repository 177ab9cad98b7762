#include "storage/bucket_store.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

namespace tripline::storage {

namespace {

std::string md5_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_md5(), nullptr);
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        char buffer[3];
        std::snprintf(buffer, sizeof buffer, "%02x", digest[i]);
        hex += buffer;
    }
    return hex;
}

}  // namespace

nlohmann::json ObjectInfo::to_json() const {
    nlohmann::json j = {{"file", file},
                        {"size", size},
                        {"etag", etag},
                        {"contentType", content_type},
                        {"lastModified", format_iso8601_millis(last_modified)},
                        {"metadata", metadata},
                        {"headers", headers},
                        {"storageClass", storage_class},
                        {"sse", sse}};
    if (!crc32.empty()) {
        j["crc32"] = crc32;
    }
    return j;
}

ObjectInfo ObjectInfo::from_row(const storage::StoredResource& row) {
    ObjectInfo o;
    o.key = row.name;
    auto j = nlohmann::json::parse(row.document, nullptr, false);
    if (!j.is_object()) {
        return o;
    }
    o.file = j.value("file", "");
    o.size = j.value("size", std::uint64_t{0});
    o.etag = j.value("etag", "");
    o.content_type = j.value("contentType", "binary/octet-stream");
    parse_iso8601(j.value("lastModified", ""), o.last_modified);
    if (j.contains("metadata") && j["metadata"].is_object()) {
        o.metadata = j["metadata"];
    }
    if (j.contains("headers") && j["headers"].is_object()) {
        o.headers = j["headers"];
    }
    o.crc32 = j.value("crc32", "");
    o.storage_class = j.value("storageClass", "STANDARD");
    o.sse = j.value("sse", "AES256");
    return o;
}

BucketStore::BucketStore(Database& database, std::filesystem::path root)
    : database_(database), store_(database), files_(std::move(root)) {}

Result<StoredResource> BucketStore::find_bucket(std::string_view bucket) {
    return store_.get_by_arn(bucket_arn(bucket));
}

Result<StoredResource> BucketStore::ensure_bucket(std::string_view account_id,
                                                  std::string_view region,
                                                  std::string_view bucket,
                                                  TimePoint now) {
    std::lock_guard lock(mutex_);
    auto existing = store_.get_by_arn(bucket_arn(bucket));
    if (existing) {
        if (existing->account_id != account_id) {
            return make_error(Errc::kAlreadyExists,
                              "bucket " + std::string(bucket) + " belongs to another account");
        }
        return existing;
    }
    if (existing.error().code != Errc::kNotFound) {
        return existing.error();
    }
    TRIPLINE_TRY(files_.create_bucket(bucket));
    StoredResource row;
    row.account_id = std::string(account_id);
    row.region = std::string(region);
    row.type = std::string(kBucketType);
    row.name = std::string(bucket);
    row.arn = bucket_arn(bucket);
    row.document = "{}";
    return store_.put(row, now);
}

Result<ObjectInfo> BucketStore::put_object(std::string_view bucket,
                                           std::string_view key,
                                           std::string_view data,
                                           const NewObject& attributes,
                                           TimePoint now) {
    TRIPLINE_ASSIGN_OR_RETURN(StoredResource bucket_row, find_bucket(bucket));
    ObjectInfo info;
    info.key = std::string(key);
    TRIPLINE_ASSIGN_OR_RETURN(info.file, files_.store(bucket, data));
    info.size = data.size();
    info.etag = "\"" + md5_hex(data) + "\"";
    info.content_type = attributes.content_type;
    info.last_modified = now;
    for (const auto& [name, value] : attributes.metadata) {
        info.metadata[name] = value;
    }
    for (const auto& [name, value] : attributes.headers) {
        info.headers[name] = value;
    }
    TRIPLINE_TRY(commit_object(bucket_row, info, now));
    return info;
}

Status BucketStore::commit_object(const StoredResource& bucket_row,
                                  const ObjectInfo& info,
                                  TimePoint now) {
    const std::string& bucket = bucket_row.name;
    std::optional<ObjectInfo> previous;
    {
        std::lock_guard lock(mutex_);
        // The bucket may have been deleted while the bytes were being written.
        auto still = store_.get_by_arn(bucket_arn(bucket));
        if (!still || still->account_id != bucket_row.account_id) {
            files_.remove(bucket, info.file);
            return make_error(Errc::kNotFound, "no such bucket: " + bucket);
        }
        auto old =
            store_.get(bucket_row.account_id, bucket_row.region, object_type(bucket), info.key);
        if (old) {
            previous = ObjectInfo::from_row(*old);
        }
        StoredResource row;
        row.account_id = bucket_row.account_id;
        row.region = bucket_row.region;
        row.type = object_type(bucket);
        row.name = info.key;
        row.arn = bucket_arn(bucket) + "/" + info.key;
        row.document = info.to_json().dump();
        auto stored = store_.put(row, now);
        if (!stored) {
            files_.remove(bucket, info.file);
            return stored.error();
        }
    }
    if (previous && previous->file != info.file) {
        files_.remove(bucket, previous->file);
    }
    return ok_status();
}

Result<ObjectInfo> BucketStore::head_object(std::string_view bucket, std::string_view key) {
    TRIPLINE_ASSIGN_OR_RETURN(StoredResource bucket_row, find_bucket(bucket));
    TRIPLINE_ASSIGN_OR_RETURN(
        StoredResource row,
        store_.get(bucket_row.account_id, bucket_row.region, object_type(bucket), key));
    return ObjectInfo::from_row(row);
}

Result<std::string> BucketStore::read_object(std::string_view bucket, std::string_view key) {
    TRIPLINE_ASSIGN_OR_RETURN(ObjectInfo info, head_object(bucket, key));
    return files_.read(bucket, info.file, 0, info.size);
}

Result<std::vector<ObjectInfo>> BucketStore::list_objects(std::string_view bucket,
                                                          std::string_view prefix) {
    TRIPLINE_ASSIGN_OR_RETURN(StoredResource bucket_row, find_bucket(bucket));
    TRIPLINE_ASSIGN_OR_RETURN(
        std::vector<StoredResource> rows,
        store_.list(bucket_row.account_id, bucket_row.region, object_type(bucket)));
    std::vector<ObjectInfo> objects;
    for (const StoredResource& row : rows) {
        if (std::string_view(row.name).starts_with(prefix)) {
            objects.push_back(ObjectInfo::from_row(row));
        }
    }
    return objects;
}

Status BucketStore::delete_object(std::string_view bucket, std::string_view key) {
    TRIPLINE_ASSIGN_OR_RETURN(ObjectInfo info, head_object(bucket, key));
    TRIPLINE_ASSIGN_OR_RETURN(StoredResource bucket_row, find_bucket(bucket));
    TRIPLINE_TRY(store_.remove(bucket_row.account_id, bucket_row.region, object_type(bucket), key));
    files_.remove(bucket, info.file);
    return ok_status();
}

}  // namespace tripline::storage
