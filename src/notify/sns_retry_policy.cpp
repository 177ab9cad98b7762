#include "notify/sns_retry_policy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace tripline::notify {

namespace {

using std::chrono::seconds;

constexpr double kJitterFraction = 0.1;
constexpr int kMaxHttpRetries = 100;
constexpr int kMaxHttpDelaySeconds = 3600;

double backoff_fraction(SnsBackoffFunction function, double t, double min_s, double max_s) {
    switch (function) {
        case SnsBackoffFunction::kLinear:
            return t;
        case SnsBackoffFunction::kArithmetic:
            return t * t;
        case SnsBackoffFunction::kExponential:
            // Classic exponential backoff: a constant ratio between consecutive delays.
            if (min_s <= 0 || max_s <= min_s) {
                return t;
            }
            return (min_s * std::pow(max_s / min_s, t) - min_s) / (max_s - min_s);
        case SnsBackoffFunction::kGeometric:
            return (std::pow(2.0, 10.0 * t) - 1.0) / 1023.0;
    }
    return t;
}

Duration from_seconds(double s) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
}

Status read_int(const nlohmann::json& doc, const char* key, int& out) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
        return ok_status();
    }
    if (!it->is_number_integer()) {
        return make_error(
            Errc::kInvalidArgument,
            std::string("DeliveryPolicy: healthyRetryPolicy.") + key + " must be an integer");
    }
    auto value = it->get<long long>();
    if (value < 0 || value > 1'000'000) {
        return make_error(
            Errc::kInvalidArgument,
            std::string("DeliveryPolicy: healthyRetryPolicy.") + key + " is out of range");
    }
    out = static_cast<int>(value);
    return ok_status();
}

Result<SnsRetryPolicy> parse_healthy_retry_policy(const nlohmann::json& doc) {
    if (!doc.is_object()) {
        return make_error(Errc::kInvalidArgument,
                          "DeliveryPolicy: healthyRetryPolicy must be an object");
    }
    SnsRetryPolicy p = sns_http_default_retry_policy();
    int min_s = 20;
    int max_s = 20;
    TRIPLINE_TRY(read_int(doc, "minDelayTarget", min_s));
    TRIPLINE_TRY(read_int(doc, "maxDelayTarget", max_s));
    TRIPLINE_TRY(read_int(doc, "numRetries", p.num_retries));
    TRIPLINE_TRY(read_int(doc, "numNoDelayRetries", p.num_no_delay_retries));
    TRIPLINE_TRY(read_int(doc, "numMinDelayRetries", p.num_min_delay_retries));
    TRIPLINE_TRY(read_int(doc, "numMaxDelayRetries", p.num_max_delay_retries));
    if (auto it = doc.find("backoffFunction"); it != doc.end() && !it->is_null()) {
        std::string name = it->is_string() ? it->get<std::string>() : "";
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        if (name == "linear") {
            p.backoff = SnsBackoffFunction::kLinear;
        } else if (name == "arithmetic") {
            p.backoff = SnsBackoffFunction::kArithmetic;
        } else if (name == "geometric") {
            p.backoff = SnsBackoffFunction::kGeometric;
        } else if (name == "exponential") {
            p.backoff = SnsBackoffFunction::kExponential;
        } else {
            return make_error(Errc::kInvalidArgument,
                              "DeliveryPolicy: backoffFunction must be linear, arithmetic, "
                              "geometric or exponential");
        }
    }
    if (p.num_retries > kMaxHttpRetries) {
        return make_error(Errc::kInvalidArgument, "DeliveryPolicy: numRetries must be at most 100");
    }
    if (min_s < 1 || max_s > kMaxHttpDelaySeconds || min_s > max_s) {
        return make_error(Errc::kInvalidArgument,
                          "DeliveryPolicy: need 1 <= minDelayTarget <= maxDelayTarget <= 3600");
    }
    if (p.num_backoff_retries() < 0) {
        return make_error(Errc::kInvalidArgument,
                          "DeliveryPolicy: numNoDelayRetries + numMinDelayRetries + "
                          "numMaxDelayRetries exceed numRetries");
    }
    p.min_delay = seconds(min_s);
    p.max_delay = seconds(max_s);
    if (p.total_delay() > seconds(kMaxHttpDelaySeconds)) {
        return make_error(Errc::kInvalidArgument,
                          "DeliveryPolicy: the total retry time exceeds 3,600 seconds");
    }
    return p;
}

}  // namespace

