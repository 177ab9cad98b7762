#include "bus/bus_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "bus/bus_arns.h"
#include "bus/bus_names.h"
#include "bus/internal/paginate.h"
#include "storage/resource_store.h"
#include "storage/transaction.h"

namespace tripline::bus {

namespace {

std::string slot_key(std::string_view account_id,
                     std::string_view region,
                     std::string_view bus_name) {
    std::string key;
    key.reserve(account_id.size() + region.size() + bus_name.size() + 2);
    key.append(account_id).append(1, '\0').append(region).append(1, '\0').append(bus_name);
    return key;
}

EventBus default_bus(const Scope& scope) {
    EventBus bus;
    bus.name = std::string(kDefaultBusName);
    bus.arn = event_bus_arn(scope.account_id, scope.region, kDefaultBusName);
    return bus;
}

Result<EventBus> bus_from_row(const storage::StoredResource& row) {
    TRIPLINE_ASSIGN_OR_RETURN(EventBus bus, bus_from_document(row.document));
    bus.creation_time = row.created_at;
    bus.last_modified_time = row.updated_at;
    return bus;
}

}  // namespace

BusService::BusService(storage::Database& db, Clock& clock, BusServiceOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

BusService::~BusService() = default;

Status BusService::load() {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list_all(kRuleResourceType));
    std::set<std::tuple<std::string, std::string, std::string>> buses;
    for (const auto& row : rows) {
        std::size_t slash = row.name.rfind('/');
        if (slash != std::string::npos) {
            buses.emplace(row.account_id, row.region, row.name.substr(0, slash));
        }
    }
    std::size_t rules = 0;
    for (const auto& [account, region, bus] : buses) {
        TRIPLINE_ASSIGN_OR_RETURN(auto snapshot, snapshot_for(account, region, bus));
        rules += snapshot ? snapshot->rules.size() : 0;
    }
    spdlog::info("event buses: {} rules with targets compiled on {} buses", rules, buses.size());
    return ok_status();
}

// ---- snapshots

Result<std::shared_ptr<const BusSnapshot>> BusService::snapshot_for(std::string_view account_id,
                                                                    std::string_view region,
                                                                    std::string_view bus_name) {
    const std::string key = slot_key(account_id, region, bus_name);
    std::uint64_t generation = 1;
    {
        std::lock_guard lock(slots_mutex_);
        auto it = slots_.find(key);
        if (it != slots_.end()) {
            if (it->second.snapshot && it->second.snapshot->generation == it->second.generation) {
                return it->second.snapshot;
            }
            generation = it->second.generation;
        }
    }
    if (!bus_exists(account_id, region, bus_name)) {
        return std::shared_ptr<const BusSnapshot>();
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto rules, rules_of(account_id, region, bus_name));
    auto snapshot = build_bus_snapshot(rules, generation);
    std::lock_guard lock(slots_mutex_);
    BusSlot& slot = slots_[key];
    // A change committed while this one was built bumped the generation: publish nothing stale
    // (the next caller rebuilds), but this call may use what it built.
    if (slot.generation == generation) {
        slot.snapshot = snapshot;
    }
    return snapshot;
}

void BusService::invalidate(std::string_view account_id,
                            std::string_view region,
                            std::string_view bus_name) {
    std::lock_guard lock(slots_mutex_);
    BusSlot& slot = slots_[slot_key(account_id, region, bus_name)];
    ++slot.generation;
    slot.snapshot.reset();
}

bool BusService::bus_exists(std::string_view account_id,
                            std::string_view region,
                            std::string_view bus_name) {
    if (bus_name == kDefaultBusName) {
        return true;
    }
    storage::ResourceStore store(db_);
    return store.get(account_id, region, kBusResourceType, bus_name).has_value();
}

Result<std::vector<Rule>> BusService::rules_of(std::string_view account_id,
                                               std::string_view region,
                                               std::string_view bus_name) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list(account_id, region, kRuleResourceType));
    std::vector<Rule> rules;
    for (const auto& row : rows) {
        std::string_view name = row.name;
        if (name.size() <= bus_name.size() + 1 || !name.starts_with(bus_name) ||
            name[bus_name.size()] != '/' ||
            name.substr(bus_name.size() + 1).find('/') != std::string_view::npos) {
            continue;
        }
        auto rule = rule_from_document(row.document);
        if (!rule) {
            spdlog::warn("rule {}: unreadable document skipped: {}", row.arn, rule.error().message);
            continue;
        }
        rules.push_back(std::move(*rule));
    }
    return rules;
}

Result<std::string> BusService::existing_bus(const Scope& scope, std::string_view name_or_arn) {
    TRIPLINE_ASSIGN_OR_RETURN(std::string bus,
                              resolve_bus_name(name_or_arn, scope.account_id, scope.region));
    if (!bus_exists(scope.account_id, scope.region, bus)) {
        return bus_not_found(bus);
    }
    return bus;
}

// ---- event buses

