// AnomalyTracker: the "AnomalousBehavior" finding types (guardduty.md §3), which GuardDuty derives
// with machine learning and Tripline approximates with per-principal baselines:
// - a call of an API in a tactic family (Persistence, PrivilegeEscalation, DefenseEvasion,
//   CredentialAccess, InitialAccess, Impact, Exfiltration) that this principal never made before,
//   made from an address or a user-agent family new for the principal, or by a principal first
//   seen after the learning period ended;
// - Discovery: at least kDiscoveryDistinctApis distinct read-only APIs within 10 minutes by a
//   principal first seen, or from an address first seen, in the last 24 hours;
// - CredentialAccess also for a secret-access spree: kSecretSpree distinct secrets read within 10
//   minutes.
// Nothing is reported while an account is learning: from its first record's eventTime for
// `learning_period` (event time, so replayed history learns as it did live).
//
// Baselines (first seen, APIs, addresses, user-agent families) persist through snapshot()/restore()
// and are bounded: kMaxApis / kMaxAddresses / kMaxAgents per principal, kMaxPrincipals in all
// (beyond it new principals are not tracked, and say so once in the log).
// Ownership: owns its state. Thread-safety: none; the service serialises calls.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "detect/detection.h"
#include "detect/record_facts.h"

namespace tripline::detect {

class AnomalyTracker {
public:
    static constexpr std::size_t kMaxApis = 1024;
    static constexpr std::size_t kMaxAddresses = 128;
    static constexpr std::size_t kMaxAgents = 32;
    static constexpr std::size_t kMaxPrincipals = 200'000;
    static constexpr std::size_t kDiscoveryDistinctApis = 25;
    static constexpr std::size_t kSecretSpree = 5;

    explicit AnomalyTracker(std::chrono::seconds learning_period)
        : learning_period_(learning_period) {}

    void observe(const RecordFacts& facts, TimePoint event_time, std::vector<Detection>& out);

    // Persistence: the baselines changed since the last call, as (key, JSON document); and the
    // way back at start-up.
    std::vector<std::pair<std::string, std::string>> take_changed();
    void restore(std::string_view key, std::string_view document);

    static constexpr std::string_view kKeyPrefix = "anomaly/";

private:
    struct Window {
        TimePoint time;
        std::string value;
    };
    struct Baseline {
        TimePoint first_seen;
        std::set<std::string, std::less<>> apis;
        std::map<std::string, TimePoint, std::less<>> addresses;  // → first seen
        std::set<std::string, std::less<>> agents;
        std::deque<Window> recent_reads;    // not persisted: minutes matter
        std::deque<Window> recent_secrets;  // not persisted
        bool changed = false;
    };

    bool learning(std::string_view account_id, TimePoint event_time);

    std::chrono::seconds learning_period_;
    std::map<std::string, TimePoint, std::less<>> account_start_;
    std::set<std::string, std::less<>> changed_accounts_;
    std::map<std::string, Baseline, std::less<>> principals_;  // by principal ARN
    bool full_logged_ = false;
};

// "72h", "3d", "90m", "3600s", "0" → seconds; kInvalidArgument otherwise.
Result<std::chrono::seconds> parse_learning_period(std::string_view text);

}  // namespace tripline::detect
