#include "notify/subscription_filter.h"

#include <spdlog/spdlog.h>

namespace tripline::notify {

bool SubscriptionFilter::matches(const std::map<std::string, std::string>& subscription_attributes,
                                 std::string_view message,
                                 const std::vector<SnsMessageAttribute>& attributes) {
    auto policy_it = subscription_attributes.find("FilterPolicy");
    if (policy_it == subscription_attributes.end() || policy_it->second.empty()) {
        return true;
    }
    auto scope = pattern::FilterPolicyScope::kMessageAttributes;
    if (auto it = subscription_attributes.find("FilterPolicyScope");
        it != subscription_attributes.end() && !it->second.empty()) {
        auto parsed = pattern::parse_filter_policy_scope(it->second);
        if (parsed.has_value()) {
            scope = *parsed;
        }
    }
    auto policy = compiled(policy_it->second, scope);
    if (policy == nullptr) {
        return false;
    }
    if (scope == pattern::FilterPolicyScope::kMessageBody) {
        return pattern::matches_body(*policy, message);
    }
    std::vector<pattern::MessageAttribute> typed;
    typed.reserve(attributes.size());
    for (const SnsMessageAttribute& a : attributes) {
        typed.push_back({a.name, a.type, a.value});
    }
    return pattern::matches_attributes(*policy, typed);
}

std::shared_ptr<const pattern::FilterPolicy> SubscriptionFilter::compiled(
    std::string_view text, pattern::FilterPolicyScope scope) {
    std::pair<int, std::string> key{static_cast<int>(scope), std::string(text)};
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(key); it != cache_.end()) {
            return it->second;
        }
    }
    auto parsed = pattern::parse_filter_policy(text, scope);
    if (!parsed.has_value()) {
        spdlog::warn("SNS: a stored filter policy does not parse ({}); it matches nothing",
                     parsed.error().message);
        return nullptr;
    }
    auto policy = std::make_shared<const pattern::FilterPolicy>(std::move(parsed).value());
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCachedPolicies) {
        cache_.clear();
    }
    cache_.emplace(std::move(key), policy);
    return policy;
}

}  // namespace tripline::notify