Result<EventBus> BusService::create_event_bus(const Scope& scope,
                                              std::string_view name,
                                              std::optional<std::string> description,
                                              const std::vector<Tag>& tags) {
    if (name == kDefaultBusName) {
        return make_error(Errc::kAlreadyExists, "Event bus default already exists.");
    }
    TRIPLINE_TRY(check_new_bus_name(name));
    if (description) {
        TRIPLINE_TRY(check_length("description", *description, 0, kMaxDescriptionLength));
    }
    EventBus bus;
    bus.name = std::string(name);
    bus.arn = event_bus_arn(scope.account_id, scope.region, name);
    bus.description = std::move(description);
    merge_tags(bus.tags, tags);
    storage::ResourceStore store(db_);
    storage::StoredResource stored;
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        if (store.get(scope.account_id, scope.region, kBusResourceType, name)) {
            return make_error(Errc::kAlreadyExists,
                              "Event bus " + std::string(name) + " already exists.");
        }
        TRIPLINE_ASSIGN_OR_RETURN(stored,
                                  store.put({scope.account_id,
                                             scope.region,
                                             std::string(kBusResourceType),
                                             bus.name,
                                             bus.arn,
                                             bus_to_document(bus),
                                             {},
                                             {}},
                                            clock_.now()));
        return ok_status();
    }));
    invalidate(scope.account_id, scope.region, name);
    return bus_from_row(stored);
}

Status BusService::delete_event_bus(const Scope& scope, std::string_view name) {
    if (name == kDefaultBusName) {
        return make_error(Errc::kInvalidArgument, "Cannot delete event bus default.");
    }
    TRIPLINE_TRY(check_length("name", name, 1, kMaxBusNameLength));
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        auto existing = store.get(scope.account_id, scope.region, kBusResourceType, name);
        if (!existing) {
            return existing.error().code == Errc::kNotFound ? ok_status()
                                                            : Status(existing.error());
        }
        TRIPLINE_ASSIGN_OR_RETURN(auto rules, rules_of(scope.account_id, scope.region, name));
        for (const Rule& rule : rules) {
            TRIPLINE_TRY(store.remove(scope.account_id,
                                      scope.region,
                                      kRuleResourceType,
                                      rule_store_name(name, rule.name)));
        }
        return store.remove(scope.account_id, scope.region, kBusResourceType, name);
    }));
    invalidate(scope.account_id, scope.region, name);
    return ok_status();
}

Result<EventBus> BusService::describe_event_bus(const Scope& scope, std::string_view name_or_arn) {
    TRIPLINE_ASSIGN_OR_RETURN(
        std::string name, resolve_bus_name(name_or_arn, scope.account_id, scope.region, "name"));
    storage::ResourceStore store(db_);
    auto row = store.get(scope.account_id, scope.region, kBusResourceType, name);
    if (!row) {
        if (row.error().code != Errc::kNotFound) {
            return row.error();
        }
        if (name == kDefaultBusName) {
            return default_bus(scope);
        }
        return bus_not_found(name);
    }
    return bus_from_row(*row);
}

Result<Page<EventBus>> BusService::list_event_buses(const Scope& scope,
                                                    std::string_view name_prefix,
                                                    int limit,
                                                    std::string_view next_token) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows,
                              store.list(scope.account_id, scope.region, kBusResourceType));
    std::vector<EventBus> buses;
    bool has_default = false;
    for (const auto& row : rows) {
        auto bus = bus_from_row(row);
        if (!bus) {
            spdlog::warn("event bus {}: unreadable document skipped", row.arn);
            continue;
        }
        has_default = has_default || bus->name == kDefaultBusName;
        buses.push_back(std::move(*bus));
    }
    if (!has_default) {
        buses.push_back(default_bus(scope));
    }
    std::erase_if(buses, [&](const EventBus& b) { return !b.name.starts_with(name_prefix); });
    return internal::paginate(
        std::move(buses), limit, next_token, [](const EventBus& b) -> std::string_view {
            return b.name;
        });
}

// ---- helpers shared by the rule and target operations

Result<Rule> BusService::load_rule(const Scope& scope,
                                   std::string_view bus,
                                   std::string_view name) {
    storage::ResourceStore store(db_);
    auto row =
        store.get(scope.account_id, scope.region, kRuleResourceType, rule_store_name(bus, name));
    if (!row) {
        return row.error().code == Errc::kNotFound ? rule_not_found(name, bus) : row.error();
    }
    return rule_from_document(row->document);
}

Status BusService::store_rule(const Scope& scope, const Rule& rule) {
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.put({scope.account_id,
                            scope.region,
                            std::string(kRuleResourceType),
                            rule_store_name(rule.bus_name, rule.name),
                            rule.arn,
                            rule_to_document(rule),
                            {},
                            {}},
                           clock_.now()));
    return ok_status();
}

Status BusService::update_rule(const Scope& scope,
                               std::string_view bus,
                               std::string_view name,
                               const std::function<Status(Rule&)>& change) {
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(Rule rule, load_rule(scope, bus, name));
        TRIPLINE_TRY(change(rule));
        return store_rule(scope, rule);
    }));
    invalidate(scope.account_id, scope.region, bus);
    return ok_status();
}

}  // namespace tripline::bus
