#include "app/trail_log_forwarder.h"

#include <spdlog/spdlog.h>

#include <map>
#include <tuple>

#include "logs/log_service.h"
#include "storage/statement.h"
#include "trail/trail_service.h"

namespace tripline::app {

void TrailLogForwarder::add(const std::string& trail_arn,
                            const std::string& log_group_arn,
                            const event::CloudTrailRecord& record,
                            std::string_view record_json) {
    Pending p;
    p.trail_arn = trail_arn;
    p.group_arn = log_group_arn;
    std::string account = record.recipient_account_id.value_or(
        record.user_identity && record.user_identity->account_id ? *record.user_identity->account_id
                                                                 : "");
    p.stream = account + "_CloudTrail_" + record.aws_region.value_or("");
    TimePoint t;
    p.timestamp_ms = record.event_time && parse_iso8601(*record.event_time, t)
                         ? storage::to_unix_ms(t)
                         : storage::to_unix_ms(clock_.now());
    p.message = std::string(record_json);
    bool full = false;
    {
        std::lock_guard lock(mutex_);
        pending_.push_back(std::move(p));
        full = pending_.size() >= kMaxBuffered;
    }
    if (full) {
        flush();
    }
}

void TrailLogForwarder::flush() {
    std::lock_guard flushing(flush_mutex_);
    std::vector<Pending> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(pending_);
    }
    if (batch.empty()) {
        return;
    }
    // Per trail, group and stream, in arrival order.
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<logs::InputLogEvent>>
        by_stream;
    for (Pending& p : batch) {
        by_stream[{p.trail_arn, p.group_arn, p.stream}].push_back(
            logs::InputLogEvent{p.timestamp_ms, std::move(p.message)});
    }
    std::map<std::string, std::optional<std::string>> outcome;  // by trail
    for (const auto& [key, events] : by_stream) {
        const auto& [trail_arn, group_arn, stream] = key;
        auto delivered = logs_.deliver(group_arn, stream, events);
        if (!delivered) {
            const std::string error = delivered.error().code + ": " + delivered.error().message;
            spdlog::warn("trail {}: cannot deliver {} records to {}: {}",
                         trail_arn,
                         events.size(),
                         group_arn,
                         error);
            outcome[trail_arn] = error;
        } else if (outcome.count(trail_arn) == 0) {
            outcome[trail_arn] = std::nullopt;
        }
    }
    const TimePoint now = clock_.now();
    for (const auto& [trail_arn, error] : outcome) {
        if (trail_arn.empty()) {
            continue;  // ingested records: no trail of this server
        }
        trails_.note_cloudwatch_logs_delivery(trail_arn, now, error);
    }
}

}  // namespace tripline::app
