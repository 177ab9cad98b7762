// BusService: EventBridge event buses, rules, targets and event dispatch (eventbridge-targets.md).
//
// Control plane: buses (the default bus exists implicitly in every account and region), rules
// (PutRule creates or replaces; patterns validated by the pattern module), targets (≤ 5 per rule,
// stored exactly as given), tags. Everything is persisted in the ResourceStore (types
// "events:event-bus" and "events:rule", targets inside the rule document), so it survives restarts.
//
// Data plane: dispatch() matches events against the bus's compiled rule set — an immutable
// BusSnapshot per (account, region, bus), rebuilt lazily after a change and swapped atomically —
// renders each matched target's input right away, and enqueues one outbox message per (rule,
// target) (kind "events.target", TargetInvocation payload) in ONE transaction per call; then it
// calls on_enqueued() to wake the delivery worker. Rules in state ENABLED skip read-only CloudTrail
// management events (read_only_events.h); DISABLED rules match nothing.
//
// Ownership: borrows the Database and Clock (both must outlive it). Thread-safety: every method may
// be called concurrently; control-plane changes are serialised by the database's transactions,
// readers of a snapshot take a mutex only to copy a shared_ptr.
// Errors: kInvalidArgument (model constraints and AWS's messages), kNotFound ("Rule X does not
// exist on EventBus Y.", "Event bus X does not exist."), kAlreadyExists, kLimitExceeded, and
// storage errors. AWS error names are the API's business.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "bus/bus_model.h"
#include "bus/bus_snapshot.h"
#include "bus/put_events_entry.h"
#include "storage/database.h"

namespace tripline::bus {

struct BusServiceOptions {
    std::function<void()> on_enqueued;  // wakes the delivery worker; may be empty
};

// Where a caller is: every resource is namespaced by account and region.
struct Scope {
    std::string account_id;
    std::string region;
};

template <typename T>
struct Page {
    std::vector<T> items;
    std::string next_token;  // empty: no more
};

// PutRule's input. Omitted members are not kept from a replaced rule (AWS: "the old values for
// those arguments are not kept"), except tags, which PutRule only adds to.
struct RuleSpec {
    std::string name;
    std::string bus;  // name or ARN; empty: default
    std::optional<std::string> event_pattern;
    std::optional<std::string> schedule_expression;
    std::optional<std::string> state;  // ENABLED (default) | DISABLED | ENABLED_WITH_ALL_…
    std::optional<std::string> description;
    std::optional<std::string> role_arn;
    std::vector<Tag> tags;
};

struct PutRuleResult {
    Rule rule;
    std::optional<std::string> warning;  // the rule can never fire (read_only_rule_warning)
};

// A PutTargets/RemoveTargets entry that failed; the others were applied.
struct TargetFailure {
    std::string target_id;
    Error error;  // kInvalidArgument (unsupported or malformed target), kNotFound (no such id)
};

// One event for dispatch(): a complete EventBridge event (with "id") for a bus of an account.
struct BusEvent {
    std::string account_id;
    std::string region;
    std::string bus_name;
    std::string event_json;
};

struct DispatchStats {
    std::size_t events = 0;
    std::size_t matched_rules = 0;
    std::size_t enqueued = 0;  // outbox messages
};

class BusService {
public:
    BusService(storage::Database& db, Clock& clock, BusServiceOptions options = {});
    ~BusService();
    BusService(const BusService&) = delete;
    BusService& operator=(const BusService&) = delete;

    // Compiles the rule sets of every bus that has rules (start-up); later changes rebuild lazily.
    Status load();

    // ---- event buses
    Result<EventBus> create_event_bus(const Scope& scope,
                                      std::string_view name,
                                      std::optional<std::string> description,
                                      const std::vector<Tag>& tags);
    // Deletes a custom bus and its rules; deleting a bus that does not exist succeeds (as in AWS).
    Status delete_event_bus(const Scope& scope, std::string_view name);
    Result<EventBus> describe_event_bus(const Scope& scope, std::string_view name_or_arn);
    Result<Page<EventBus>> list_event_buses(const Scope& scope,
                                            std::string_view name_prefix,
                                            int limit,
                                            std::string_view next_token);

