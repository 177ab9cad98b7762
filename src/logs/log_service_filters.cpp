// LogService: metric filters (and the datapoints they publish as events arrive), FilterLogEvents,
// TestMetricFilter, and delivery from trails and EventBridge.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "logs/log_service.h"
#include "storage/metric_data_store.h"
#include "storage/statement.h"
#include "storage/transaction.h"

namespace tripline::logs {

namespace {

std::optional<double> parse_number(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::string s(text);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

storage::MetricSample sample_of(const LogGroup& group,
                                const MetricTransformation& t,
                                storage::MetricDimensions dimensions,
                                std::int64_t timestamp_ms,
                                double value) {
    storage::MetricSample s;
    s.key = storage::MetricKey{
        group.account_id, group.region, t.metric_namespace, t.metric_name, std::move(dimensions)};
    s.timestamp_s = timestamp_ms >= 0 ? timestamp_ms / 1000 : (timestamp_ms - 999) / 1000;
    s.unit = t.unit.empty() ? "None" : t.unit;
    s.count = 1;
    s.sum = s.minimum = s.maximum = value;
    s.values = {value};
    return s;
}

// The datapoints one filter publishes for a batch of events: metricValue per matching event
// (events whose value or dimensions cannot be extracted publish nothing), and defaultValue once
// for each minute of the batch in which events arrived but none matched.
void publish_filter(const LogGroup& group,
                    const MetricFilter& filter,
                    const std::vector<filter_pattern::LogMessage>& messages,
                    const std::vector<InputLogEvent>& events,
                    std::size_t first,
                    std::vector<storage::MetricSample>& out) {
    const MetricTransformation& t = filter.transformation;
    const std::optional<double> literal = parse_number(t.metric_value);
    std::set<std::int64_t> minutes_with_events;
    std::set<std::int64_t> minutes_with_matches;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const InputLogEvent& event = events[first + i];
        const std::int64_t minute = event.timestamp_ms / 60000;
        minutes_with_events.insert(minute);
        if (!filter.pattern.matches(messages[i])) {
            continue;
        }
        minutes_with_matches.insert(minute);
        std::optional<double> value = literal;
        if (!value) {
            auto extracted = filter.pattern.extract(messages[i], t.metric_value);
            value = extracted ? parse_number(*extracted) : std::nullopt;
        }
        if (!value) {
            continue;
        }
        storage::MetricDimensions dimensions;
        bool complete = true;
        for (const auto& [name, selector] : t.dimensions) {
            auto extracted = filter.pattern.extract(messages[i], selector);
            if (!extracted || extracted->empty()) {
                complete = false;
                break;
            }
            dimensions.emplace_back(name, std::move(*extracted));
        }
        if (complete) {
            out.push_back(sample_of(group, t, std::move(dimensions), event.timestamp_ms, *value));
        }
    }
    if (t.default_value) {
        for (std::int64_t minute : minutes_with_events) {
            if (minutes_with_matches.count(minute) == 0) {
                out.push_back(sample_of(group, t, {}, minute * 60000, *t.default_value));
            }
        }
    }
}

}  // namespace

CodedResult<bool> LogService::append(const LogGroup& group,
                                     const std::string& stream,
                                     const std::vector<InputLogEvent>& events,
                                     std::size_t first,
                                     std::size_t end) {
    std::vector<storage::NewLogEvent> rows;
    rows.reserve(end - first);
    for (std::size_t i = first; i < end; ++i) {
        rows.push_back(storage::NewLogEvent{stream, events[i].timestamp_ms, events[i].message});
    }
    std::vector<storage::MetricSample> samples;
    if (!group.metric_filters.empty()) {
        std::vector<filter_pattern::LogMessage> messages;
        messages.reserve(end - first);
        for (std::size_t i = first; i < end; ++i) {
            messages.emplace_back(events[i].message);
        }
        for (const MetricFilter& filter : group.metric_filters) {
            publish_filter(group, filter, messages, events, first, samples);
        }
    }
    const std::int64_t now = storage::to_unix_ms(clock_.now());
    const std::string arn = group.arn();
    Status written = storage::with_transaction(db_, [&]() -> Status {
        storage::LogEventStore store(db_);
        TRIPLINE_TRY(store.insert(arn, rows, now));
        if (!samples.empty()) {
            storage::MetricDataStore metrics(db_);
            TRIPLINE_TRY(metrics.add(samples));
        }
        return ok_status();
    });
    if (!written) {
        return coded_internal(written.error());
    }
    return true;
}

CodedResult<bool> LogService::deliver(const std::string& group_arn,
                                      const std::string& stream,
                                      const std::vector<InputLogEvent>& events) {
    auto parsed = parse_log_group_arn(group_arn);
    if (!parsed) {
        return invalid_parameter("Not a log group ARN: " + group_arn);
    }
    if (auto bad = check_stream_name(stream)) {
        return *bad;
    }
    LogGroup group;
    {
        std::lock_guard lock(mutex_);
        auto it = groups_.find(log_group_arn(parsed->region, parsed->account_id, parsed->name));
        if (it == groups_.end()) {
            return coded_error("ResourceNotFoundException",
                               "The specified log group does not exist.");
        }
        if (it->second.streams.count(stream) == 0) {
            LogGroup updated = it->second;
            updated.streams[stream] = LogStream{stream, storage::to_unix_ms(clock_.now())};
            if (auto saved = save(updated); !saved) {
                return saved.error();
            }
            it->second = std::move(updated);
        }
        group = it->second;
    }
    if (events.empty()) {
        return true;
    }
    // Events of a delivery may come in any order and of any size; each is cut to AWS's maximum.
    std::vector<InputLogEvent> bounded;
    const std::vector<InputLogEvent>* batch = &events;
    if (std::any_of(events.begin(), events.end(), [](const InputLogEvent& e) {
            return e.message.size() > kMaxEventBytes;
        })) {
        bounded = events;
        for (InputLogEvent& e : bounded) {
            if (e.message.size() > kMaxEventBytes) {
                e.message.resize(kMaxEventBytes);
            }
        }
        batch = &bounded;
    }
    return append(group, stream, *batch, 0, batch->size());
}

CodedResult<bool> LogService::put_metric_filter(const LogScope& scope,
                                                const std::string& group_name,
                                                const std::string& name,
                                                const std::string& pattern_text,
                                                const MetricTransformation& transformation) {
    if (auto bad = check_group_name(group_name, "logGroupName")) {
        return *bad;
    }
    if (auto bad = check_filter_name(name)) {
        return *bad;
    }
    if (pattern_text.size() > 1024) {
        return invalid_parameter(
            "1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: "
            "Member must have length less than or equal to 1024");
    }
    auto pattern = filter_pattern::FilterPattern::parse(pattern_text);
    if (!pattern) {
        return invalid_parameter("Invalid metric filter pattern: " + pattern.error().message);
    }
    if (auto bad = check_transformation(transformation, *pattern)) {
        return *bad;
    }
    std::lock_guard lock(mutex_);
    auto group = find(scope, group_name);
    if (!group) {
        return group.error();
    }
    LogGroup updated = **group;
    auto& filters = updated.metric_filters;
    auto existing = std::find_if(
        filters.begin(), filters.end(), [&](const MetricFilter& f) { return f.name == name; });
    MetricFilter filter{
        name, pattern_text, transformation, storage::to_unix_ms(clock_.now()), std::move(*pattern)};
    if (existing != filters.end()) {
        filter.creation_ms = existing->creation_ms;
        *existing = std::move(filter);
    } else {
        if (filters.size() >= kMaxMetricFiltersPerGroup) {
            return coded_error("LimitExceededException",
                               "Resource limit exceeded: a log group can have at most 100 metric "
                               "filters");
        }
        filters.push_back(std::move(filter));
        std::sort(filters.begin(), filters.end(), [](const MetricFilter& a, const MetricFilter& b) {
            return a.name < b.name;
        });
    }
    int regexes = 0;
    for (const MetricFilter& f : filters) {
        regexes += f.pattern.regex_count() > 0 ? 1 : 0;
    }
    if (regexes > kMaxRegexFiltersPerGroup) {
        return coded_error("LimitExceededException",
                           "A log group can have at most 5 filter patterns that use regex");
    }
    if (auto saved = save(updated); !saved) {
        return saved.error();
    }
    **group = std::move(updated);
    return true;
}

CodedResult<bool> LogService::delete_metric_filter(const LogScope& scope,
                                                   const std::string& group_name,
                                                   const std::string& name) {
    std::lock_guard lock(mutex_);
    auto group = find(scope, group_name);
    if (!group) {
        return group.error();
    }
    LogGroup updated = **group;
    auto& filters = updated.metric_filters;
    auto it = std::find_if(
        filters.begin(), filters.end(), [&](const MetricFilter& f) { return f.name == name; });
    if (it == filters.end()) {
        return coded_error("ResourceNotFoundException", "The specified resource does not exist.");
    }
    filters.erase(it);
    if (auto saved = save(updated); !saved) {
        return saved.error();
    }
    **group = std::move(updated);
    return true;
}

CodedResult<std::vector<LogService::FilterListing>> LogService::describe_metric_filters(
    const LogScope& scope,
    const std::string& group_name,
    const std::string& prefix,
    const std::optional<std::string>& metric_name,
    const std::optional<std::string>& metric_namespace) {
    if (metric_name.has_value() != metric_namespace.has_value()) {
        return invalid_parameter("metricName and metricNamespace must be specified together.");
    }
    std::lock_guard lock(mutex_);
    std::vector<const LogGroup*> groups;
    if (!group_name.empty()) {
        auto group = find(scope, group_name);
        if (!group) {
            return group.error();
        }
        groups.push_back(*group);
    } else {
        for (const auto& [arn, group] : groups_) {
            if (group.account_id == scope.account_id && group.region == scope.region) {
                groups.push_back(&group);
            }
        }
    }
    std::vector<FilterListing> out;
    for (const LogGroup* group : groups) {
        for (const MetricFilter& f : group->metric_filters) {
            if (!f.name.starts_with(prefix)) {
                continue;
            }
            if (metric_name && (f.transformation.metric_name != *metric_name ||
                                f.transformation.metric_namespace != *metric_namespace)) {
                continue;
            }
            out.push_back(FilterListing{group->name, f});
        }
    }
    return out;
}

CodedResult<std::vector<TestMatch>> LogService::test_metric_filter(
    const std::string& pattern_text, const std::vector<std::string>& messages) {
    if (messages.empty() || messages.size() > 50) {
        return invalid_parameter(
            "1 validation error detected: Value at 'logEventMessages' failed to satisfy "
            "constraint: Member must have length between 1 and 50");
    }
    if (pattern_text.size() > 1024) {
        return invalid_parameter(
            "1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: "
            "Member must have length less than or equal to 1024");
    }
    auto pattern = filter_pattern::FilterPattern::parse(pattern_text);
    if (!pattern) {
        return invalid_parameter("Invalid metric filter pattern: " + pattern.error().message);
    }
    std::vector<TestMatch> out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        filter_pattern::LogMessage message(messages[i]);
        filter_pattern::ExtractedValues values;
        if (pattern->match(message, values)) {
            out.push_back(TestMatch{i + 1, messages[i], std::move(values)});
        }
    }
    return out;
}

