// S3's operation routing (aws-api.md §2, path-style): the operation of a request from its method,
// whether the path names a bucket and a key, the sub-resource keys of its query string (?policy,
// ?uploads, ?uploadId, ?list-type, ...) and x-amz-copy-source. Names are CloudTrail's eventNames:
// ListObjectsV2 is recorded as "ListObjects" (with list-type=2 among its requestParameters) and the
// public-access-block calls as Get/Put/DeleteBucketPublicAccessBlock. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/http_server.h"

namespace tripline::api::services::s3 {

std::string s3_operation(const HttpRequest& request);

// Whether the operation is an object-level (data) event in CloudTrail.
bool is_data_event(std::string_view operation);

}  // namespace tripline::api::services::s3
