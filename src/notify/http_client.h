// HttpClient: POSTs one request with libcurl and reports what happened, for SNS HTTP/S
// subscriptions and EventBridge HTTP targets (API destinations).
//
// Redirects are not followed (SNS treats a 3xx like any other non-2xx reply); only http:// and
// https:// URLs are accepted; the response body is read up to `max_response_bytes` and the rest
// discarded (a hostile endpoint cannot make us buffer without bound); "Expect: 100-continue" is
// disabled. TLS peers are verified unless Options::verify_tls is false (labs with self-signed
// certificates).
//
// Thread-safety: post() may be called from several threads at once (one curl handle per call).
// Errors: post() never fails as a function; transport failures are described in HttpResult::error.
// Header names or values containing CR or LF are refused before anything is sent.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::notify {

struct HttpHeader {
    std::string name;
    std::string value;
};

struct HttpResult {
    long status = 0;   // HTTP status; 0 when no response arrived
    std::string body;  // at most max_response_bytes of the response body
    bool body_truncated = false;
    std::string error;  // transport failure (refused, timeout, TLS, bad URL); empty otherwise
    bool timed_out = false;
    bool invalid_request = false;  // refused before sending (bad URL or header): never retriable

    bool success() const { return error.empty() && status >= 200 && status < 300; }
};

class HttpClient {
public:
    struct Options {
        std::size_t max_response_bytes = 64 * 1024;
        bool verify_tls = true;
        std::string ca_file;  // empty: the system's CA bundle
    };

    HttpClient() = default;
    explicit HttpClient(Options options) : options_(std::move(options)) {}

    HttpResult post(std::string_view url,
                    const std::vector<HttpHeader>& headers,
                    std::string_view body,
                    std::chrono::milliseconds timeout) const;
    // Any of POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE (API destinations' HttpMethod); GET and
    // HEAD send no body. Another method is an invalid request.
    HttpResult send(std::string_view method,
                    std::string_view url,
                    const std::vector<HttpHeader>& headers,
                    std::string_view body,
                    std::chrono::milliseconds timeout) const;

private:
    Options options_;
};

// curl_global_init exactly once per process (shared with smtp_client.h).
void ensure_curl_initialized();

}  // namespace tripline::notify
