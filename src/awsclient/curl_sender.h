// CurlSender: one HTTP exchange over a libcurl easy handle that is kept between requests, so the
// connection to an endpoint stays alive (keep-alive) and TLS sessions are reused.
//
// TLS peers and host names are always verified (options.verify_tls = false exists only for labs
// with self-signed certificates); redirects are not followed (S3 region redirects are the
// client's to handle); only http and https are allowed; responses larger than
// max_response_bytes are cut off and reported as kLimitExceeded; bodies are never decompressed
// (a .json.gz object arrives as stored); "Expect: 100-continue" is disabled.
//
// Thread-safety: none; one thread at a time (the handle is reused).
// Errors: kUnavailable for failures worth retrying (resolve, connect, timeout, reset, empty
// reply), kLimitExceeded, kInvalidArgument (bad URL, CR/LF in a header), kFailedPrecondition
// (TLS verification), kIo otherwise.
#pragma once

#include "awsclient/http_transport.h"

namespace tripline::awsclient {

class CurlSender final : public HttpSender {
public:
    explicit CurlSender(TransportOptions options);
    ~CurlSender() override;
    CurlSender(const CurlSender&) = delete;
    CurlSender& operator=(const CurlSender&) = delete;

    Result<HttpResponse> perform(const HttpRequest& request) override;

private:
    TransportOptions options_;
    void* handle_ = nullptr;  // CURL*, kept opaque so that users need no curl headers
};

// curl_global_init exactly once per process, before the first handle.
void ensure_curl_global_init();

}  // namespace tripline::awsclient
