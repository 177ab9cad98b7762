// CloudTrail (JSON 1.1, X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>,
// API version 2013-11-01): trails, logging, trail status, event and insight selectors, tags over
// trail::TrailService; LookupEvents over query::TrailStore (event history, cloudtrail.md §9);
// ListPublicKeys over trail::DigestKeys. Shapes follow the botocore model (timestamps as epoch
// seconds); errors are AWS's exceptions (__type), mapped from TrailErrc in cloudtrail_json.cpp.
// CloudTrail records each call with lowerCamelCase requestParameters (and responseElements for
// CreateTrail, UpdateTrail, Put*Selectors), and the trail as its resource.
//
// Ownership: borrows the services (they must outlive it); the trail store may be null (LookupEvents
// then fails with "event history unavailable"). Thread-safety: handle() runs concurrently; all
// state lives in the borrowed services.
#pragma once

#include "api/service.h"

namespace tripline::trail {
class TrailService;
class DigestKeys;
}  // namespace tripline::trail

namespace tripline::query {
class TrailStore;
}  // namespace tripline::query

namespace tripline::api::services {

class CloudTrailService final : public Service {
public:
    CloudTrailService(trail::TrailService& trails,
                      query::TrailStore* trail_store,
                      trail::DigestKeys& digest_keys)
        : trails_(trails), trail_store_(trail_store), digest_keys_(digest_keys) {}

    std::string_view signing_name() const override { return "cloudtrail"; }
    std::string_view event_source() const override { return "cloudtrail.amazonaws.com"; }
    std::string_view api_version() const override { return "2013-11-01"; }
    ServiceReply handle(ApiCall& call) override;

private:
    // Trails and logging (cloudtrail_service.cpp).
    ServiceReply create_trail(ApiCall& call);
    ServiceReply update_trail(ApiCall& call);
    ServiceReply delete_trail(ApiCall& call);
    ServiceReply get_trail(ApiCall& call);
    ServiceReply describe_trails(ApiCall& call);
    ServiceReply list_trails(ApiCall& call);
    ServiceReply get_trail_status(ApiCall& call);
    ServiceReply set_logging(ApiCall& call, bool start);
    // Selectors and tags (cloudtrail_selector_ops.cpp).
    ServiceReply put_event_selectors(ApiCall& call);
    ServiceReply get_event_selectors(ApiCall& call);
    ServiceReply put_insight_selectors(ApiCall& call);
    ServiceReply get_insight_selectors(ApiCall& call);
    ServiceReply add_tags(ApiCall& call);
    ServiceReply remove_tags(ApiCall& call);
    ServiceReply list_tags(ApiCall& call);
    // Event history and keys (cloudtrail_lookup_ops.cpp).
    ServiceReply lookup_events(ApiCall& call);
    ServiceReply list_public_keys(ApiCall& call);

    trail::TrailService& trails_;
    query::TrailStore* trail_store_;
    trail::DigestKeys& digest_keys_;
};

}  // namespace tripline::api::services
