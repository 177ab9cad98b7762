// HttpRequest / HttpResponse: the plain request and response values that the signer signs, the
// transport sends and the service clients build and read. The request keeps its URL in parts
// (scheme, host, port, encoded path, decoded query) so that the signer and the wire always agree
// on the canonical URI, query and Host header.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/uri_encoding.h"

namespace tripline::awsclient {

struct HttpHeader {
    std::string name;
    std::string value;
};

struct HttpRequest {
    std::string method = "GET";
    std::string scheme = "https";  // "http" or "https"
    std::string host;              // "s3.us-east-1.amazonaws.com", "127.0.0.1", "[::1]"
    int port = 0;                  // 0: the scheme's default
    std::string path = "/";        // percent-encoded, exactly as sent ("/bucket/a%20key")
    QueryParams query;             // decoded names and values
    std::vector<HttpHeader> headers;
    std::string body;

    // "host" or "host:port" when the port is not the scheme's default: what curl sends as Host.
    std::string host_header() const;
    // scheme://host[:port]path[?encoded query]
    std::string url() const;
    // The first header with this name (case-insensitive), or nullptr.
    const std::string* header(std::string_view name) const;
    void set_header(std::string name, std::string value);  // replaces every same-named header
    void remove_header(std::string_view name);
};

struct HttpResponse {
    long status = 0;
    std::vector<HttpHeader> headers;  // names lower-cased
    std::string body;

    // The first header with this (lower-case) name, or "" when absent.
    std::string header(std::string_view lower_name) const;
};

// ASCII case-insensitive equality, for header names.
bool iequals(std::string_view a, std::string_view b);

}  // namespace tripline::awsclient
