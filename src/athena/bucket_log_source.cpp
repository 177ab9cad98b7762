#include "athena/bucket_log_source.h"

#include "trail/gzip.h"

namespace tripline::athena {

namespace {

// A log file larger than this once gunzipped is refused (CloudTrail's are a few MB).
constexpr std::size_t kMaxLogFileBytes = std::size_t{512} << 20;

}  // namespace

Result<std::vector<query::athena::LogFileSource::Object>> BucketLogSource::list(
    std::string_view account, const std::string& bucket, const std::string& prefix) {
    auto row = buckets_.find_bucket(bucket);
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return make_error(Errc::kNotFound,
                              "HIVE_CANNOT_OPEN_SPLIT: The specified bucket does "
                              "not exist: " +
                                  bucket);
        }
        return row.error();
    }
    if (!account.empty() && row->account_id != account) {
        return make_error(Errc::kPermissionDenied,
                          "Access denied when reading s3://" + bucket + "/" + prefix +
                              ": the bucket belongs to another account");
    }
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<storage::ObjectInfo> objects,
                              buckets_.list_objects(bucket, prefix));
    std::vector<Object> out;
    out.reserve(objects.size());
    for (const storage::ObjectInfo& object : objects) {
        out.push_back({object.key, object.etag});
    }
    return out;
}

Result<std::string> BucketLogSource::read_text(const std::string& bucket, const std::string& key) {
    TRIPLINE_ASSIGN_OR_RETURN(std::string data, buckets_.read_object(bucket, key));
    if (trail::is_gzip(data)) {
        return trail::gunzip(data, kMaxLogFileBytes);
    }
    return data;
}

}  // namespace tripline::athena
