#include "notify/topic_delivery_policy.h"

#include <nlohmann/json.hpp>

namespace tripline::notify {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr int kMaxDelaySeconds = 3600;
constexpr int kMaxRetries = 100;
constexpr const char* kDefaultContentType = "text/plain; charset=UTF-8";

Error invalid(const std::string& reason) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: DeliveryPolicy: " + reason);
}

Result<json> parse_object(std::string_view text) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return invalid("the policy is not a JSON object");
    }
    return doc;
}

Result<int> integer_member(const json& policy, const char* key, int min, int max, int fallback) {
    auto it = policy.find(key);
    if (it == policy.end() || it->is_null()) {
        return fallback;
    }
    if (!it->is_number_integer()) {
        return invalid(std::string(key) + " must be an integer");
    }
    auto value = it->get<long long>();
    if (value < min || value > max) {
        return invalid(std::string(key) + " must be between " + std::to_string(min) + " and " +
                       std::to_string(max));
    }
    return static_cast<int>(value);
}

Status check_keys(const json& object, std::initializer_list<const char*> allowed) {
    for (const auto& [key, value] : object.items()) {
        bool known = false;
        for (const char* name : allowed) {
            known = known || key == name;
        }
        if (!known) {
            return invalid("Unrecognized field \"" + key + "\"");
        }
    }
    return ok_status();
}

Status validate_retry_policy(const json& policy) {
    if (policy.is_null()) {
        return ok_status();
    }
    if (!policy.is_object()) {
        return invalid("a retry policy must be a JSON object");
    }
    TRIPLINE_TRY(check_keys(policy,
                            {"minDelayTarget",
                             "maxDelayTarget",
                             "numRetries",
                             "numNoDelayRetries",
                             "numMinDelayRetries",
                             "numMaxDelayRetries",
                             "backoffFunction"}));
    TRIPLINE_ASSIGN_OR_RETURN(int min_delay,
                              integer_member(policy, "minDelayTarget", 1, kMaxDelaySeconds, 20));
    TRIPLINE_ASSIGN_OR_RETURN(int max_delay,
                              integer_member(policy, "maxDelayTarget", 1, kMaxDelaySeconds, 20));
    if (min_delay > max_delay) {
        return invalid("minDelayTarget must be less than or equal to maxDelayTarget");
    }
    TRIPLINE_ASSIGN_OR_RETURN(int retries, integer_member(policy, "numRetries", 0, kMaxRetries, 3));
    int phases = 0;
    for (const char* key : {"numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries"}) {
        TRIPLINE_ASSIGN_OR_RETURN(int n, integer_member(policy, key, 0, kMaxRetries, 0));
        phases += n;
    }
    if (phases > retries) {
        return invalid(
            "numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed "
            "numRetries");
    }
    if (auto it = policy.find("backoffFunction"); it != policy.end() && !it->is_null()) {
        std::string f = it->is_string() ? it->get<std::string>() : "";
        if (f != "arithmetic" && f != "exponential" && f != "geometric" && f != "linear") {
            return invalid(
                "backoffFunction must be one of arithmetic, exponential, geometric, linear");
        }
    }
    return ok_status();
}

Status validate_throttle_policy(const json& policy) {
    if (policy.is_null()) {
        return ok_status();
    }
    if (!policy.is_object()) {
        return invalid("a throttle policy must be a JSON object");
    }
    TRIPLINE_TRY(check_keys(policy, {"maxReceivesPerSecond"}));
    TRIPLINE_TRY(integer_member(policy, "maxReceivesPerSecond", 1, 1000000, 1));
    return ok_status();
}

Status validate_request_policy(const json& policy) {
    if (policy.is_null()) {
        return ok_status();
    }
    if (!policy.is_object()) {
        return invalid("a request policy must be a JSON object");
    }
    TRIPLINE_TRY(check_keys(policy, {"headerContentType"}));
    if (auto it = policy.find("headerContentType"); it != policy.end() && !it->is_string()) {
        return invalid("headerContentType must be a string");
    }
    return ok_status();
}

const json* member(const json& object, const char* key) {
    if (!object.is_object()) {
        return nullptr;
    }
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

json parse_or_empty(std::string_view text) {
    if (text.empty()) {
        return json::object();
    }
    json doc = json::parse(text, nullptr, false);
    return doc.is_object() ? doc : json::object();
}

ordered_json default_retry_policy() {
    return ordered_json{{"minDelayTarget", 20},
                        {"maxDelayTarget", 20},
                        {"numRetries", 3},
                        {"numMaxDelayRetries", 0},
                        {"numNoDelayRetries", 0},
                        {"numMinDelayRetries", 0},
                        {"backoffFunction", "linear"}};
}

void overlay(ordered_json& base, const json* update) {
    if (update == nullptr || !update->is_object()) {
        return;
    }
    for (const auto& [key, value] : update->items()) {
        base[key] = ordered_json::parse(value.dump());
    }
}

}  // namespace

