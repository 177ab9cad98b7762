// Case kinds over CloudTrail records (input: one record as JSON):
//   "cloudtrail-record": the record written back by to_json() (CloudTrail's member order,
//   unmodelled
//                        and mistyped members kept), or "error: <message>".
//   "cloudtrail-envelope": the EventBridge event for the record (id "test-id"), or "error: ...".
#include <string>

#include "event/cloudtrail_record.h"
#include "event/event_envelope.h"
#include "handler_registry.h"

TRIPLINE_CONFORMANCE_HANDLER("cloudtrail-record", [](const tripline::testing::Case& c) {
    auto record = tripline::event::parse_cloudtrail_record(c.input);
    if (!record) {
        return "error: " + record.error().message;
    }
    return tripline::event::to_json(*record);
});

TRIPLINE_CONFORMANCE_HANDLER("cloudtrail-envelope", [](const tripline::testing::Case& c) {
    auto record = tripline::event::parse_cloudtrail_record(c.input);
    if (!record) {
        return "error: " + record.error().message;
    }
    return tripline::event::to_json(
        tripline::event::envelope_for_cloudtrail_record(*record, "test-id"));
});
