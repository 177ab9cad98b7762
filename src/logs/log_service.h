// LogService: CloudWatch Logs for Tripline's accounts (issue 9, item 1 and 3) - log groups with
// retention and tags, log streams, log events (PutLogEvents with AWS's batch rules, GetLogEvents,
// FilterLogEvents with filter patterns), and metric filters, which turn every event put into a
// group into metric datapoints (storage::MetricDataStore) in the same transaction as the events.
// Trails and EventBridge targets deliver through deliver(), which creates the stream on first use.
//
// Groups (with their streams and filters) live in memory and in the ResourceStore, one document
// per group (type "logs:log-group"); events in storage::LogEventStore.
// Ownership: borrows the Database and Clock (must outlive it). Thread-safety: every method may run
// concurrently (one mutex for the groups; the database serialises writes).
// Errors carry CloudWatch Logs' names: ResourceNotFoundException, ResourceAlreadyExistsException,
// InvalidParameterException, LimitExceededException; InternalError for storage.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/coded_result.h"
#include "logs/log_model.h"
#include "storage/database.h"
#include "storage/log_event_store.h"

namespace tripline::logs {

// AWS's limits (PutLogEvents, metric filters).
inline constexpr std::size_t kMaxBatchEvents = 10000;
inline constexpr std::size_t kMaxBatchBytes = 1048576;
inline constexpr std::size_t kEventOverheadBytes = 26;
inline constexpr std::size_t kMaxEventBytes = 262144 - kEventOverheadBytes;
inline constexpr std::size_t kMaxMetricFiltersPerGroup = 100;
inline constexpr int kMaxRegexFiltersPerGroup = 5;

struct InputLogEvent {
    std::int64_t timestamp_ms = 0;
    std::string message;
};

struct PutLogEventsResult {
    std::string next_sequence_token;
    // Indexes of rejected events (AWS's rejectedLogEventsInfo); absent when none.
    std::optional<std::size_t> too_new_start_index;
    std::optional<std::size_t> too_old_end_index;
    std::optional<std::size_t> expired_end_index;
};

struct GroupListing {
    std::vector<LogGroup> groups;
    std::optional<std::string> next_token;
};

struct StreamInfo {
    LogStream stream;
    std::optional<storage::LogStreamStats> stats;
};

struct StreamListing {
    std::vector<StreamInfo> streams;
    std::optional<std::string> next_token;
};

struct EventPage {
    std::vector<storage::StoredLogEvent> events;
    std::string next_forward_token;
    std::string next_backward_token;
    std::optional<std::string> next_token;  // FilterLogEvents
};

struct FilterRequest {
    std::string group;
    std::vector<std::string> stream_names;
    std::optional<std::string> stream_name_prefix;
    std::optional<std::int64_t> start_ms;
    std::optional<std::int64_t> end_ms;
    std::string filter_pattern;
    std::optional<std::string> next_token;
    std::size_t limit = 10000;
};

struct TestMatch {
    std::size_t event_number = 0;  // 1-based
    std::string message;
    filter_pattern::ExtractedValues extracted;
};

class LogService {
public:
    LogService(storage::Database& db, const Clock& clock);

    CodedResult<LogGroup> create_log_group(const LogScope& scope,
                                           const std::string& name,
                                           const std::map<std::string, std::string>& tags);
    CodedResult<bool> delete_log_group(const LogScope& scope, const std::string& name);
    CodedResult<GroupListing> describe_log_groups(const LogScope& scope,
                                                  const std::string& prefix,
                                                  const std::string& pattern,
                                                  std::size_t limit,
                                                  const std::string& next_token);
    CodedResult<LogGroup> get_log_group(const LogScope& scope, const std::string& name);
    // nullopt days: never expire (DeleteRetentionPolicy).
    CodedResult<bool> set_retention(const LogScope& scope,
                                    const std::string& name,
                                    std::optional<int> days);

    CodedResult<LogStream> create_log_stream(const LogScope& scope,
                                             const std::string& group,
                                             const std::string& stream);
    CodedResult<bool> delete_log_stream(const LogScope& scope,
                                        const std::string& group,
                                        const std::string& stream);
    CodedResult<StreamListing> describe_log_streams(const LogScope& scope,
                                                    const std::string& group,
                                                    const std::string& prefix,
                                                    bool order_by_last_event,
                                                    bool descending,
                                                    std::size_t limit,
                                                    const std::string& next_token);

    CodedResult<PutLogEventsResult> put_log_events(const LogScope& scope,
                                                   const std::string& group,
                                                   const std::string& stream,
                                                   const std::vector<InputLogEvent>& events);
    CodedResult<EventPage> get_log_events(const LogScope& scope,
                                          const std::string& group,
                                          const std::string& stream,
                                          std::optional<std::int64_t> start_ms,
                                          std::optional<std::int64_t> end_ms,
                                          bool start_from_head,
                                          std::size_t limit,
                                          const std::string& next_token);
    CodedResult<EventPage> filter_log_events(const LogScope& scope, const FilterRequest& request);

    // Same name replaces (PutMetricFilter).
    CodedResult<bool> put_metric_filter(const LogScope& scope,
                                        const std::string& group,
                                        const std::string& name,
                                        const std::string& pattern,
                                        const MetricTransformation& transformation);
    CodedResult<bool> delete_metric_filter(const LogScope& scope,
                                           const std::string& group,
                                           const std::string& name);
    // Filters of one group (or of every group of the scope when `group` is empty), by group and
    // name, optionally only those whose name starts with `prefix` or that publish a metric.
    struct FilterListing {
        std::string group;
        MetricFilter filter;
    };
    CodedResult<std::vector<FilterListing>> describe_metric_filters(
        const LogScope& scope,
        const std::string& group,
        const std::string& prefix,
        const std::optional<std::string>& metric_name,
        const std::optional<std::string>& metric_namespace);
    static CodedResult<std::vector<TestMatch>> test_metric_filter(
        const std::string& pattern, const std::vector<std::string>& messages);

    // For trails and EventBridge: appends events (any age) to `stream` of the group named by its
    // ARN, creating the stream when missing; metric filters apply. kNotFound-like CodedError
    // (ResourceNotFoundException) when the group does not exist.
    CodedResult<bool> deliver(const std::string& group_arn,
                              const std::string& stream,
                              const std::vector<InputLogEvent>& events);

    // Retention: drops events older than their group's retention. Returns how many.
    std::int64_t apply_retention();

private:
    // The group in the scope; caller holds mutex_.
    CodedResult<LogGroup*> find(const LogScope& scope, const std::string& name);
    CodedResult<bool> save(const LogGroup& group);
    // Writes the events and the metric datapoints of the group's filters in one transaction.
    CodedResult<bool> append(const LogGroup& group,
                             const std::string& stream,
                             const std::vector<InputLogEvent>& events,
                             std::size_t first,
                             std::size_t end);

    storage::Database& db_;
    const Clock& clock_;
    std::mutex mutex_;
    std::map<std::string, LogGroup> groups_;  // by ARN
};

}  // namespace tripline::logs
