#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "app/steps/steps.h"
#include "bus/api_destinations.h"
#include "bus/bus_service.h"
#include "notify/topic_service.h"
#include "storage/bucket_store.h"
#include "trail/trail_service.h"

namespace tripline::app::steps {

namespace {

// A declaration that the service refuses stops start-up with the file position.
Error at(const TextSpan& where, std::string_view what, const Error& error) {
    return make_error(error.code, std::string(what) + ": " + error.message, where);
}

std::string default_account(const Config& config) {
    return config.accounts.empty() ? kDefaultAccountId : config.accounts.front().id;
}

Status apply_topic(EngineState& state, const TopicConfig& topic) {
    notify::SnsCaller caller;
    caller.account_id = topic.account.empty() ? default_account(state.config) : topic.account;
    caller.region = topic.region.empty() ? state.config.server.region : topic.region;
    notify::CreateTopicRequest request;
    request.name = topic.name;
    auto arn = state.topics->create_topic(caller, request);
    if (!arn) {
        return at(topic.where, "topic " + topic.name, arn.error());
    }
    // Attributes are applied one by one so that a changed file updates an existing topic.
    for (const auto& [name, value] : topic.attributes) {
        if (Status st = state.topics->set_topic_attribute(caller, *arn, name, value); !st) {
            return at(topic.where, "topic " + topic.name + " attribute " + name, st.error());
        }
    }
    for (const SubscriptionConfig& sub : topic.subscriptions) {
        notify::SubscribeRequest subscribe;
        subscribe.topic_arn = *arn;
        subscribe.protocol = sub.protocol;
        subscribe.endpoint = sub.endpoint;
        subscribe.attributes = sub.attributes;
        subscribe.pre_confirmed = sub.confirmed;
        auto result = state.topics->subscribe(caller, subscribe);
        if (!result) {
            return at(
                sub.where, "subscription " + sub.protocol + " " + sub.endpoint, result.error());
        }
        for (const auto& [name, value] : sub.attributes) {
            Status st = state.topics->set_subscription_attribute(
                caller, result->subscription_arn, name, value);
            if (!st) {
                return at(sub.where, "subscription attribute " + name, st.error());
            }
        }
        spdlog::info("config: subscription {} {} to {}{}",
                     sub.protocol,
                     sub.endpoint,
                     *arn,
                     result->pending ? " (pending confirmation)" : "");
    }
    return ok_status();
}

// Creates or updates the connection, then the API destination (upserts: a restart with the same
// file changes nothing).
Status apply_api_destination(EngineState& state, const ApiDestinationConfig& config) {
    bus::Scope scope{config.account.empty() ? default_account(state.config) : config.account,
                     config.region.empty() ? state.config.server.region : config.region};
    nlohmann::json document = nlohmann::json::parse(config.document);
    nlohmann::json connection = std::move(document["Connection"]);
    document.erase("Connection");
    const std::string connection_name = connection.value("Name", "");
    bus::ApiDestinations& destinations = *state.api_destinations;
    auto existing_connection = destinations.describe_connection(scope, connection_name);
    auto connected = existing_connection ? destinations.update_connection(scope, connection)
                                         : destinations.create_connection(scope, connection);
    if (!connected) {
        return at(config.where, "connection " + connection_name, connected.error());
    }
    document["ConnectionArn"] = connected->arn;
    auto existing = destinations.describe_api_destination(scope, config.name);
    auto applied = existing ? destinations.update_api_destination(scope, document)
                            : destinations.create_api_destination(scope, document);
    if (!applied) {
        return at(config.where, "API destination " + config.name, applied.error());
    }
    return ok_status();
}

Status apply_rule(EngineState& state, const RuleConfig& rule) {
    bus::Scope scope{rule.account.empty() ? default_account(state.config) : rule.account,
                     rule.region.empty() ? state.config.server.region : rule.region};
    bus::RuleSpec spec;
    spec.name = rule.name;
    spec.bus = rule.bus;
    spec.event_pattern = rule.event_pattern;
    spec.state = rule.state;
    if (!rule.description.empty()) {
        spec.description = rule.description;
    }
    auto put = state.buses->put_rule(scope, spec);
    if (!put) {
        return at(rule.where, "rule " + rule.name, put.error());
    }
    if (put->warning) {
        spdlog::warn("config: rule {}: {}", rule.name, *put->warning);
    }
    if (rule.targets.empty()) {
        return ok_status();
    }
    auto failures = state.buses->put_targets(scope, rule.bus, rule.name, rule.targets);
    if (!failures) {
        return at(rule.where, "targets of rule " + rule.name, failures.error());
    }
    if (!failures->empty()) {
        const bus::TargetFailure& f = failures->front();
        return at(rule.where, "target " + f.target_id + " of rule " + rule.name, f.error);
    }
    return ok_status();
}

}  // namespace

// The trail's bucket is created when missing (the config declares a working set-up; CreateTrail
// over the API requires an existing bucket, as AWS does).
static Status apply_trail(EngineState& state, const TrailConfig& config) {
    trail::DeclaredTrail declared;
    declared.account_id = config.account.empty() ? default_account(state.config) : config.account;
    declared.region = config.region.empty() ? state.config.server.region : config.region;
    nlohmann::json document = nlohmann::json::parse(config.document);
    auto take = [&](const char* key) -> std::optional<nlohmann::json> {
        if (!document.contains(key)) {
            return std::nullopt;
        }
        nlohmann::json value = std::move(document[key]);
        document.erase(key);
        return value;
    };
    declared.event_selectors = take("EventSelectors");
    declared.advanced_event_selectors = take("AdvancedEventSelectors");
    declared.insight_selectors = take("InsightSelectors");
    if (auto start = take("StartLogging"); start && start->is_boolean()) {
        declared.start_logging = start->get<bool>();
    }
    if (config.create_bucket && document.contains("S3BucketName") &&
        document["S3BucketName"].is_string()) {
        const std::string bucket = document["S3BucketName"].get<std::string>();
        auto ensured = state.buckets->ensure_bucket(
            declared.account_id, declared.region, bucket, state.clock->now());
        if (!ensured) {
            return at(
                config.where, "bucket " + bucket + " of trail " + config.name, ensured.error());
        }
    }
    declared.trail = std::move(document);
    if (Status applied = state.trails->apply_declared_trail(declared); !applied) {
        return at(config.where, "trail " + config.name, applied.error());
    }
    return ok_status();
}

Status apply_config_resources(EngineState& state) {
    for (const TopicConfig& topic : state.config.topics) {
        TRIPLINE_TRY(apply_topic(state, topic));
    }
    for (const ApiDestinationConfig& destination : state.config.api_destinations) {
        TRIPLINE_TRY(apply_api_destination(state, destination));
    }
    for (const RuleConfig& rule : state.config.rules) {
        TRIPLINE_TRY(apply_rule(state, rule));
    }
    for (const TrailConfig& trail : state.config.trails) {
        TRIPLINE_TRY(apply_trail(state, trail));
    }
    if (!state.config.topics.empty() || !state.config.rules.empty() ||
        !state.config.trails.empty()) {
        spdlog::info("config: {} topic(s), {} rule(s) and {} trail(s) applied",
                     state.config.topics.size(),
                     state.config.rules.size(),
                     state.config.trails.size());
    }
    return ok_status();
}

}  // namespace tripline::app::steps
