// LogEventStore: the events of CloudWatch Logs log groups (table `log_events`, migration 6), kept
// in ingestion order: an event's id orders it within its group and stream, and page tokens are ids.
// The logs module owns groups and streams; this store only holds their events, keyed by the
// group's ARN and the stream's name.
// Ownership: borrows the Database. Thread-safety: as the Database; calls join an open Transaction
// of the calling thread. Errors: SQLite errors as in database.h.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

struct NewLogEvent {
    std::string_view stream;
    std::int64_t timestamp_ms = 0;
    std::string_view message;
};

struct StoredLogEvent {
    std::int64_t id = 0;
    std::string stream;
    std::int64_t timestamp_ms = 0;
    std::int64_t ingestion_ms = 0;
    std::string message;
};

struct LogEventQuery {
    std::string_view group_arn;
    std::vector<std::string> streams;      // empty: every stream of the group
    std::optional<std::int64_t> start_ms;  // inclusive
    std::optional<std::int64_t> end_ms;    // exclusive
    std::int64_t after_id = 0;             // only ids above (forward pages)
    std::int64_t before_id = 0;            // only ids below, when not 0 (backward pages)
    bool newest_first = false;
    std::size_t limit = 1000;
};

struct LogStreamStats {
    std::int64_t first_event_ms = 0;
    std::int64_t last_event_ms = 0;
    std::int64_t last_ingestion_ms = 0;
    std::int64_t stored_bytes = 0;
};

class LogEventStore {
public:
    explicit LogEventStore(Database& db) : db_(db) {}

    // Appends the events (in order) with one ingestion time.
    Status insert(std::string_view group_arn,
                  const std::vector<NewLogEvent>& events,
                  std::int64_t ingestion_ms);
    Result<std::vector<StoredLogEvent>> read(const LogEventQuery& query);
    // Per stream of the group that has events.
    Result<std::map<std::string, LogStreamStats>> stream_stats(std::string_view group_arn);
    Result<std::int64_t> stored_bytes(std::string_view group_arn);
    Status remove_group(std::string_view group_arn);
    Status remove_stream(std::string_view group_arn, std::string_view stream);
    // Retention: drops the group's events older than `timestamp_ms`; returns how many.
    Result<std::int64_t> remove_before(std::string_view group_arn, std::int64_t timestamp_ms);

private:
    Database& db_;
};

}  // namespace tripline::storage
