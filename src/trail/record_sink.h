// RecordSink: where batches of CloudTrail records go - the record pipeline of `tripline serve`
// (recorded API calls and ingested log records alike) and of `tripline ingest` when no server runs.
// accept() returns once the records are durable (journal) or fails; matching, log files, the trail
// store and EventBridge follow from there.
// Thread-safety: implementations accept concurrent calls.
#pragma once

#include <vector>

#include "base/result.h"
#include "event/cloudtrail_record.h"

namespace tripline::trail {

enum class RecordOrigin {
    kRecorded,  // a call Tripline's API received: journaled first (the account's event history)
    kIngested,  // read from existing CloudTrail logs: durable in its source file, not journaled
};

class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual Status accept(std::vector<event::CloudTrailRecord> records, RecordOrigin origin) = 0;
};

}  // namespace tripline::trail
