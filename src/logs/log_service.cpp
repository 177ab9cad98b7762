// LogService: groups, streams and events (metric filters: log_service_filters.cpp).
#include "logs/log_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/resource_store.h"
#include "storage/statement.h"

namespace tripline::logs {

namespace {

constexpr std::string_view kGroupType = "logs:log-group";
constexpr std::int64_t kDayMs = 86400000;

CodedError group_not_found() {
    return coded_error("ResourceNotFoundException", "The specified log group does not exist.");
}

CodedError stream_not_found() {
    return coded_error("ResourceNotFoundException", "The specified log stream does not exist.");
}

// Page tokens: the last name returned ("n/<name>") or event id ("f/<id>", "b/<id>").
std::optional<std::int64_t> token_id(const std::string& token, char kind) {
    if (token.size() < 3 || token[0] != kind || token[1] != '/') {
        return std::nullopt;
    }
    try {
        std::size_t used = 0;
        std::int64_t id = std::stoll(token.substr(2), &used);
        if (used != token.size() - 2 || id < 0) {
            return std::nullopt;
        }
        return id;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

CodedError invalid_token() { return invalid_parameter("The specified nextToken is invalid."); }

}  // namespace

LogService::LogService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {
    storage::ResourceStore store(db_);
    auto all = store.list_all(kGroupType);
    if (!all) {
        spdlog::warn("CloudWatch Logs: cannot load log groups: {}", all.error().to_string());
        return;
    }
    for (const storage::StoredResource& r : *all) {
        auto doc = nlohmann::json::parse(r.document, nullptr, false);
        auto group = from_document(doc);
        if (!group) {
            spdlog::warn("CloudWatch Logs: log group {} cannot be read; skipped", r.arn);
            continue;
        }
        groups_.emplace(group->arn(), std::move(*group));
    }
}

CodedResult<LogGroup*> LogService::find(const LogScope& scope, const std::string& name) {
    auto it = groups_.find(log_group_arn(scope.region, scope.account_id, name));
    if (it == groups_.end()) {
        return group_not_found();
    }
    return &it->second;
}

CodedResult<bool> LogService::save(const LogGroup& group) {
    storage::ResourceStore store(db_);
    storage::StoredResource r;
    r.account_id = group.account_id;
    r.region = group.region;
    r.type = std::string(kGroupType);
    r.name = group.name;
    r.arn = group.arn();
    r.document = to_document(group).dump();
    if (auto put = store.put(r, clock_.now()); !put) {
        return coded_internal(put.error());
    }
    return true;
}

CodedResult<LogGroup> LogService::create_log_group(const LogScope& scope,
                                                   const std::string& name,
                                                   const std::map<std::string, std::string>& tags) {
    if (auto bad = check_group_name(name, "logGroupName")) {
        return *bad;
    }
    if (tags.size() > 50) {
        return invalid_parameter("A log group can have at most 50 tags");
    }
    std::lock_guard lock(mutex_);
    const std::string arn = log_group_arn(scope.region, scope.account_id, name);
    if (groups_.count(arn) != 0) {
        return coded_error("ResourceAlreadyExistsException",
                           "The specified log group already exists");
    }
    LogGroup group;
    group.name = name;
    group.account_id = scope.account_id;
    group.region = scope.region;
    group.creation_ms = storage::to_unix_ms(clock_.now());
    group.tags = tags;
    if (auto saved = save(group); !saved) {
        return saved.error();
    }
    groups_.emplace(arn, group);
    return group;
}

CodedResult<bool> LogService::delete_log_group(const LogScope& scope, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto group = find(scope, name);
    if (!group) {
        return group.error();
    }
    const std::string arn = (*group)->arn();
    storage::LogEventStore events(db_);
    storage::ResourceStore store(db_);
    if (auto removed = events.remove_group(arn); !removed) {
        return coded_internal(removed.error());
    }
    if (auto removed = store.remove(scope.account_id, scope.region, kGroupType, name); !removed) {
        return coded_internal(removed.error());
    }
    groups_.erase(arn);
    return true;
}

CodedResult<GroupListing> LogService::describe_log_groups(const LogScope& scope,
                                                          const std::string& prefix,
                                                          const std::string& pattern,
                                                          std::size_t limit,
                                                          const std::string& next_token) {
    if (!prefix.empty() && !pattern.empty()) {
        return invalid_parameter(
            "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }
    std::string after;
    if (!next_token.empty()) {
        if (!next_token.starts_with("n/")) {
            return invalid_token();
        }
        after = next_token.substr(2);
    }
    std::lock_guard lock(mutex_);
    GroupListing out;
    // groups_ is ordered by ARN, and within one account and region that is by name.
    for (const auto& [arn, group] : groups_) {
        if (group.account_id != scope.account_id || group.region != scope.region) {
            continue;
        }
        if (!after.empty() && group.name <= after) {
            continue;
        }
        if (!group.name.starts_with(prefix)) {
            continue;
        }
        if (!pattern.empty() && group.name.find(pattern) == std::string::npos) {
            continue;
        }
        if (out.groups.size() == limit) {
            out.next_token = "n/" + out.groups.back().name;
            break;
        }
        out.groups.push_back(group);
    }
    return out;
}

CodedResult<LogGroup> LogService::get_log_group(const LogScope& scope, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto group = find(scope, name);
    if (!group) {
        return group.error();
    }
    return **group;
}

CodedResult<bool> LogService::set_retention(const LogScope& scope,
                                            const std::string& name,
                                            std::optional<int> days) {
    if (days) {
        if (auto bad = check_retention_days(*days)) {
            return *bad;
        }
    }
    std::lock_guard lock(mutex_);
    auto group = find(scope, name);
    if (!group) {
        return group.error();
    }
    LogGroup updated = **group;
    updated.retention_days = days;
    if (auto saved = save(updated); !saved) {
        return saved.error();
    }
    **group = std::move(updated);
    return true;
}

CodedResult<LogStream> LogService::create_log_stream(const LogScope& scope,
                                                     const std::string& group_name,
                                                     const std::string& stream) {
    if (auto bad = check_group_name(group_name, "logGroupName")) {
        return *bad;
    }
    if (auto bad = check_stream_name(stream)) {
        return *bad;
    }
    std::lock_guard lock(mutex_);
    auto group = find(scope, group_name);
    if (!group) {
        return group.error();
    }
    if ((*group)->streams.count(stream) != 0) {
        return coded_error("ResourceAlreadyExistsException",
                           "The specified log stream already exists");
    }
    LogGroup updated = **group;
    LogStream created{stream, storage::to_unix_ms(clock_.now())};
    updated.streams[stream] = created;
    if (auto saved = save(updated); !saved) {
        return saved.error();
    }
    **group = std::move(updated);
    return created;
}

CodedResult<bool> LogService::delete_log_stream(const LogScope& scope,
                                                const std::string& group_name,
                                                const std::string& stream) {
    std::lock_guard lock(mutex_);
    auto group = find(scope, group_name);
    if (!group) {
        return group.error();
    }
    if ((*group)->streams.count(stream) == 0) {
        return stream_not_found();
    }
    storage::LogEventStore events(db_);
    if (auto removed = events.remove_stream((*group)->arn(), stream); !removed) {
        return coded_internal(removed.error());
    }
    LogGroup updated = **group;
    updated.streams.erase(stream);
    if (auto saved = save(updated); !saved) {
        return saved.error();
    }
    **group = std::move(updated);
    return true;
}

CodedResult<StreamListing> LogService::describe_log_streams(const LogScope& scope,
                                                            const std::string& group_name,
                                                            const std::string& prefix,
                                                            bool order_by_last_event,
                                                            bool descending,
                                                            std::size_t limit,
                                                            const std::string& next_token) {
    if (order_by_last_event && !prefix.empty()) {
        return invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    std::size_t offset = 0;
    if (!next_token.empty()) {
        auto parsed = token_id(next_token, 'o');
        if (!parsed) {
            return invalid_token();
        }
        offset = static_cast<std::size_t>(*parsed);
    }
    LogGroup group;
    {
        std::lock_guard lock(mutex_);
        auto found = find(scope, group_name);
        if (!found) {
            return found.error();
        }
        group = **found;
    }
    storage::LogEventStore events(db_);
    auto stats = events.stream_stats(group.arn());
    if (!stats) {
        return coded_internal(stats.error());
    }
    std::vector<StreamInfo> all;
    for (const auto& [name, stream] : group.streams) {
        if (!name.starts_with(prefix)) {
            continue;
        }
        StreamInfo info{stream, std::nullopt};
        if (auto it = stats->find(name); it != stats->end()) {
            info.stats = it->second;
        }
        all.push_back(std::move(info));
    }
    if (order_by_last_event) {
        std::stable_sort(all.begin(), all.end(), [](const StreamInfo& a, const StreamInfo& b) {
            std::int64_t ta = a.stats ? a.stats->last_event_ms : 0;
            std::int64_t tb = b.stats ? b.stats->last_event_ms : 0;
            return ta < tb;
        });
    }
    if (descending) {
        std::reverse(all.begin(), all.end());
    }
    StreamListing out;
    for (std::size_t i = offset; i < all.size(); ++i) {
        if (out.streams.size() == limit) {
            out.next_token = "o/" + std::to_string(i);
            break;
        }
        out.streams.push_back(all[i]);
    }
    return out;
}

CodedResult<PutLogEventsResult> LogService::put_log_events(
    const LogScope& scope,
    const std::string& group_name,
    const std::string& stream,
    const std::vector<InputLogEvent>& events) {
    if (events.empty()) {
        return invalid_parameter(
            "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1");
    }
    if (events.size() > kMaxBatchEvents) {
        return invalid_parameter(
            "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: "
            "Member must have length less than or equal to 10000");
    }
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].message.empty()) {
            return invalid_parameter(
                "Log event message must have length greater than or equal "
                "to 1 (logEvents." +
                std::to_string(i + 1) + ".member.message)");
        }
        if (events[i].message.size() > kMaxEventBytes) {
            return invalid_parameter("Log event too large: logEvents." + std::to_string(i + 1) +
                                     " is " + std::to_string(events[i].message.size()) +
                                     " bytes; the maximum is 262118");
        }
        bytes += events[i].message.size() + kEventOverheadBytes;
        if (i > 0 && events[i].timestamp_ms < events[i - 1].timestamp_ms) {
            return invalid_parameter(
                "Log events in a single PutLogEvents request must be in chronological order.");
        }
    }
    if (bytes > kMaxBatchBytes) {
        return invalid_parameter("Upload too large: " + std::to_string(bytes) +
                                 " bytes exceeds limit of 1048576");
    }
    if (events.back().timestamp_ms - events.front().timestamp_ms > kDayMs) {
        return invalid_parameter(
            "The batch of log events in a single PutLogEvents request cannot span more than 24 "
            "hours.");
    }
    LogGroup group;
    {
        std::lock_guard lock(mutex_);
        auto found = find(scope, group_name);
        if (!found) {
            return found.error();
        }
        if ((*found)->streams.count(stream) == 0) {
            return stream_not_found();
        }
        group = **found;
    }
    // Events more than 14 days old (or past the retention), or more than 2 hours ahead, are
    // rejected one by one, as AWS does; the rest are accepted.
    const std::int64_t now = storage::to_unix_ms(clock_.now());
    const std::int64_t too_old = now - 14 * kDayMs;
    const std::int64_t expired =
        group.retention_days ? now - *group.retention_days * kDayMs : too_old;
    const std::int64_t too_new = now + 2 * 3600 * 1000;
    PutLogEventsResult result;
    std::size_t first = 0;
    std::size_t end = events.size();
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].timestamp_ms < expired && expired > too_old) {
            result.expired_end_index = i;
            first = i + 1;
        } else if (events[i].timestamp_ms < too_old) {
            result.too_old_end_index = i;
            first = i + 1;
        } else if (events[i].timestamp_ms > too_new) {
            result.too_new_start_index = i;
            end = i;
            break;
        }
    }
    if (first < end) {
        if (auto appended = append(group, stream, events, first, end); !appended) {
            return appended.error();
        }
    }
    result.next_sequence_token = std::to_string(now);
    return result;
}

