#include "awsclient/http_transport.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <thread>

#include "awsclient/aws_error.h"
#include "awsclient/curl_sender.h"

namespace tripline::awsclient {
namespace {

// Retry-After in whole seconds (the HTTP-date form is ignored: AWS sends seconds).
std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response) {
    std::string value = response.header("retry-after");
    if (value.empty() || value.size() > 6 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(std::stol(value) * 1000);
}

}  // namespace

std::chrono::milliseconds backoff_delay(const RetryOptions& options,
                                        int retry,
                                        bool throttled,
                                        double random_unit) {
    const auto base = throttled ? options.throttle_base_delay : options.base_delay;
    const double cap = static_cast<double>(options.max_delay.count());
    double ceiling = static_cast<double>(base.count());
    for (int i = 0; i < retry && ceiling < cap; ++i) {
        ceiling *= 2;
    }
    ceiling = std::min(ceiling, cap);
    double unit = std::clamp(random_unit, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<long long>(unit * ceiling));
}

HttpTransport::HttpTransport(TransportOptions options, RetryHooks hooks)
    : HttpTransport(options, std::make_unique<CurlSender>(options), std::move(hooks)) {}

HttpTransport::HttpTransport(TransportOptions options,
                             std::unique_ptr<HttpSender> sender,
                             RetryHooks hooks)
    : options_(std::move(options)), sender_(std::move(sender)), hooks_(std::move(hooks)) {
    if (!hooks_.sleep) {
        hooks_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    }
    if (!hooks_.random) {
        auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
        hooks_.random = [engine] {
            return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
        };
    }
}

HttpTransport::~HttpTransport() = default;

Result<HttpResponse> HttpTransport::send(const HttpRequest& request,
                                         const std::function<void(HttpRequest&)>& prepare) {
    const int max_attempts = std::max(1, options_.retry.max_attempts);
    last_attempts_ = 0;
    for (int attempt = 1;; ++attempt) {
        HttpRequest copy = request;
        if (prepare) {
            prepare(copy);
        }
        ++last_attempts_;
        Result<HttpResponse> result = sender_->perform(copy);
        bool retryable = false;
        bool throttled = false;
        std::optional<std::chrono::milliseconds> server_delay;
        if (!result) {
            retryable = result.error().code == Errc::kUnavailable;
        } else if (result->status >= 300 || result->status < 100) {
            AwsError error = parse_aws_error(*result);
            retryable = is_retryable(error);
            throttled = is_throttling_code(error.code) || result->status == 429;
            server_delay = retry_after(*result);
        }
        if (!retryable || attempt >= max_attempts) {
            return result;
        }
        auto delay = backoff_delay(options_.retry, attempt - 1, throttled, hooks_.random());
        if (server_delay) {
            delay = std::min(std::max(delay, *server_delay), options_.retry.max_delay);
        }
        hooks_.sleep(delay);
    }
}

}  // namespace tripline::awsclient
