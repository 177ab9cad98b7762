// Percent-encoding as SigV4 canonicalisation needs it: RFC 3986 encoding (unreserved characters
// `A-Za-z0-9-_.~` kept, everything else `%XX` with upper-case hex, space → `%20`), lenient
// decoding, and the path normalisation that AWS services other than S3 apply.
// Thread-safety: pure functions. Errors: none; malformed escapes are kept as literal text.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tripline::api::auth {

// Encodes every byte but the unreserved ones; with keep_slash, '/' is kept as well.
std::string uri_encode(std::string_view text, bool keep_slash);

// Decodes `%XX` (either case of hex). A '%' not followed by two hex digits stays as is; '+' stays
// '+' (RFC 3986, not form encoding).
std::string percent_decode(std::string_view text);

// Splits a raw query string on '&' and each part at its first '=', percent-decoding both sides
// ("a" → {"a", ""}). Empty parts ("a=1&&b=2") are skipped.
std::vector<std::pair<std::string, std::string>> decode_query(std::string_view raw_query);

// RFC 3986 §5.2.4 dot-segment removal plus removal of empty segments, as botocore does for every
// service but S3: "//a/./b/../c/" → "/a/c/". The empty path becomes "/"; a trailing slash stays
// when anything remains.
std::string normalize_path(std::string_view raw_path);

}  // namespace tripline::api::auth