CodedResult<EventPage> LogService::filter_log_events(const LogScope& scope,
                                                     const FilterRequest& request) {
    if (!request.stream_names.empty() && request.stream_name_prefix) {
        return invalid_parameter(
            "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
    }
    auto pattern = filter_pattern::FilterPattern::parse(request.filter_pattern);
    if (!pattern) {
        return invalid_parameter("Invalid filter pattern: " + pattern.error().message);
    }
    std::int64_t after = 0;
    if (request.next_token) {
        const std::string& t = *request.next_token;
        std::size_t used = 0;
        try {
            after = t.starts_with("e/") ? std::stoll(t.substr(2), &used) : -1;
        } catch (const std::exception&) {
            after = -1;
        }
        if (after < 0 || used != t.size() - 2) {
            return invalid_parameter("The specified nextToken is invalid.");
        }
    }
    storage::LogEventQuery query;
    std::string arn;
    {
        std::lock_guard lock(mutex_);
        auto group = find(scope, request.group);
        if (!group) {
            return group.error();
        }
        arn = (*group)->arn();
        query.streams = request.stream_names;
        if (request.stream_name_prefix) {
            for (const auto& [name, stream] : (*group)->streams) {
                if (name.starts_with(*request.stream_name_prefix)) {
                    query.streams.push_back(name);
                }
            }
            if (query.streams.empty()) {
                return EventPage{};
            }
        }
    }
    query.group_arn = arn;
    query.start_ms = request.start_ms;
    query.end_ms = request.end_ms;
    query.after_id = after;
    // Like AWS, one call searches a bounded number of events and says where to go on.
    constexpr std::size_t kPage = 1000;
    constexpr std::size_t kMaxScanned = 100000;
    query.limit = kPage;
    storage::LogEventStore store(db_);
    EventPage page;
    std::size_t scanned = 0;
    while (true) {
        auto read = store.read(query);
        if (!read) {
            return coded_internal(read.error());
        }
        for (storage::StoredLogEvent& e : *read) {
            query.after_id = e.id;
            ++scanned;
            if (pattern->matches(std::string_view(e.message))) {
                page.events.push_back(std::move(e));
                if (page.events.size() == request.limit) {
                    page.next_token = "e/" + std::to_string(query.after_id);
                    return page;
                }
            }
        }
        if (read->size() < kPage) {
            return page;
        }
        if (scanned >= kMaxScanned) {
            page.next_token = "e/" + std::to_string(query.after_id);
            return page;
        }
    }
}

}  // namespace tripline::logs
