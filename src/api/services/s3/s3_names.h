// The names S3 accepts, checked before anything touches the file system: bucket names by S3's
// naming rules, object keys by S3's limits plus Tripline's own refusal of keys that look like path
// traversal (`..` segments, a leading '/', NUL, invalid UTF-8). Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tripline::api::services::s3 {

inline constexpr std::size_t kMaxKeyBytes = 1024;

// 3-63 characters of [a-z0-9.-], starting and ending with a letter or digit, no "..", ".-" or
// "-.", not shaped like an IPv4 address, none of the reserved prefixes/suffixes
// (xn--, sthree-, -s3alias, --ol-s3).
bool is_valid_bucket_name(std::string_view name);

enum class KeyProblem {
    kNone,
    kEmpty,
    kTooLong,     // more than 1024 bytes (S3: KeyTooLongError)
    kNotUtf8,     // not valid UTF-8
    kControlNul,  // contains NUL
    kTraversal,   // a ".." segment (split on '/' or '\\') or a leading '/'
};

KeyProblem check_object_key(std::string_view key);
// The message Tripline gives for a refused key (kNone → empty).
std::string key_problem_message(KeyProblem problem);

// Splits an S3 path-style request path ("/bucket/key/with/slashes") into bucket and key. The key is
// everything after the first '/' following the bucket (empty for "/b" and "/b/").
struct S3Path {
    std::string bucket;
    std::string key;
};
S3Path split_s3_path(std::string_view path);

}  // namespace tripline::api::services::s3
