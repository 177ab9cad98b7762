// Percent-encoding as AWS requests and SigV4 need it, for the API's verifier and the AWS client's
// signer alike: RFC 3986 encoding (unreserved characters `A-Za-z0-9-_.~` kept, everything else
// `%XX` in upper-case hex, space → `%20`, never '+'), lenient decoding, and the dot/empty-segment
// path normalisation that SigV4 applies for every service but S3.
// Thread-safety: pure functions. Errors: none; malformed escapes are kept as literal text.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tripline {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Encodes every byte but the unreserved ones; with keep_slash, '/' is kept as well (object keys in
// paths).
std::string uri_encode(std::string_view text, bool keep_slash);

// Decodes `%XX` (either case of hex). A '%' not followed by two hex digits stays as is; '+' stays
// '+' (RFC 3986, not form encoding).
std::string percent_decode(std::string_view text);

// Splits a raw query string on '&' and each part at its first '=', percent-decoding both sides
// ("a" → {"a", ""}). Empty parts ("a=1&&b=2") are skipped.
QueryParams decode_query(std::string_view raw_query);

// "name=value&…" with names and values encoded, sorted by encoded name then encoded value: both the
// canonical query of SigV4 and what the client puts on the wire, so that the two never disagree.
// A parameter with an empty value is written "name=" (as botocore and S3 expect).
std::string encode_query(const QueryParams& params);

// RFC 3986 §5.2.4 dot-segment removal plus removal of empty segments, as botocore does for every
// service but S3: "//a/./b/../c/" → "/a/c/". The empty path becomes "/"; a trailing slash stays
// when anything remains.
std::string normalize_path(std::string_view raw_path);

}  // namespace tripline
