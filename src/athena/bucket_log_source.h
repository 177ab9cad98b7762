// The files of Athena's external tables: objects of Tripline's buckets (storage::BucketStore),
// gunzipped when they are gzip. A caller's account must own the bucket, as an S3 location a
// real account's Athena reads must be readable by it.
// Thread-safety: as BucketStore (any thread).
#pragma once

#include "query/external_tables.h"
#include "storage/bucket_store.h"

namespace tripline::athena {

class BucketLogSource final : public query::athena::LogFileSource {
public:
    explicit BucketLogSource(storage::BucketStore& buckets) : buckets_(buckets) {}

    Result<std::vector<Object>> list(std::string_view account,
                                     const std::string& bucket,
                                     const std::string& prefix) override;
    Result<std::string> read_text(const std::string& bucket, const std::string& key) override;

private:
    storage::BucketStore& buckets_;
};

}  // namespace tripline::athena
