// SubscriptionFilter: decides whether a published message goes to a subscription, by its
// FilterPolicy and FilterPolicyScope (sns.md §8), using the pattern module's SNS dialect. Compiled
// policies are cached by (scope, text), so a topic's policies are parsed once, not per Publish.
//
// Ownership: owns the cache (bounded; cleared when full). Thread-safety: matches() may be called
// concurrently (the cache has a mutex; compiled policies are immutable and shared).
// Errors: none escape — a stored policy that no longer parses matches nothing (and is logged).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/sns_delivery.h"
#include "pattern/filter_policy.h"

namespace tripline::notify {

class SubscriptionFilter {
public:
    static constexpr std::size_t kMaxCachedPolicies = 4096;

    // `attributes` as published; `message` the body the subscription's protocol receives.
    // A subscription without a FilterPolicy takes everything.
    bool matches(const std::map<std::string, std::string>& subscription_attributes,
                 std::string_view message,
                 const std::vector<SnsMessageAttribute>& attributes);

private:
    std::shared_ptr<const pattern::FilterPolicy> compiled(std::string_view text,
                                                          pattern::FilterPolicyScope scope);

    std::mutex mutex_;
    std::map<std::pair<int, std::string>, std::shared_ptr<const pattern::FilterPolicy>> cache_;
};

}  // namespace tripline::notify
