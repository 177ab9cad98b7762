// The S3 responses the client reads, parsed from their XML: ListObjectsV2's ListBucketResult
// (with encoding-type=url names decoded). Kept apart from the client so recorded responses are
// tested without a server.
// Thread-safety: pure functions. Errors: kInvalidArgument for malformed XML or a document that is
// not a ListBucketResult; numbers that do not parse are errors too (a truncated or foreign body
// must not look like an empty listing).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::awsclient {

struct S3Object {
    std::string key;
    std::string etag;  // without the surrounding quotes
    std::uint64_t size = 0;
    std::string last_modified;  // ISO 8601 as S3 sent it
    std::string storage_class;
};

struct ListObjectsV2Page {
    std::string bucket;
    std::string prefix;
    std::string delimiter;
    std::vector<S3Object> contents;
    std::vector<std::string> common_prefixes;
    bool is_truncated = false;
    std::string next_continuation_token;
    std::uint64_t key_count = 0;
};

Result<ListObjectsV2Page> parse_list_objects_v2(std::string_view xml);

// Decodes a name S3 returned with encoding-type=url ('+' is a space, %XX a byte).
std::string decode_s3_url_name(std::string_view text);

}  // namespace tripline::awsclient
