// TrailLogForwarder: delivers the records of trails that have a CloudWatch Logs group
// (CloudWatchLogsLogGroupArn) to that group, one log event per record (the record's compact JSON,
// its eventTime as the timestamp) in the stream "<account>_CloudTrail_<region>" (cloudtrail.md §6).
// add() buffers (called from the recording threads through TrailHooks::log_record); flush() runs
// on the trail ticker every `cloudwatch.trail_delivery_seconds` and at shutdown, and records each
// trail's LatestCloudWatchLogsDeliveryTime or error. AWS takes minutes; Tripline seconds.
// Records still buffered when the process dies are not re-sent to the group (they remain in the
// trail's log files and the trail store); the buffer is bounded: past kMaxBuffered records add()
// flushes inline.
// Ownership: borrows the services. Thread-safety: add() and flush() may run concurrently.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "event/cloudtrail_record.h"

namespace tripline::logs {
class LogService;
}
namespace tripline::trail {
class TrailService;
}

namespace tripline::app {

class TrailLogForwarder {
public:
    static constexpr std::size_t kMaxBuffered = 20000;

    TrailLogForwarder(logs::LogService& logs, trail::TrailService& trails, const Clock& clock)
        : logs_(logs), trails_(trails), clock_(clock) {}

    void add(const std::string& trail_arn,
             const std::string& log_group_arn,
             const event::CloudTrailRecord& record,
             std::string_view record_json);
    void flush();

private:
    struct Pending {
        std::string trail_arn;
        std::string group_arn;
        std::string stream;
        std::int64_t timestamp_ms = 0;
        std::string message;
    };

    logs::LogService& logs_;
    trail::TrailService& trails_;
    const Clock& clock_;
    std::mutex mutex_;
    std::vector<Pending> pending_;
    std::mutex flush_mutex_;  // one flush at a time, so a stream's events stay in order
};

}  // namespace tripline::app
