// Call recording: every request that reaches a service — success or error — becomes a CloudTrail
// record (cloudtrail.md §1-3) handed to a CallRecordSink. The trail pipeline implements the sink;
// the API only describes the call.
// Thread-safety: sinks are called concurrently from API workers and must synchronise themselves.
#pragma once

#include <optional>
#include <string_view>

#include "api/api_call.h"
#include "api/api_error.h"
#include "event/cloudtrail_record.h"

namespace tripline::api {

class CallRecordSink {
public:
    virtual ~CallRecordSink() = default;
    virtual void record(const event::CloudTrailRecord& record) = 0;
};

// Get*/List*/Describe*/Head* and a few others are read-only (cloudtrail.md §1).
bool is_read_only_operation(std::string_view operation);

// The record AWS would write for `call`, which ended with `error` (or succeeded).
event::CloudTrailRecord make_call_record(const ApiCall& call,
                                         std::string_view event_source,
                                         std::string_view api_version,
                                         const ApiError* error,
                                         std::string event_id);

}  // namespace tripline::api
