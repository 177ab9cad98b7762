// ResourceStore: the generic store for the resources the APIs and the config create (SNS topics,
// EventBridge rules, trails, alarms, detectors, ...), one row per resource in table `resources`.
// A resource is named by (account, region, type, name), carries its ARN (unique across the store)
// and a JSON document that belongs to the owning service; this store does not interpret it beyond
// checking that it is valid JSON. `type` is the owning service's choice, e.g. "sns:topic".
//
// Ownership: borrows the Database, which must outlive the store. Thread-safety: as safe as the
// Database (each call holds its lock); calls join an open Transaction of the calling thread.
// Errors: kNotFound for a missing resource, kAlreadyExists when the ARN belongs to another
// resource, kFailedPrecondition for a document that is not JSON, SQLite errors as in database.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

struct StoredResource {
    std::string account_id;
    std::string region;
    std::string type;
    std::string name;
    std::string arn;
    std::string document;  // JSON text
    TimePoint created_at;
    TimePoint updated_at;
};

class ResourceStore {
public:
    explicit ResourceStore(Database& db) : db_(db) {}

    // Inserts the resource or replaces the ARN and document of an existing one. created_at and
    // updated_at of `resource` are ignored: a new resource gets `now` for both, an existing one
    // keeps its created_at. Returns the stored row.
    Result<StoredResource> put(const StoredResource& resource, TimePoint now);

    Result<StoredResource> get(std::string_view account_id,
                               std::string_view region,
                               std::string_view type,
                               std::string_view name);
    Result<StoredResource> get_by_arn(std::string_view arn);
    // One account's resources of one type in one region, by name.
    Result<std::vector<StoredResource>> list(std::string_view account_id,
                                             std::string_view region,
                                             std::string_view type);
    // Every resource of one type in every account and region (start-up loading), by ARN.
    Result<std::vector<StoredResource>> list_all(std::string_view type);

    Status remove(std::string_view account_id,
                  std::string_view region,
                  std::string_view type,
                  std::string_view name);

private:
    Result<std::vector<StoredResource>> collect(Statement& stmt);

    Database& db_;
};

}  // namespace tripline::storage
