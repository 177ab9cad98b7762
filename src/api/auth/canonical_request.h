// The SigV4 canonical request and string to sign (aws-api.md §6.2–6.3), built from the request as
// received:
//
//   CanonicalRequest = Method "\n" CanonicalURI "\n" CanonicalQuery "\n"
//                      CanonicalHeaders "\n" SignedHeaders "\n" PayloadHash
//   StringToSign     = "AWS4-HMAC-SHA256\n" AmzDate "\n" Scope "\n" hex(SHA-256(CanonicalRequest))
//
// CanonicalURI works on the raw request path (still percent-encoded as sent): S3 signs it as is;
// every other service normalises it (dot segments, empty segments) and percent-encodes it again.
// CanonicalQuery decodes each name and value, re-encodes them per RFC 3986 and sorts by name,
// then value. CanonicalHeaders trims values, collapses runs of spaces and joins repeated headers
// with ','. Thread-safety: pure functions. Errors: canonical_headers fails (kInvalidArgument) when
// a signed header is absent from the request.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::api::auth {

enum class PathCanonicalization {
    kNormalizeAndEncode,  // every service but S3: normalise, then percent-encode the raw path again
    kAsSent,              // S3: the raw path exactly as sent
};

// kAsSent for the "s3" signing name, kNormalizeAndEncode otherwise.
PathCanonicalization path_canonicalization_for(std::string_view service);

// Splits a raw request target ("/a%20b?x=1") into its path and query; an absolute-form target
// ("http://host:1/a?x") loses its scheme and authority. The fragment, if any, is dropped.
struct RawTarget {
    std::string_view path;
    std::string_view query;
};
RawTarget split_target(std::string_view target);

std::string canonical_uri(std::string_view raw_path, PathCanonicalization style);
// With exclude_signature, X-Amz-Signature is left out (presigned URLs).
std::string canonical_query(std::string_view raw_query, bool exclude_signature);
// Trims leading/trailing spaces and tabs and collapses inner runs of them to one space.
std::string canonical_header_value(std::string_view value);
// "name:value\n" for each signed name in the given order; `headers` has lower-cased names.
Result<std::string> canonical_headers(const std::multimap<std::string, std::string>& headers,
                                      const std::vector<std::string>& signed_headers);

struct CanonicalRequest {
    std::string method;
    std::string uri;
    std::string query;
    std::string headers;         // canonical_headers(), each line ending in '\n'
    std::string signed_headers;  // "h1;h2"
    std::string payload_hash;

    std::string text() const;
};

std::string string_to_sign(std::string_view amz_date,
                           std::string_view credential_scope,
                           std::string_view canonical_request_text);

}  // namespace tripline::api::auth
