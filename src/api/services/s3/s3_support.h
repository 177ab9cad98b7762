// Shared pieces of the S3 handlers (module-private to api/services/s3): the parsed request, S3's
// error replies worded as S3 words them, XML and empty replies, RFC 1123 dates, and the bucket and
// object documents kept in the ResourceStore.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_error.h"
#include "api/http_server.h"
#include "api/query_form.h"
#include "base/clock.h"
#include "storage/bucket_store.h"
#include "storage/resource_store.h"

namespace tripline::api::services::s3 {

inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
using storage::bucket_arn;
using storage::kBucketType;
using storage::object_type;
using storage::ObjectFiles;
using storage::ObjectInfo;
using storage::PartFile;
using storage::upload_type;

inline constexpr std::uint64_t kMinPartBytes = 5ull * 1024 * 1024;

struct S3Request {
    const HttpRequest* http = nullptr;
    std::string bucket;
    std::string key;
    QueryForm query;
    std::string_view body;

    std::string header(std::string_view name) const;  // lower-case name; "" when absent
    bool has_header(std::string_view name) const;
    std::optional<std::string> param(std::string_view name) const;
};

// --- errors ---
ApiError s3_error(int status, std::string code, std::string message);
ApiError no_such_bucket(std::string_view bucket);
ApiError no_such_key(std::string_view key);
ApiError invalid_bucket_name(std::string_view bucket);
ApiError malformed_xml();
ApiError invalid_argument(std::string message, std::string_view name, std::string_view value);
ApiError invalid_digest();
ApiError bad_digest(std::string_view what);
ApiError no_such_upload(std::string_view upload_id);
ApiError not_implemented(std::string_view operation);
ApiError internal_error();
ApiError access_denied();

// Checks Content-MD5 (InvalidDigest/BadDigest) and x-amz-checksum-crc32 (BadDigest) against
// `data` when the request carries them.
std::optional<ApiError> verify_integrity(const S3Request& req, std::string_view data);

// --- replies ---
HttpResponse xml_reply(std::string xml_without_declaration, int status = 200);
HttpResponse empty_reply(int status = 200);

// "Wed, 21 Oct 2015 07:28:00 GMT"
std::string http_date(TimePoint t);
// The 64-hex canonical user id S3 shows for an account (stable: derived from the account id).
std::string canonical_user_id(std::string_view account_id);

// A bucket as stored: the ResourceStore row plus its parsed document
// {"acl":{...},"policy":"…","publicAccessBlock":{...},"encryption":{...}}.
struct BucketInfo {
    storage::StoredResource row;
    nlohmann::json doc;
    const std::string& name() const { return row.name; }
    const std::string& region() const { return row.region; }
};

// Fills the request-settable parts of an object's metadata from PutObject /
// CreateMultipartUpload / CopyObject(REPLACE) headers: Content-Type, x-amz-meta-*, Content-Encoding
// (without aws-chunked), Cache-Control, Content-Disposition, Content-Language, Expires, storage
// class and server-side encryption (the bucket default unless the request names one).
void apply_object_headers(const S3Request& req, const BucketInfo& bucket, ObjectInfo& info);

// Response headers describing an object (ETag, Last-Modified, x-amz-meta-*, stored headers, SSE).
void add_object_headers(const ObjectInfo& info, HttpResponse& response);

}  // namespace tripline::api::services::s3
