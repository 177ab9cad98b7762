// The paging logic of ListObjectsV2 (and V1): from a bucket's keys in byte order, the page that a
// prefix, a delimiter, max-keys and a resume point select — keys under `Contents`, rolled-up
// `CommonPrefixes`, whether the listing is truncated and where the next page resumes. Pure,
// thread-safe. Continuation tokens are opaque to clients (base64 of the resume point) and decoded
// with decode_continuation_token().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::api::services::s3 {

inline constexpr int kMaxListKeys = 1000;

// Where a page starts: strictly after `key`; when `skip_prefix` is set, also after every key that
// starts with it (the page before ended on that common prefix).
struct ResumePoint {
    std::string key;
    bool skip_prefix = false;
};

struct ListingRequest {
    std::string prefix;
    std::string delimiter;
    int max_keys = kMaxListKeys;
    ResumePoint after;  // start-after / marker / continuation token
};

struct ListingPage {
    std::vector<std::size_t> contents;  // indexes into the key list
    std::vector<std::string> common_prefixes;
    bool truncated = false;
    ResumePoint next;  // meaningful when truncated: the last entry returned
};

// `keys` must be sorted in byte order (S3's order for UTF-8 keys).
ListingPage list_page(const std::vector<std::string>& keys, const ListingRequest& request);

std::string encode_continuation_token(const ResumePoint& point);
std::optional<ResumePoint> decode_continuation_token(std::string_view token);

}  // namespace tripline::api::services::s3
