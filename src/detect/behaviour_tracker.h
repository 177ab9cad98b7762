// BehaviourTracker: the detections that need what came before - a burst of failed console
// sign-ins from one address (Custom:IAMUser/ConsoleLoginBruteForce), successful sign-ins of one
// user from distant places within an hour (UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B, with
// GeoIP), and an account password policy weakened relative to the last one seen
// (Stealth:IAMUser/PasswordPolicyChange). Time is the records' eventTime, so replayed history
// behaves as it did live.
// Memory is bounded: at most kMaxTracked keys per kind; the oldest entries are evicted first.
// Ownership: owns its state. Thread-safety: none; the service serialises calls.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "detect/detection.h"
#include "detect/record_facts.h"

namespace tripline::detect {

class ThreatIntel;

struct BehaviourSettings {
    std::size_t brute_force_failures = 5;          // failed sign-ins from one address ...
    std::chrono::seconds brute_force_window{600};  // ... within this window
    std::chrono::seconds travel_window{3600};      // sign-ins from two countries within this window
};

class BehaviourTracker {
public:
    static constexpr std::size_t kMaxTracked = 100'000;

    explicit BehaviourTracker(BehaviourSettings settings = {}) : settings_(settings) {}

    // Adds the stateful detections `facts` completes; `event_time` is the record's eventTime.
    void observe(const RecordFacts& facts,
                 TimePoint event_time,
                 const ThreatIntel* intel,
                 std::vector<Detection>& out);

private:
    struct Login {
        TimePoint time;
        std::string country;
        std::string ip;
    };

    void console_login(const RecordFacts& facts,
                       TimePoint event_time,
                       const ThreatIntel* intel,
                       std::vector<Detection>& out);
    void password_policy(const RecordFacts& facts, std::vector<Detection>& out);
    template <typename Map>
    void bound(Map& map);

    BehaviourSettings settings_;
    std::map<std::string, std::deque<TimePoint>> failures_;  // account + ip → failure times
    std::map<std::string, Login> last_login_;                // user ARN → last successful sign-in
    std::map<std::string, nlohmann::json> password_policy_;  // account → last policy seen
};

}  // namespace tripline::detect