    // ---- rules
    Result<PutRuleResult> put_rule(const Scope& scope, const RuleSpec& spec);
    Result<Rule> describe_rule(const Scope& scope, std::string_view bus, std::string_view name);
    Result<Page<Rule>> list_rules(const Scope& scope,
                                  std::string_view bus,
                                  std::string_view name_prefix,
                                  int limit,
                                  std::string_view next_token);
    // Refuses (kFailedPrecondition) while the rule has targets, unless `force`.
    Status delete_rule(const Scope& scope, std::string_view bus, std::string_view name, bool force);
    Status set_rule_state(const Scope& scope,
                          std::string_view bus,
                          std::string_view name,
                          RuleState state);
    Result<Page<std::string>> list_rule_names_by_target(const Scope& scope,
                                                        std::string_view bus,
                                                        std::string_view target_arn,
                                                        int limit,
                                                        std::string_view next_token);

    // ---- targets
    // `targets`: each a JSON object text as the client sent it. Whole-request errors: model
    // constraints and input settings (kInvalidArgument), more than 10 targets or more than 5 on
    // the rule afterwards (kLimitExceeded), unknown rule (kNotFound).
    Result<std::vector<TargetFailure>> put_targets(const Scope& scope,
                                                   std::string_view bus,
                                                   std::string_view rule,
                                                   const std::vector<std::string>& targets);
    Result<std::vector<TargetFailure>> remove_targets(const Scope& scope,
                                                      std::string_view bus,
                                                      std::string_view rule,
                                                      const std::vector<std::string>& ids,
                                                      bool force);
    Result<Page<TargetEntry>> list_targets_by_rule(const Scope& scope,
                                                   std::string_view bus,
                                                   std::string_view rule,
                                                   int limit,
                                                   std::string_view next_token);

    // ---- tags (rule and event-bus ARNs of the caller's account and region)
    Status tag_resource(const Scope& scope, std::string_view arn, const std::vector<Tag>& tags);
    Status untag_resource(const Scope& scope,
                          std::string_view arn,
                          const std::vector<std::string>& keys);
    Result<std::vector<Tag>> list_tags_for_resource(const Scope& scope, std::string_view arn);

    // ---- events
    // PutEvents: request checks (whole call), entry checks (per entry), then one dispatch.
    Result<PutEventsResult> put_events(const Scope& scope,
                                       const std::vector<PutEventsEntry>& entries);
    // One complete event (with "id") onto a bus, e.g. "AWS API Call via CloudTrail" built from a
    // recorded call. Returns the event's id. kNotFound when the bus does not exist.
    Result<std::string> put_event(std::string_view account_id,
                                  std::string_view region,
                                  std::string_view bus_name,
                                  std::string_view event_json);
    // Many events, one transaction. Fails as a whole (nothing enqueued) when a bus is missing; an
    // event that is not a JSON object with a string "id" reaches no target (logged, skipped).
    Result<DispatchStats> dispatch(std::span<const BusEvent> events);

    bool bus_exists(std::string_view account_id,
                    std::string_view region,
                    std::string_view bus_name);

private:
    struct BusSlot {
        std::uint64_t generation = 1;
        std::shared_ptr<const BusSnapshot> snapshot;
    };

    // The current snapshot of a bus (nullptr when the bus does not exist).
    Result<std::shared_ptr<const BusSnapshot>> snapshot_for(std::string_view account_id,
                                                            std::string_view region,
                                                            std::string_view bus_name);
    void invalidate(std::string_view account_id,
                    std::string_view region,
                    std::string_view bus_name);
    Result<std::vector<Rule>> rules_of(std::string_view account_id,
                                       std::string_view region,
                                       std::string_view bus_name);
    // The bus named by an EventBusName member, which must exist.
    Result<std::string> existing_bus(const Scope& scope, std::string_view name_or_arn);
    Result<Rule> load_rule(const Scope& scope, std::string_view bus, std::string_view name);
    Status store_rule(const Scope& scope, const Rule& rule);
    // Read-modify-write of one rule in a transaction; invalidates the bus's snapshot after commit.
    Status update_rule(const Scope& scope,
                       std::string_view bus,
                       std::string_view name,
                       const std::function<Status(Rule&)>& change);

    storage::Database& db_;
    Clock& clock_;
    BusServiceOptions options_;
    std::mutex slots_mutex_;
    std::unordered_map<std::string, BusSlot> slots_;  // key: account \0 region \0 bus
};

}  // namespace tripline::bus
