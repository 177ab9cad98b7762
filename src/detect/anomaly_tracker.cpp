#include "detect/anomaly_tracker.h"

#include <spdlog/spdlog.h>

#include <unordered_set>

#include "base/duration_text.h"
#include "detect/record_rules.h"

namespace tripline::detect {

namespace {

using namespace std::chrono_literals;

constexpr auto kWindow = 10min;
constexpr auto kRecent = 24h;

struct Tactic {
    std::string_view api;
    std::string_view type;
};

// guardduty.md §3: the APIs each AnomalousBehavior type watches.
constexpr Tactic kTactics[] = {
    {"CreateAccessKey", "Persistence:IAMUser/AnomalousBehavior"},
    {"CreateUser", "Persistence:IAMUser/AnomalousBehavior"},
    {"CreateLoginProfile", "Persistence:IAMUser/AnomalousBehavior"},
    {"UpdateLoginProfile", "Persistence:IAMUser/AnomalousBehavior"},
    {"ImportKeyPair", "Persistence:IAMUser/AnomalousBehavior"},
    {"ModifyInstanceAttribute", "Persistence:IAMUser/AnomalousBehavior"},
    {"UpdateAssumeRolePolicy", "Persistence:IAMUser/AnomalousBehavior"},
    {"AssociateIamInstanceProfile", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"AddUserToGroup", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"PutUserPolicy", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"PutRolePolicy", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"PutGroupPolicy", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"AttachUserPolicy", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"AttachRolePolicy", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"AttachGroupPolicy", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"CreatePolicyVersion", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"SetDefaultPolicyVersion", "PrivilegeEscalation:IAMUser/AnomalousBehavior"},
    {"DeleteFlowLogs", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"DisableAlarmActions", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"StopLogging", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"DeleteTrail", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"DeleteDetector", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"StopConfigurationRecorder", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"DeleteConfigurationRecorder", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"DeleteResolverQueryLogConfig", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"LeaveOrganization", "DefenseEvasion:IAMUser/AnomalousBehavior"},
    {"GetSecretValue", "CredentialAccess:IAMUser/AnomalousBehavior"},
    {"BatchGetSecretValue", "CredentialAccess:IAMUser/AnomalousBehavior"},
    {"GetPasswordData", "CredentialAccess:IAMUser/AnomalousBehavior"},
    {"GenerateDbAuthToken", "CredentialAccess:IAMUser/AnomalousBehavior"},
    {"GetFederationToken", "InitialAccess:IAMUser/AnomalousBehavior"},
    {"GetSessionToken", "InitialAccess:IAMUser/AnomalousBehavior"},
    {"StartSession", "InitialAccess:IAMUser/AnomalousBehavior"},
    {"GetAuthorizationToken", "InitialAccess:IAMUser/AnomalousBehavior"},
    {"DeleteSecurityGroup", "Impact:IAMUser/AnomalousBehavior"},
    {"UpdateUser", "Impact:IAMUser/AnomalousBehavior"},
    {"PutBucketPolicy", "Impact:IAMUser/AnomalousBehavior"},
    {"DisableKey", "Impact:IAMUser/AnomalousBehavior"},
    {"ScheduleKeyDeletion", "Impact:IAMUser/AnomalousBehavior"},
    {"DeleteBucket", "Impact:IAMUser/AnomalousBehavior"},
    {"DeleteDBInstance", "Impact:IAMUser/AnomalousBehavior"},
    {"PutBucketReplication", "Exfiltration:IAMUser/AnomalousBehavior"},
    {"CreateSnapshot", "Exfiltration:IAMUser/AnomalousBehavior"},
    {"CopySnapshot", "Exfiltration:IAMUser/AnomalousBehavior"},
    {"ModifySnapshotAttribute", "Exfiltration:IAMUser/AnomalousBehavior"},
    {"ModifyImageAttribute", "Exfiltration:IAMUser/AnomalousBehavior"},
    {"ModifyDBSnapshotAttribute", "Exfiltration:IAMUser/AnomalousBehavior"},
    {"RestoreDBInstanceFromDBSnapshot", "Exfiltration:IAMUser/AnomalousBehavior"},
};

std::string_view tactic_of(std::string_view api) {
    for (const Tactic& t : kTactics) {
        if (t.api == api) {
            return t.type;
        }
    }
    return {};
}

// "aws-cli/2.15.0 Python/3.11 ..." → "aws-cli"; "[S3Console/0.4]" → "S3Console".
std::string_view agent_family(std::string_view agent) {
    while (!agent.empty() && (agent.front() == '[' || agent.front() == ' ')) {
        agent.remove_prefix(1);
    }
    std::size_t end = agent.find_first_of("/ ]");
    return agent.substr(0, std::min<std::size_t>(end, 64));
}

template <typename Entry>
void prune(std::deque<Entry>& window, TimePoint now) {
    while (!window.empty() && window.front().time + kWindow < now) {
        window.pop_front();
    }
}

template <typename Window>
std::size_t distinct(const Window& window) {
    std::unordered_set<std::string_view> seen;
    for (const auto& entry : window) {
        seen.insert(entry.value);
    }
    return seen.size();
}

long long to_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint from_seconds(long long s) { return TimePoint{std::chrono::seconds(s)}; }

}  // namespace

bool AnomalyTracker::learning(std::string_view account_id, TimePoint event_time) {
    auto it = account_start_.find(account_id);
    if (it == account_start_.end()) {
        it = account_start_.emplace(std::string(account_id), event_time).first;
        changed_accounts_.insert(std::string(account_id));
    } else if (event_time < it->second) {
        it->second = event_time;  // an older record (replayed history) moves the start back
        changed_accounts_.insert(std::string(account_id));
    }
    return event_time < it->second + learning_period_;
}

void AnomalyTracker::observe(const RecordFacts& facts,
                             TimePoint event_time,
                             std::vector<Detection>& out) {
    const auto& identity = facts.record().user_identity;
    if (!identity || !identity->arn || facts.invoked_by_service() || facts.api().empty()) {
        return;
    }
    const std::string_view account = facts.record().recipient_account_id
                                         ? std::string_view(*facts.record().recipient_account_id)
                                         : std::string_view(identity->account_id.value_or(""));
    if (account.empty()) {
        return;
    }
    const bool still_learning = learning(account, event_time);
    const TimePoint learned_at = account_start_.find(account)->second + learning_period_;

    auto found = principals_.find(std::string_view(*identity->arn));
    if (found == principals_.end()) {
        if (principals_.size() >= kMaxPrincipals) {
            if (!full_logged_) {
                spdlog::warn("GuardDuty: {} principals tracked; new ones get no baseline",
                             kMaxPrincipals);
                full_logged_ = true;
            }
            return;
        }
        found = principals_.emplace(*identity->arn, Baseline{}).first;
        found->second.first_seen = event_time;
        found->second.changed = true;
    }
    Baseline& b = found->second;
    const bool new_principal = b.first_seen >= learned_at;

    bool new_address = false;
    if (facts.ip_is_address()) {
        auto address = b.addresses.find(facts.ip());
        if (address == b.addresses.end()) {
            new_address = true;
            if (b.addresses.size() < kMaxAddresses) {
                b.addresses.emplace(std::string(facts.ip()), event_time);
                b.changed = true;
            }
        } else {
            new_address = address->second + kRecent > event_time && address->second >= learned_at;
        }
    }
    bool new_agent = false;
    if (facts.record().user_agent) {
        std::string_view family = agent_family(*facts.record().user_agent);
        if (!family.empty() && !b.agents.contains(family)) {
            new_agent = true;
            if (b.agents.size() < kMaxAgents) {
                b.agents.emplace(family);
                b.changed = true;
            }
        }
    }
    const bool new_api = !b.apis.contains(facts.api());
    if (new_api && b.apis.size() < kMaxApis) {
        b.apis.emplace(facts.api());
        b.changed = true;
    }

    std::string_view type = tactic_of(facts.api());
    if (!still_learning && !type.empty() && new_api &&
        (new_address || new_agent || new_principal)) {
        Detection d = make_detection(type);
        d.detail = "the first " + std::string(facts.api()) + " call by this principal";
        d.detail += new_principal ? ", a principal first seen " + format_iso8601(b.first_seen)
                                  : std::string();
        d.detail += new_address ? ", from an address it had not used" : "";
        d.detail += new_agent ? ", with a user agent it had not used" : "";
        d.detail += ".";
        out.push_back(std::move(d));
    }

    if (facts.api() == "GetSecretValue" || facts.api() == "BatchGetSecretValue") {
        const nlohmann::json& params = facts.request();
        std::string secret = params.is_object() ? params.value("secretId", std::string()) : "";
        b.recent_secrets.push_back(Window{event_time, secret.empty() ? "?" : secret});
        prune(b.recent_secrets, event_time);
        const std::size_t secrets = distinct(b.recent_secrets);
        if (!still_learning && secrets >= kSecretSpree && !(new_api && !type.empty())) {
            Detection d = make_detection("CredentialAccess:IAMUser/AnomalousBehavior");
            d.detail = std::to_string(secrets) + " different secrets read within 10 minutes.";
            out.push_back(std::move(d));
        }
    }

    if (!still_learning && facts.read_only()) {
        b.recent_reads.push_back(Window{event_time, std::string(facts.api())});
        if (b.recent_reads.size() > 4 * kDiscoveryDistinctApis) {
            b.recent_reads.pop_front();
        }
        prune(b.recent_reads, event_time);
        const bool recent_principal = b.first_seen + kRecent > event_time && new_principal;
        if ((recent_principal || new_address) && b.recent_reads.size() >= kDiscoveryDistinctApis &&
            distinct(b.recent_reads) >= kDiscoveryDistinctApis) {
            Detection d = make_detection("Discovery:IAMUser/AnomalousBehavior");
            d.detail = std::to_string(distinct(b.recent_reads)) +
                       " different read APIs within 10 minutes" +
                       (recent_principal ? " by a new principal." : " from a new address.");
            out.push_back(std::move(d));
        }
    }
}

std::vector<std::pair<std::string, std::string>> AnomalyTracker::take_changed() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& account : changed_accounts_) {
        nlohmann::json doc = {{"start", to_seconds(account_start_[account])}};
        out.emplace_back(std::string(kKeyPrefix) + "account/" + account, doc.dump());
    }
    changed_accounts_.clear();
    for (auto& [arn, b] : principals_) {
        if (!b.changed) {
            continue;
        }
        nlohmann::json addresses = nlohmann::json::object();
        for (const auto& [ip, seen] : b.addresses) {
            addresses[ip] = to_seconds(seen);
        }
        nlohmann::json doc = {{"firstSeen", to_seconds(b.first_seen)},
                              {"apis", b.apis},
                              {"addresses", addresses},
                              {"agents", b.agents}};
        out.emplace_back(std::string(kKeyPrefix) + "principal/" + arn, doc.dump());
        b.changed = false;
    }
    return out;
}