CodedResult<EventPage> LogService::get_log_events(const LogScope& scope,
                                                  const std::string& group_name,
                                                  const std::string& stream,
                                                  std::optional<std::int64_t> start_ms,
                                                  std::optional<std::int64_t> end_ms,
                                                  bool start_from_head,
                                                  std::size_t limit,
                                                  const std::string& next_token) {
    std::string arn;
    {
        std::lock_guard lock(mutex_);
        auto found = find(scope, group_name);
        if (!found) {
            return found.error();
        }
        if ((*found)->streams.count(stream) == 0) {
            return stream_not_found();
        }
        arn = (*found)->arn();
    }
    storage::LogEventQuery query;
    query.group_arn = arn;
    query.streams = {stream};
    query.start_ms = start_ms;
    query.end_ms = end_ms;
    query.limit = limit;
    bool backward = !start_from_head;
    if (!next_token.empty()) {
        if (auto id = token_id(next_token, 'f')) {
            query.after_id = *id;
            backward = false;
        } else if (auto before = token_id(next_token, 'b')) {
            query.before_id = *before == 0 ? 1 : *before;
            backward = true;
        } else {
            return invalid_token();
        }
    }
    query.newest_first = backward;
    storage::LogEventStore store(db_);
    auto read = store.read(query);
    if (!read) {
        return coded_internal(read.error());
    }
    EventPage page;
    page.events = std::move(*read);
    if (backward) {
        std::reverse(page.events.begin(), page.events.end());
    }
    if (page.events.empty()) {
        // Nothing more in that direction: the token sent comes back, which ends the CLI's paging.
        page.next_forward_token = "f/" + std::to_string(query.after_id);
        page.next_backward_token = "b/" + std::to_string(query.before_id);
        if (next_token.starts_with("f/")) {
            page.next_forward_token = next_token;
        } else if (next_token.starts_with("b/")) {
            page.next_backward_token = next_token;
        }
        return page;
    }
    page.next_forward_token = "f/" + std::to_string(page.events.back().id);
    page.next_backward_token = "b/" + std::to_string(page.events.front().id);
    return page;
}

std::int64_t LogService::apply_retention() {
    std::vector<std::pair<std::string, int>> retained;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [arn, group] : groups_) {
            if (group.retention_days) {
                retained.emplace_back(arn, *group.retention_days);
            }
        }
    }
    const std::int64_t now = storage::to_unix_ms(clock_.now());
    storage::LogEventStore store(db_);
    std::int64_t removed = 0;
    for (const auto& [arn, days] : retained) {
        auto r = store.remove_before(arn, now - days * kDayMs);
        if (!r) {
            spdlog::warn("CloudWatch Logs: retention of {}: {}", arn, r.error().to_string());
            continue;
        }
        removed += *r;
    }
    return removed;
}

}  // namespace tripline::logs
