// BusService: PutEvents and dispatch of events to the targets of matching rules.
#include <spdlog/spdlog.h>

#include "base/uuid.h"
#include "bus/bus_arns.h"
#include "bus/bus_names.h"
#include "bus/bus_service.h"
#include "bus/read_only_events.h"
#include "bus/target_invocation.h"
#include "event/event_envelope.h"
#include "json/json_parser.h"
#include "storage/outbox_store.h"
#include "storage/transaction.h"

namespace tripline::bus {

namespace {

struct PendingMessage {
    std::string destination;
    std::string payload;
};

// What dispatch reads from a matched event besides its text.
struct EventFacts {
    std::string id;
    std::string time;
    bool read_only_management = false;
};

json::JsonParser& event_parser() {
    thread_local json::JsonParser parser(json::ParseLimits{event::kMaxEventBytes, 1024});
    return parser;
}

Result<EventFacts> read_event_facts(std::string_view event_json) {
    TRIPLINE_ASSIGN_OR_RETURN(auto root, event_parser().parse(event_json));
    EventFacts facts;
    std::string_view id;
    if (!root.is_object() || root["id"].get(id) != simdjson::SUCCESS) {
        return make_error(Errc::kInvalidArgument, "event has no string \"id\"");
    }
    facts.id = id;
    std::string_view time;
    if (root["time"].get(time) == simdjson::SUCCESS) {
        facts.time = time;
    }
    facts.read_only_management = is_read_only_management_event(root);
    return facts;
}

}  // namespace

Result<DispatchStats> BusService::dispatch(std::span<const BusEvent> events) {
    DispatchStats stats;
    std::vector<PendingMessage> pending;
    const TimePoint now = clock_.now();
    const std::string ingestion_time = format_iso8601(now);
    for (const BusEvent& event : events) {
        ++stats.events;
        TRIPLINE_ASSIGN_OR_RETURN(auto snapshot,
                                  snapshot_for(event.account_id, event.region, event.bus_name));
        if (!snapshot) {
            return bus_not_found(event.bus_name);
        }
        if (snapshot->rules.empty()) {
            continue;
        }
        // An event the matcher or the parser refuses reaches no target; it must not hold up the
        // other events of the batch (PutEvents has validated its own).
        auto matched = snapshot->rule_set->match(event.event_json);
        if (!matched) {
            spdlog::warn("bus {}: event skipped, not a JSON object: {}",
                         event.bus_name,
                         matched.error().message);
            continue;
        }
        if (matched->empty()) {
            continue;
        }
        auto facts = read_event_facts(event.event_json);
        if (!facts) {
            spdlog::warn("bus {}: event skipped: {}", event.bus_name, facts.error().message);
            continue;
        }
        for (pattern::RuleId id : *matched) {
            const CompiledRule& rule = snapshot->rules[id];
            if (!state_receives(rule.state, facts->read_only_management)) {
                continue;
            }
            ++stats.matched_rules;
            const transform::RenderContext context{rule.name, rule.arn, ingestion_time};
            for (const CompiledTarget& target : rule.targets) {
                auto rendered = target.input.render(event.event_json, context);
                if (!rendered) {
                    spdlog::warn("rule {} target {}: input not rendered, event {} skipped: {}",
                                 rule.arn,
                                 target.id,
                                 facts->id,
                                 rendered.error().message);
                    continue;
                }
                if (!rendered->deliver) {
                    continue;
                }
                TargetInvocation invocation;
                invocation.event_id = facts->id;
                invocation.rule_arn = rule.arn;
                invocation.rule_name = rule.name;
                invocation.account = event.account_id;
                invocation.region = event.region;
                invocation.bus_name = event.bus_name;
                invocation.target_json = target.json;
                invocation.input = std::move(rendered->text);
                invocation.event = event.event_json;
                invocation.event_time = facts->time;
                invocation.ingestion_time = ingestion_time;
                pending.push_back({target.arn, to_json(invocation)});
            }
        }
    }
    if (pending.empty()) {
        return stats;
    }
    storage::OutboxStore outbox(db_);
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        for (const PendingMessage& message : pending) {
            TRIPLINE_TRY(
                outbox.enqueue(kTargetInvocationKind, message.destination, message.payload, now));
        }
        return ok_status();
    }));
    stats.enqueued = pending.size();
    if (options_.on_enqueued) {
        options_.on_enqueued();
    }
    return stats;
}

Result<std::string> BusService::put_event(std::string_view account_id,
                                          std::string_view region,
                                          std::string_view bus_name,
                                          std::string_view event_json) {
    TRIPLINE_ASSIGN_OR_RETURN(EventFacts facts, read_event_facts(event_json));
    BusEvent event{std::string(account_id),
                   std::string(region),
                   std::string(bus_name.empty() ? kDefaultBusName : bus_name),
                   std::string(event_json)};
    TRIPLINE_TRY(dispatch(std::span<const BusEvent>(&event, 1)));
    return facts.id;
}

Result<PutEventsResult> BusService::put_events(const Scope& scope,
                                               const std::vector<PutEventsEntry>& entries) {
    TRIPLINE_TRY(check_put_events_request(entries));
    PutEventsResult result;
    result.entries.resize(entries.size());
    std::vector<BusEvent> accepted;
    std::vector<std::size_t> accepted_index;
    const TimePoint now = clock_.now();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        EntryOutcome& outcome = result.entries[i];
        if (auto error = check_put_events_entry(entries[i])) {
            outcome.error = std::move(error);
            continue;
        }
        auto bus = resolve_bus_name(
            entries[i].event_bus_name.value_or(""), scope.account_id, scope.region, "EventBusName");
        if (!bus) {
            outcome.error =
                EntryError{bus.error().code == Errc::kNotFound ? EntryErrorKind::kBusNotFound
                                                               : EntryErrorKind::kInvalidArgument,
                           bus.error().message};
            continue;
        }
        if (!bus_exists(scope.account_id, scope.region, *bus)) {
            outcome.error = EntryError{EntryErrorKind::kBusNotFound, bus_not_found(*bus).message};
            continue;
        }
        outcome.event_id = make_uuid();
        accepted.push_back(
            {scope.account_id,
             scope.region,
             std::move(*bus),
             build_put_events_event(
                 entries[i], outcome.event_id, scope.account_id, scope.region, now)});
        accepted_index.push_back(i);
    }
    if (!accepted.empty()) {
        auto dispatched = dispatch(accepted);
        if (!dispatched) {
            spdlog::error("PutEvents: dispatch failed: {}", dispatched.error().message);
            for (std::size_t i : accepted_index) {
                result.entries[i].event_id.clear();
                result.entries[i].error =
                    EntryError{EntryErrorKind::kInternalFailure,
                               "The event could not be accepted: " + dispatched.error().message};
            }
        }
    }
    for (const EntryOutcome& outcome : result.entries) {
        result.failed_count += outcome.error ? 1 : 0;
    }
    return result;
}

}  // namespace tripline::bus
