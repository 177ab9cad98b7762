// SigV4Signer: signs an HttpRequest with AWS Signature Version 4 in the Authorization header.
//
// What sign() adds (replacing any earlier signature, so a retried request is simply re-signed):
// X-Amz-Date, X-Amz-Security-Token for temporary credentials, X-Amz-Content-SHA256 for S3 (or
// when asked) unless the caller set it (e.g. "UNSIGNED-PAYLOAD"), and Authorization. Every header
// the request carries is signed, plus Host, except those that proxies or curl may change
// (User-Agent, Expect, Content-Length, Transfer-Encoding, Connection, X-Amzn-Trace-Id).
//
// Canonical URI: the request path is already percent-encoded as sent. S3 signs it as it is (no
// double encoding, no normalisation: keys may contain "//" or "./"); every other service signs it
// normalised (dot and empty segments removed) and percent-encoded once more. The canonical query
// encodes names and values per RFC 3986 and sorts them, exactly as HttpRequest::url() writes the
// query on the wire.
//
// Thread-safety: sign() is const; one signer may sign on many threads. It never logs; the secret
// key only feeds the key derivation. Errors: none (signing cannot fail once credentials exist).
#pragma once

#include <string>

#include "awsclient/credentials.h"
#include "awsclient/http_message.h"
#include "base/clock.h"

namespace tripline::awsclient {

enum class UriEncodingStyle {
    kS3,        // path signed as sent
    kStandard,  // normalised and encoded again
};

struct SigningScope {
    std::string region;   // "us-east-1"
    std::string service;  // signing name: "s3", "sts", "events", …
};

struct SignatureDetails {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signed_headers;  // "host;x-amz-date"
    std::string signature;       // hex
};

class SigV4Signer {
public:
    explicit SigV4Signer(Credentials credentials) : credentials_(std::move(credentials)) {}

    // Signs `request` for the given scope at `now` (from the caller's Clock). S3 uses the S3 URI
    // style and the content-SHA256 header; other services the standard style.
    SignatureDetails sign(HttpRequest& request, const SigningScope& scope, TimePoint now) const;

    const Credentials& credentials() const { return credentials_; }

private:
    Credentials credentials_;
};

// The pieces, exposed for tests and for diagnosing SignatureDoesNotMatch.
std::string amz_date(TimePoint t);  // "20150830T123600Z"
std::string canonical_uri(const std::string& path, UriEncodingStyle style);
std::string canonical_header_value(std::string_view value);
UriEncodingStyle uri_style_for(const std::string& service);

}  // namespace tripline::awsclient
