// EventBridge (JSON 1.1, X-Amz-Target: AWSEvents.<Op>, API version 2015-10-07): event buses, rules,
// targets, tags, PutEvents and TestEventPattern over bus::BusService (eventbridge-targets.md,
// eventbridge.md §8). Shapes follow the botocore model; errors are AWS's (__type):
// ValidationException, InvalidEventPatternException, ResourceNotFoundException,
// ResourceAlreadyExistsException, LimitExceededException. CloudTrail records each call with its
// parameters in lowerCamelCase, as EventBridge's own records are. Thread-safety: handle() runs
// concurrently; all state lives in the BusService.
#pragma once

#include "api/service.h"

namespace tripline::bus {
class ApiDestinations;
class BusService;
}  // namespace tripline::bus

namespace tripline::api::services {

class EventsService final : public Service {
public:
    // `destinations` may be null: connections and API destinations are then refused.
    explicit EventsService(bus::BusService& buses, bus::ApiDestinations* destinations = nullptr)
        : buses_(buses), destinations_(destinations) {}

    std::string_view signing_name() const override { return "events"; }
    std::string_view event_source() const override { return "events.amazonaws.com"; }
    std::string_view api_version() const override { return "2015-10-07"; }
    ServiceReply handle(ApiCall& call) override;

private:
    // Buses, rules and tags (events_rule_ops.cpp).
    ServiceReply create_event_bus(ApiCall& call);
    ServiceReply delete_event_bus(ApiCall& call);
    ServiceReply describe_event_bus(ApiCall& call);
    ServiceReply list_event_buses(ApiCall& call);
    ServiceReply put_rule(ApiCall& call);
    ServiceReply describe_rule(ApiCall& call);
    ServiceReply list_rules(ApiCall& call);
    ServiceReply delete_rule(ApiCall& call);
    ServiceReply set_rule_state(ApiCall& call, bool enable);
    ServiceReply list_rule_names_by_target(ApiCall& call);
    ServiceReply tag_resource(ApiCall& call);
    ServiceReply untag_resource(ApiCall& call);
    ServiceReply list_tags_for_resource(ApiCall& call);
    // Targets and events (events_target_ops.cpp).
    ServiceReply put_targets(ApiCall& call);
    ServiceReply remove_targets(ApiCall& call);
    ServiceReply list_targets_by_rule(ApiCall& call);
    ServiceReply put_events(ApiCall& call);
    ServiceReply test_event_pattern(ApiCall& call);
    // Connections and API destinations (events_destination_ops.cpp).
    ServiceReply create_connection(ApiCall& call);
    ServiceReply update_connection(ApiCall& call);
    ServiceReply describe_connection(ApiCall& call);
    ServiceReply list_connections(ApiCall& call);
    ServiceReply delete_connection(ApiCall& call);
    ServiceReply create_api_destination(ApiCall& call);
    ServiceReply update_api_destination(ApiCall& call);
    ServiceReply describe_api_destination(ApiCall& call);
    ServiceReply list_api_destinations(ApiCall& call);
    ServiceReply delete_api_destination(ApiCall& call);

    bus::BusService& buses_;
    bus::ApiDestinations* destinations_;
};

}  // namespace tripline::api::services
