#include "detect/behaviour_tracker.h"

#include "detect/intel/threat_intel.h"
#include "detect/record_rules.h"

namespace tripline::detect {

namespace {

// A password policy's strength, higher is stronger, per setting; absent settings count as the
// weakest value (AWS applies its defaults to settings a call leaves out).
struct PolicyStrength {
    long long min_length = 0;
    long long reuse_prevention = 0;
    long long max_age = 0;  // 0 = never expires (weakest)
    int required_classes = 0;
};

PolicyStrength strength_of(const nlohmann::json& params) {
    PolicyStrength s;
    auto number = [&](const char* key) -> long long {
        if (!params.is_object() || !params.contains(key)) {
            return 0;
        }
        const auto& v = params[key];
        return v.is_number_integer() ? v.get<long long>() : 0;
    };
    s.min_length = number("minimumPasswordLength");
    s.reuse_prevention = number("passwordReusePrevention");
    s.max_age = number("maxPasswordAge");
    for (const char* flag : {"requireSymbols",
                             "requireNumbers",
                             "requireUppercaseCharacters",
                             "requireLowercaseCharacters"}) {
        if (params.is_object() && params.contains(flag) && json_flag(params[flag]) == true) {
            ++s.required_classes;
        }
    }
    return s;
}

std::string weakening(const PolicyStrength& before, const PolicyStrength& after) {
    if (after.min_length < before.min_length) {
        return "minimum length lowered from " + std::to_string(before.min_length) + " to " +
               std::to_string(after.min_length) + ".";
    }
    if (after.reuse_prevention < before.reuse_prevention) {
        return "password reuse prevention lowered from " + std::to_string(before.reuse_prevention) +
               " to " + std::to_string(after.reuse_prevention) + ".";
    }
    if (after.required_classes < before.required_classes) {
        return "fewer character classes are required.";
    }
    if (before.max_age != 0 && (after.max_age == 0 || after.max_age > before.max_age)) {
        return "passwords expire later or never.";
    }
    return {};
}

}  // namespace

void BehaviourTracker::observe(const RecordFacts& facts,
                               TimePoint event_time,
                               const ThreatIntel* intel,
                               std::vector<Detection>& out) {
    if (facts.api() == "ConsoleLogin") {
        console_login(facts, event_time, intel, out);
    } else if (facts.api() == "UpdateAccountPasswordPolicy" &&
               facts.service() == "iam.amazonaws.com" && facts.succeeded()) {
        password_policy(facts, out);
    }
}

void BehaviourTracker::console_login(const RecordFacts& facts,
                                     TimePoint event_time,
                                     const ThreatIntel* intel,
                                     std::vector<Detection>& out) {
    const std::string outcome = json_string_at(facts.response(), "ConsoleLogin");
    if (outcome == "Failure" || (outcome.empty() && !facts.succeeded())) {
        std::string key = facts.account_id() + " " + std::string(facts.ip());
        auto& times = failures_[key];
        times.push_back(event_time);
        while (!times.empty() && times.front() + settings_.brute_force_window < event_time) {
            times.pop_front();
        }
        if (times.size() >= settings_.brute_force_failures) {
            Detection d = make_detection("Custom:IAMUser/ConsoleLoginBruteForce");
            d.detail = std::to_string(times.size()) + " failed sign-ins within " +
                       std::to_string(settings_.brute_force_window.count() / 60) + " minutes.";
            d.key_extra = std::string(facts.ip());
            out.push_back(std::move(d));
        }
        bound(failures_);
        return;
    }
    if (outcome != "Success" || intel == nullptr) {
        return;
    }
    auto geo = intel->geo(facts.ip());
    if (!geo || geo->country.empty()) {
        return;
    }
    const std::string user = facts.principal_arn();
    auto previous = last_login_.find(user);
    if (previous != last_login_.end() && previous->second.country != geo->country &&
        event_time - previous->second.time <= settings_.travel_window &&
        previous->second.time <= event_time) {
        Detection d = make_detection("UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B");
        d.detail = "from " + previous->second.ip + " (" + previous->second.country + ") and " +
                   std::string(facts.ip()) + " (" + geo->country + ").";
        out.push_back(std::move(d));
    }
    last_login_[user] = Login{event_time, geo->country, std::string(facts.ip())};
    bound(last_login_);
}

void BehaviourTracker::password_policy(const RecordFacts& facts, std::vector<Detection>& out) {
    const std::string account = facts.account_id();
    const nlohmann::json& params = facts.request();
    auto previous = password_policy_.find(account);
    if (previous != password_policy_.end()) {
        std::string what = weakening(strength_of(previous->second), strength_of(params));
        if (!what.empty()) {
            Detection d = make_detection("Stealth:IAMUser/PasswordPolicyChange");
            d.detail = std::move(what);
            out.push_back(std::move(d));
        }
    }
    password_policy_[account] = params;
    bound(password_policy_);
}

template <typename Map>
void BehaviourTracker::bound(Map& map) {
    // Keys carry no age; dropping from the front is arbitrary but keeps memory bounded, and a lost
    // entry only delays a detection.
    while (map.size() > kMaxTracked) {
        map.erase(map.begin());
    }
}

}  // namespace tripline::detect
