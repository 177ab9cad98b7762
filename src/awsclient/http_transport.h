// HttpTransport: sends AWS requests with retries. One attempt goes through an HttpSender (libcurl
// by default, curl_sender.h; tests plug in a fake); the transport retries connection failures,
// throttling (429, 503 SlowDown, Throttling* codes) and 5xx answers with full-jitter exponential
// backoff - sleep uniform(0, min(max_delay, base * 2^attempt)), a larger base for throttling, and
// a server's Retry-After honoured up to max_delay - until max_attempts attempts were made.
//
// Ownership: the transport owns its sender; the sleep and random functions are copied.
// Thread-safety: none; one thread uses a transport at a time (the curl sender reuses one handle so
// that connections stay alive between requests). Use one transport per thread.
// Errors: send() returns the last response (whatever its status) when one arrived; transport
// failures are Errors: kUnavailable (connect/timeout/reset, after the retries), kLimitExceeded
// (response larger than allowed), kInvalidArgument (bad URL or header), kFailedPrecondition (TLS
// verification failed).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "awsclient/http_message.h"
#include "base/result.h"

namespace tripline::awsclient {

// One attempt of one request.
class HttpSender {
public:
    virtual ~HttpSender() = default;
    // A response of any status, or an Error when none arrived (kUnavailable when retrying may
    // help).
    virtual Result<HttpResponse> perform(const HttpRequest& request) = 0;
};

struct RetryOptions {
    int max_attempts = 5;  // the first attempt included; 1 disables retries
    std::chrono::milliseconds base_delay{100};
    std::chrono::milliseconds throttle_base_delay{500};
    std::chrono::milliseconds max_delay{20'000};
};

struct TransportOptions {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds request_timeout{300'000};  // whole transfer of one attempt
    std::size_t max_response_bytes = 256 * 1024 * 1024;
    bool verify_tls = true;
    std::string ca_file;  // empty: the system's bundle (AWS_CA_BUNDLE is the caller's to pass)
    std::string user_agent = "tripline";
    RetryOptions retry;
};

struct RetryHooks {
    // Waits between attempts; default std::this_thread::sleep_for (tests record instead).
    std::function<void(std::chrono::milliseconds)> sleep;
    // Uniform in [0, 1); default a per-transport std::mt19937_64 seeded from random_device.
    std::function<double()> random;
};

// The delay before retry number `retry` (0 for the first retry): full jitter.
std::chrono::milliseconds backoff_delay(const RetryOptions& options,
                                        int retry,
                                        bool throttled,
                                        double random_unit);

class HttpTransport {
public:
    // Uses a libcurl sender configured from `options`.
    explicit HttpTransport(TransportOptions options, RetryHooks hooks = {});
    HttpTransport(TransportOptions options,
                  std::unique_ptr<HttpSender> sender,
                  RetryHooks hooks = {});
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    // Sends with retries; `prepare` runs on a fresh copy of `request` before every attempt (to
    // sign it with the current time).
    Result<HttpResponse> send(const HttpRequest& request,
                              const std::function<void(HttpRequest&)>& prepare = {});

    const TransportOptions& options() const { return options_; }
    // Attempts made by the last send() (for tests and progress reporting).
    int last_attempts() const { return last_attempts_; }

private:
    TransportOptions options_;
    std::unique_ptr<HttpSender> sender_;
    RetryHooks hooks_;
    int last_attempts_ = 0;
};

}  // namespace tripline::awsclient