std::optional<Duration> SnsRetryPolicy::delay_before_retry(int retry) const {
    if (retry < 1 || retry > num_retries) {
        return std::nullopt;
    }
    if (retry <= num_no_delay_retries) {
        return Duration::zero();
    }
    retry -= num_no_delay_retries;
    if (retry <= num_min_delay_retries) {
        return min_delay;
    }
    retry -= num_min_delay_retries;
    int backoff_retries = num_backoff_retries();
    if (retry <= backoff_retries) {
        double t =
            backoff_retries == 1 ? 1.0 : static_cast<double>(retry - 1) / (backoff_retries - 1);
        double min_s = std::chrono::duration<double>(min_delay).count();
        double max_s = std::chrono::duration<double>(max_delay).count();
        double delay = min_s + (max_s - min_s) * backoff_fraction(backoff, t, min_s, max_s);
        return from_seconds(std::clamp(delay, min_s, max_s));
    }
    return max_delay;
}

Duration SnsRetryPolicy::total_delay() const {
    Duration total = Duration::zero();
    // The long AWS-managed post-backoff phase is a multiple; the rest is at most a few dozen.
    int head = num_retries - num_max_delay_retries;
    for (int retry = 1; retry <= head; ++retry) {
        total += *delay_before_retry(retry);
    }
    return total + max_delay * num_max_delay_retries;
}

SnsRetryPolicy sns_email_retry_policy() {
    SnsRetryPolicy p;
    p.num_no_delay_retries = 0;
    p.num_min_delay_retries = 2;
    p.num_max_delay_retries = 38;
    p.num_retries = 2 + 10 + 38;
    p.min_delay = seconds(10);
    p.max_delay = seconds(600);
    p.backoff = SnsBackoffFunction::kExponential;
    return p;
}

SnsRetryPolicy sns_managed_endpoint_retry_policy() {
    SnsRetryPolicy p;
    p.num_no_delay_retries = 3;
    p.num_min_delay_retries = 2;
    p.num_max_delay_retries = 100'000;
    p.num_retries = 3 + 2 + 10 + 100'000;
    p.min_delay = seconds(1);
    p.max_delay = seconds(20);
    p.backoff = SnsBackoffFunction::kExponential;
    return p;
}

SnsRetryPolicy sns_http_default_retry_policy() { return SnsRetryPolicy{}; }

Result<SnsRetryPolicy> parse_sns_http_retry_policy(std::string_view delivery_policy,
                                                   std::string_view protocol) {
    if (delivery_policy.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return sns_http_default_retry_policy();
    }
    nlohmann::json doc = nlohmann::json::parse(delivery_policy, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return make_error(Errc::kInvalidArgument, "DeliveryPolicy is not a JSON object");
    }
    if (auto it = doc.find("healthyRetryPolicy"); it != doc.end()) {
        return parse_healthy_retry_policy(*it);
    }
    for (std::string_view key : {protocol, std::string_view("http")}) {
        auto section = doc.find(std::string(key));
        if (section != doc.end() && section->is_object()) {
            auto policy = section->find("defaultHealthyRetryPolicy");
            if (policy != section->end()) {
                return parse_healthy_retry_policy(*policy);
            }
        }
    }
    return sns_http_default_retry_policy();
}

Duration apply_sns_jitter(Duration delay, double uniform01) {
    double u = std::clamp(uniform01, 0.0, 1.0);
    double factor = 1.0 + kJitterFraction * (2.0 * u - 1.0);
    return std::chrono::duration_cast<Duration>(delay * factor);
}

}  // namespace tripline::notify