void AnomalyTracker::restore(std::string_view key, std::string_view document) {
    nlohmann::json doc = nlohmann::json::parse(document, nullptr, false);
    if (!doc.is_object() || !key.starts_with(kKeyPrefix)) {
        return;
    }
    key.remove_prefix(kKeyPrefix.size());
    try {
        if (key.starts_with("account/")) {
            account_start_[std::string(key.substr(8))] = from_seconds(doc.at("start"));
        } else if (key.starts_with("principal/") && principals_.size() < kMaxPrincipals) {
            Baseline b;
            b.first_seen = from_seconds(doc.at("firstSeen"));
            for (const auto& api : doc.at("apis")) {
                b.apis.insert(api.get<std::string>());
            }
            for (const auto& [ip, seen] : doc.at("addresses").items()) {
                b.addresses.emplace(ip, from_seconds(seen.get<long long>()));
            }
            for (const auto& agent : doc.at("agents")) {
                b.agents.insert(agent.get<std::string>());
            }
            principals_[std::string(key.substr(10))] = std::move(b);
        }
    } catch (const nlohmann::json::exception& e) {
        spdlog::warn("GuardDuty: ignoring the unreadable baseline {}: {}", key, e.what());
    }
}

Result<std::chrono::seconds> parse_learning_period(std::string_view text) {
    return parse_duration_text(text, "learning period");
}

}  // namespace tripline::detect
