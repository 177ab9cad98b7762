// Endpoint: where a service is reached - scheme, host, port and an optional base path - parsed
// from an `--endpoint-url` ("http://127.0.0.1:4566", "https://minio.lan:9000/s3") or derived for
// AWS itself (aws_endpoint()).
// Thread-safety: plain values and pure functions. Errors: parse_endpoint_url fails
// (kInvalidArgument) on a missing or unsupported scheme, an empty host, a bad port, user info,
// a query or a fragment, naming the URL.
#pragma once

#include <string>

#include "base/result.h"

namespace tripline::awsclient {

struct Endpoint {
    std::string scheme = "https";
    std::string host;       // IPv6 literals keep their brackets: "[::1]"
    int port = 0;           // 0: the scheme's default
    std::string base_path;  // "" or "/s3" (no trailing slash), percent-encoded as given
    bool is_aws = false;    // an amazonaws.com endpoint derived by aws_endpoint()

    std::string to_string() const;  // "https://host[:port][/base]"
};

Result<Endpoint> parse_endpoint_url(const std::string& url);

// AWS's regional endpoint for a service: "https://s3.eu-west-1.amazonaws.com" (".com.cn" in the
// China regions).
Endpoint aws_endpoint(const std::string& service, const std::string& region);

}  // namespace tripline::awsclient