Status validate_topic_delivery_policy(std::string_view text) {
    TRIPLINE_ASSIGN_OR_RETURN(json doc, parse_object(text));
    TRIPLINE_TRY(check_keys(doc, {"http"}));
    const json* http = member(doc, "http");
    if (http == nullptr) {
        return ok_status();
    }
    if (!http->is_object()) {
        return invalid("\"http\" must be a JSON object");
    }
    TRIPLINE_TRY(check_keys(*http,
                            {"defaultHealthyRetryPolicy",
                             "defaultSicklyRetryPolicy",
                             "defaultThrottlePolicy",
                             "defaultRequestPolicy",
                             "disableSubscriptionOverrides"}));
    TRIPLINE_TRY(validate_retry_policy(http->value("defaultHealthyRetryPolicy", json())));
    TRIPLINE_TRY(validate_retry_policy(http->value("defaultSicklyRetryPolicy", json())));
    TRIPLINE_TRY(validate_throttle_policy(http->value("defaultThrottlePolicy", json())));
    TRIPLINE_TRY(validate_request_policy(http->value("defaultRequestPolicy", json())));
    if (auto it = http->find("disableSubscriptionOverrides");
        it != http->end() && !it->is_boolean()) {
        return invalid("disableSubscriptionOverrides must be true or false");
    }
    return ok_status();
}

Status validate_subscription_delivery_policy(std::string_view text) {
    TRIPLINE_ASSIGN_OR_RETURN(json doc, parse_object(text));
    TRIPLINE_TRY(check_keys(
        doc, {"healthyRetryPolicy", "sicklyRetryPolicy", "throttlePolicy", "requestPolicy"}));
    TRIPLINE_TRY(validate_retry_policy(doc.value("healthyRetryPolicy", json())));
    TRIPLINE_TRY(validate_retry_policy(doc.value("sicklyRetryPolicy", json())));
    TRIPLINE_TRY(validate_throttle_policy(doc.value("throttlePolicy", json())));
    TRIPLINE_TRY(validate_request_policy(doc.value("requestPolicy", json())));
    return ok_status();
}

std::string effective_topic_delivery_policy(std::string_view topic_policy) {
    json topic = parse_or_empty(topic_policy);
    const json* http = member(topic, "http");
    ordered_json retry = default_retry_policy();
    overlay(retry, http != nullptr ? member(*http, "defaultHealthyRetryPolicy") : nullptr);
    ordered_json out_http = ordered_json::object();
    out_http["defaultHealthyRetryPolicy"] = std::move(retry);
    if (const json* sickly =
            http != nullptr ? member(*http, "defaultSicklyRetryPolicy") : nullptr) {
        out_http["defaultSicklyRetryPolicy"] = ordered_json::parse(sickly->dump());
    }
    if (const json* throttle = http != nullptr ? member(*http, "defaultThrottlePolicy") : nullptr) {
        out_http["defaultThrottlePolicy"] = ordered_json::parse(throttle->dump());
    }
    bool disable = http != nullptr && http->value("disableSubscriptionOverrides", false);
    out_http["disableSubscriptionOverrides"] = disable;
    ordered_json request = {{"headerContentType", kDefaultContentType}};
    overlay(request, http != nullptr ? member(*http, "defaultRequestPolicy") : nullptr);
    out_http["defaultRequestPolicy"] = std::move(request);
    ordered_json out = {{"http", std::move(out_http)}};
    return out.dump();
}

std::string effective_subscription_delivery_policy(std::string_view topic_policy,
                                                   std::string_view subscription_policy) {
    json topic = parse_or_empty(topic_policy);
    json own = parse_or_empty(subscription_policy);
    const json* http = member(topic, "http");
    const bool overrides = !(http != nullptr && http->value("disableSubscriptionOverrides", false));
    auto topic_default = [&](const char* key) {
        return http != nullptr ? member(*http, key) : nullptr;
    };
    auto own_member = [&](const char* key) { return overrides ? member(own, key) : nullptr; };

    ordered_json retry = default_retry_policy();
    overlay(retry, topic_default("defaultHealthyRetryPolicy"));
    overlay(retry, own_member("healthyRetryPolicy"));
    ordered_json out = ordered_json::object();
    out["healthyRetryPolicy"] = std::move(retry);
    out["sicklyRetryPolicy"] = nullptr;
    ordered_json throttle = nullptr;
    if (const json* t = own_member("throttlePolicy")) {
        throttle = ordered_json::parse(t->dump());
    } else if (const json* d = topic_default("defaultThrottlePolicy")) {
        throttle = ordered_json::parse(d->dump());
    }
    out["throttlePolicy"] = std::move(throttle);
    ordered_json request = {{"headerContentType", kDefaultContentType}};
    overlay(request, topic_default("defaultRequestPolicy"));
    overlay(request, own_member("requestPolicy"));
    out["requestPolicy"] = std::move(request);
    out["guaranteed"] = false;
    return out.dump();
}

}  // namespace tripline::notify
