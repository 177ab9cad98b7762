#include "insights/insight_stream.h"

#include <algorithm>
#include <cmath>

namespace tripline::insights {

namespace {

// Insights events report at most five values per attribution (cloudtrail.md §10).
constexpr std::size_t kReportedValues = 5;
// The baseline window is kept in at most this many buckets (hourly for 7 days).
constexpr std::int64_t kMaxBuckets = 168;

constexpr std::array<std::string_view, kAttributeCount> kAttributeNames = {
    "userIdentityArn", "userAgent", "errorCode"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

AttributeTables make_tables(std::size_t capacity) {
    return {TopValues(capacity), TopValues(capacity), TopValues(capacity)};
}

void merge_tables(AttributeTables& into, const AttributeTables& from) {
    for (std::size_t a = 0; a < kAttributeCount; ++a) {
        into[a].merge(from[a]);
    }
}

}  // namespace

InsightStream::InsightStream(std::string account_id,
                             std::string region,
                             bool ingested,
                             const InsightSettings& settings)
    : account_id_(std::move(account_id)),
      region_(std::move(region)),
      ingested_(ingested),
      settings_(&settings),
      bucket_minutes_(
          std::max<std::int64_t>(1, (settings.baseline_minutes + kMaxBuckets - 1) / kMaxBuckets)) {}

std::string InsightStream::api_key(trail::InsightType type,
                                   std::string_view source,
                                   std::string_view name,
                                   std::string_view error_code) {
    std::string key;
    key.reserve(source.size() + name.size() + error_code.size() + 4);
    key.push_back(type == trail::InsightType::kApiCallRate ? 'C' : 'E');
    key.push_back('\x1f');
    key.append(source).push_back('\x1f');
    key.append(name);
    if (type == trail::InsightType::kApiErrorRate) {
        key.push_back('\x1f');
        key.append(error_code);
    }
    return key;
}

void InsightStream::observe(const ObservedCall& call, trail::InsightTypes types) {
    // Every management event extends the account/region's history, counted or not.
    if (!first_) {
        first_ = call.minute;
        next_ = call.minute;
    } else if (call.minute < *first_) {
        first_ = call.minute;  // history older than what was seen so far (replays)
    }
    newest_ = newest_ ? std::max(*newest_, call.minute) : call.minute;
    const bool rate = types.api_call_rate && call.write;
    const bool error = types.api_error_rate && !call.error_code.empty();
    if (rate) {
        count(api_key(trail::InsightType::kApiCallRate, call.event_source, call.event_name, ""),
              call,
              trail::InsightType::kApiCallRate);
    }
    if (error) {
        count(api_key(trail::InsightType::kApiErrorRate,
                      call.event_source,
                      call.event_name,
                      call.error_code),
              call,
              trail::InsightType::kApiErrorRate);
    }
}

void InsightStream::count(const std::string& key,
                          const ObservedCall& call,
                          trail::InsightType type) {
    Api& api = api_for(key, call, type);
    api.last_seen = std::max(api.last_seen, call.minute);
    auto add_attributes = [&](AttributeTables& tables) {
        if (!call.user_arn.empty()) {
            tables[kUserIdentityArn].add(call.user_arn, 1);
        }
        if (!call.user_agent.empty()) {
            tables[kUserAgent].add(call.user_agent, 1);
        }
        tables[kErrorCode].add(call.error_code.empty() ? "null" : call.error_code, 1);
    };
    if (call.minute < next_) {
        // Its minute was evaluated already: it still belongs to the baseline.
        MinuteCount late{1, make_tables(kMinuteValues)};
        add_attributes(late.attributes);
        add_to_baseline(api, call.minute, late);
        return;
    }
    auto& minute = minutes_[call.minute];
    auto [it, inserted] = minute.try_emplace(key);
    if (inserted) {
        it->second.attributes = make_tables(kMinuteValues);
    }
    it->second.calls += 1;
    add_attributes(it->second.attributes);
}

InsightStream::Api& InsightStream::api_for(const std::string& key,
                                           const ObservedCall& call,
                                           trail::InsightType type) {
    if (auto it = apis_.find(key); it != apis_.end()) {
        return it->second;
    }
    if (apis_.size() >= settings_->max_apis) {
        // Forget the API seen longest ago that has no open insight.
        auto victim = apis_.end();
        for (auto it = apis_.begin(); it != apis_.end(); ++it) {
            if (!it->second.open &&
                (victim == apis_.end() || it->second.last_seen < victim->second.last_seen)) {
                victim = it;
            }
        }
        if (victim != apis_.end()) {
            apis_.erase(victim);
        }
    }
    Api& api = apis_[key];
    api.type = type;
    api.event_source.assign(call.event_source);
    api.event_name.assign(call.event_name);
    if (type == trail::InsightType::kApiErrorRate) {
        api.error_code.assign(call.error_code);
    }
    api.baseline_attributes = make_tables(kBaselineValues);
    api.decayed_at = call.minute;
    api.last_seen = call.minute;
    return api;
}

void InsightStream::close_before(std::int64_t minute,
                                 std::vector<InsightEvent>& out,
                                 const NewId& new_id) {
    static const MinuteCount kNoCalls{};
    while (next_ < minute) {
        auto first_open = minutes_.begin();
        const bool has_calls = first_open != minutes_.end() && first_open->first == next_;
        if (!has_calls && active_.empty()) {
            // Nothing to evaluate until the next minute with calls.
            next_ = first_open == minutes_.end() ? minute : std::min(minute, first_open->first);
            continue;
        }
        const std::int64_t m = next_;
        std::unordered_map<std::string, MinuteCount> counts;
        if (has_calls) {
            counts = std::move(first_open->second);
            minutes_.erase(first_open);
        }
        for (auto& [key, count] : counts) {
            if (auto api = apis_.find(key); api != apis_.end()) {
                evaluate(api->second, m, count, out, new_id);
            }
        }
        // Open insights of APIs without calls this minute: a quiet minute.
        const std::vector<std::string> open(active_.begin(), active_.end());
        for (const std::string& key : open) {
            if (!counts.contains(key)) {
                evaluate(apis_.at(key), m, kNoCalls, out, new_id);
            }
        }
        for (auto& [key, count] : counts) {
            if (auto api = apis_.find(key); api != apis_.end()) {
                add_to_baseline(api->second, m, count);
            }
        }
        next_ = m + 1;
    }
}

InsightStream::Baseline InsightStream::baseline_of(const Api& api, std::int64_t minute) const {
    Baseline b;
    if (!first_) {
        return b;
    }
    b.duration = std::min(settings_->baseline_minutes, minute - *first_);
    if (b.duration < std::max<std::int64_t>(1, settings_->warmup_minutes)) {
        return b;
    }
    const std::int64_t from = floor_div(minute - b.duration, bucket_minutes_);
    const std::int64_t to = floor_div(minute - 1, bucket_minutes_);
    double calls = 0;
    double squares = 0;
    for (const Bucket& bucket : api.buckets) {
        if (bucket.index >= from && bucket.index <= to) {
            calls += bucket.calls;
            squares += bucket.squares;
        }
    }
    const auto duration = static_cast<double>(b.duration);
    b.mean = calls / duration;
    b.stddev = std::sqrt(std::max(0.0, squares / duration - b.mean * b.mean));
    b.ready = true;
    return b;
}

void InsightStream::evaluate(Api& api,
                             std::int64_t minute,
                             const MinuteCount& count,
                             std::vector<InsightEvent>& out,
                             const NewId& new_id) {
    const std::string key = api_key(api.type, api.event_source, api.event_name, api.error_code);
    if (!api.open) {
        const Baseline b = baseline_of(api, minute);
        if (!b.ready) {
            return;
        }
        const double threshold =
            std::max(settings_->min_rate,
                     b.mean + settings_->deviations * std::max(b.stddev, std::sqrt(b.mean)));
        if (count.calls < threshold) {
            return;
        }
        OpenInsight open;
        open.shared_event_id = new_id();
        open.start_minute = minute;
        open.last_unusual_minute = minute;
        open.calls = count.calls;
        open.attributes = make_tables(kInsightValues);
        open.quiet_attributes = make_tables(kInsightValues);
        merge_tables(open.attributes, count.attributes);
        open.baseline_average = b.mean;
        open.baseline_duration = b.duration;
        open.end_threshold = b.mean + (threshold - b.mean) / 2;
        for (std::size_t a = 0; a < kAttributeCount; ++a) {
            const TopValues& table = api.baseline_attributes[a];
            const double total = table.total();
            for (const ValueCount& v : table.top(kReportedValues)) {
                if (total > 0) {
                    open.baseline_attributions[a].push_back(
                        ValueAverage{v.value, v.count / total * b.mean});
                }
            }
        }
        api.open = std::move(open);
        active_.insert(key);
        out.push_back(make_event(api, *api.open, true));
        return;
    }
    OpenInsight& open = *api.open;
    if (count.calls > 0 && count.calls >= open.end_threshold) {
        // Still unusual: quiet minutes in between belong to the insight.
        open.calls += open.quiet_calls + count.calls;
        open.quiet_calls = 0;
        merge_tables(open.attributes, open.quiet_attributes);
        merge_tables(open.attributes, count.attributes);
        for (TopValues& table : open.quiet_attributes) {
            table.clear();
        }
        open.last_unusual_minute = minute;
        return;
    }
    open.quiet_calls += count.calls;
    merge_tables(open.quiet_attributes, count.attributes);
    if (minute - open.last_unusual_minute >= settings_->end_after_quiet_minutes) {
        out.push_back(make_event(api, open, false));
        api.open.reset();
        active_.erase(key);
    }
}

void InsightStream::add_to_baseline(Api& api, std::int64_t minute, const MinuteCount& count) {
    const std::int64_t index = floor_div(minute, bucket_minutes_);
    const std::int64_t oldest =
        floor_div(minute - settings_->baseline_minutes, bucket_minutes_) - 1;
    std::erase_if(api.buckets, [&](const Bucket& b) { return b.index < oldest; });
    auto it = std::lower_bound(
        api.buckets.begin(), api.buckets.end(), index, [](const Bucket& b, std::int64_t i) {
            return b.index < i;
        });
    if (it == api.buckets.end() || it->index != index) {
        it = api.buckets.insert(it, Bucket{index, 0, 0});
    }
    it->calls += count.calls;
    it->squares += count.calls * count.calls;
    // Attribution counts decay with the baseline window as their time constant, so old values
    // fade out as they would leave a sliding window.
    const auto window = static_cast<double>(std::max<std::int64_t>(1, settings_->baseline_minutes));
    double weight = 1;
    if (minute > api.decayed_at) {
        const double factor = std::exp(-static_cast<double>(minute - api.decayed_at) / window);
        for (TopValues& table : api.baseline_attributes) {
            table.scale(factor);
        }
        api.decayed_at = minute;
    } else {
        weight = std::exp(-static_cast<double>(api.decayed_at - minute) / window);
    }
    for (std::size_t a = 0; a < kAttributeCount; ++a) {
        for (const ValueCount& v : count.attributes[a].entries()) {
            api.baseline_attributes[a].add(v.value, v.count * weight);
        }
    }
}

InsightEvent InsightStream::make_event(const Api& api, const OpenInsight& open, bool start) const {
    InsightEvent e;
    e.account_id = account_id_;
    e.region = region_;
    e.type = api.type;
    e.start = start;
    e.shared_event_id = open.shared_event_id;
    e.event_source = api.event_source;
    e.event_name = api.event_name;
    e.error_code = api.error_code;
    e.ingested = ingested_;
    const std::int64_t duration = start ? 1 : open.last_unusual_minute - open.start_minute + 1;
    e.minute = start ? open.start_minute : open.last_unusual_minute + 1;
    e.baseline_average = open.baseline_average;
    e.baseline_duration = open.baseline_duration;
    e.insight_duration = duration;
    e.insight_average = open.calls / static_cast<double>(duration);
    // Error-rate insights name their error code in insightDetails, not as an attribution.
    const std::size_t attributes =
        api.type == trail::InsightType::kApiCallRate ? kAttributeCount : kErrorCode;
    for (std::size_t a = 0; a < attributes; ++a) {
        Attribution attribution;
        attribution.attribute = std::string(kAttributeNames[a]);
        for (const ValueCount& v : open.attributes[a].top(kReportedValues)) {
            attribution.insight.push_back(
                ValueAverage{v.value, v.count / static_cast<double>(duration)});
        }
        attribution.baseline = open.baseline_attributions[a];
        e.attributions.push_back(std::move(attribution));
    }
    return e;
}

}  // namespace tripline::insights
