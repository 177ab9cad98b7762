// Which buckets and objects a classification job analyses (macie.md §11): bucketDefinitions or
// bucketCriteria, and the scoping includes/excludes on extension, key prefix, size, last-modified
// date and object tags.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/bucket_store.h"

namespace tripline::discover {

// kInvalidArgument naming the member: both or neither of bucketDefinitions/bucketCriteria, unknown
// keys or comparators, a scope value of the wrong form.
Status validate_job_definition(const nlohmann::json& s3_job_definition);

// Whether a bucket of `account_id` is analysed. Criteria on sharing/permission see this server's
// buckets as NOT_PUBLIC / NOT_SHARED; tag criteria see no tags.
bool bucket_selected(const nlohmann::json& s3_job_definition,
                     const std::string& account_id,
                     const std::string& bucket);

// An object is analysed when it satisfies every include term and not every exclude term.
bool object_in_scope(const nlohmann::json& scoping, const storage::ObjectInfo& object);

}  // namespace tripline::discover
