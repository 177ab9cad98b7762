// InsightStream: CloudTrail Insights for one account and region (cloudtrail.md §10) - the
// per-minute counts of write management calls per API and of errors per API and error code, their
// rolling baselines, and the unusual periods they show, emitted as Start/End InsightEvents
// (insight_settings.h states the rule).
//
// Time is event time: observe() adds a call to its minute; close_before() evaluates the minutes
// before a bound, in order, and then adds them to the baselines. A call of a minute already
// closed still counts for the baseline, not for detection. The caller decides when minutes close
// (insight_service.h: by the clock for recorded calls, by event time for ingested logs), so this
// class reads no clock and is deterministic.
//
// Memory: per API, baseline counts in at most ~168 time buckets (window / 168 minutes each, only
// where there were calls) and top-k attribution tables; at most settings.max_apis APIs (the least
// recently seen without an open insight is forgotten first); open minutes only until closed.
//
// Thread-safety: none (InsightService serialises). Persistence: to_json()/from_json().
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "insights/insight_event.h"
#include "insights/insight_settings.h"
#include "insights/top_values.h"
#include "trail/trail_model.h"

namespace tripline::insights {

// The attributes whose top values Insights events report.
enum Attribute : std::size_t { kUserIdentityArn = 0, kUserAgent = 1, kErrorCode = 2 };
inline constexpr std::size_t kAttributeCount = 3;
using AttributeTables = std::array<TopValues, kAttributeCount>;
// Top-k table sizes: per open minute, for the baseline, and for an open insight.
inline constexpr std::size_t kMinuteValues = 16;
inline constexpr std::size_t kBaselineValues = 16;
inline constexpr std::size_t kInsightValues = 32;

// What one management event contributes.
struct ObservedCall {
    std::string_view event_source;
    std::string_view event_name;
    std::string_view error_code;  // "" when the call succeeded
    std::string_view user_arn;
    std::string_view user_agent;
    bool write = false;  // readOnly false
    std::int64_t minute = 0;
};

class InsightStream {
public:
    using NewId = std::function<std::string()>;

    InsightStream(std::string account_id,
                  std::string region,
                  bool ingested,
                  const InsightSettings& settings);

    const std::string& account_id() const { return account_id_; }
    const std::string& region() const { return region_; }
    bool ingested() const { return ingested_; }
    // The newest minute observed; nullopt before the first call.
    std::optional<std::int64_t> newest_minute() const { return newest_; }
    // The first minute not yet evaluated.
    std::int64_t next_minute() const { return next_; }
    std::size_t api_count() const { return apis_.size(); }
    std::size_t open_insight_count() const { return active_.size(); }

    void observe(const ObservedCall& call, trail::InsightTypes types);
    // Evaluates every open minute before `minute` (and the minutes between them while insights
    // are open), appending the Start/End events they cause to `out`.
    void close_before(std::int64_t minute, std::vector<InsightEvent>& out, const NewId& new_id);

    nlohmann::json to_json() const;
    static Result<InsightStream> from_json(const nlohmann::json& document,
                                           const InsightSettings& settings);

private:
    struct Bucket {
        std::int64_t index = 0;  // minute / bucket_minutes_
        double calls = 0;
        double squares = 0;  // sum of the squared per-minute counts
    };
    struct OpenInsight {
        std::string shared_event_id;
        std::int64_t start_minute = 0;
        std::int64_t last_unusual_minute = 0;
        double calls = 0;        // through last_unusual_minute
        double quiet_calls = 0;  // in the quiet minutes since
        AttributeTables attributes;
        AttributeTables quiet_attributes;
        double baseline_average = 0;
        std::int64_t baseline_duration = 0;
        double end_threshold = 0;
        std::array<std::vector<ValueAverage>, kAttributeCount> baseline_attributions;
    };
    struct Api {
        trail::InsightType type = trail::InsightType::kApiCallRate;
        std::string event_source;
        std::string event_name;
        std::string error_code;
        std::vector<Bucket> buckets;  // ascending index
        AttributeTables baseline_attributes;
        std::int64_t decayed_at = 0;  // minute the baseline attributes were last decayed to
        std::int64_t last_seen = 0;
        std::optional<OpenInsight> open;
    };
    struct MinuteCount {
        double calls = 0;
        AttributeTables attributes;
    };
    struct Baseline {
        bool ready = false;
        double mean = 0;
        double stddev = 0;
        std::int64_t duration = 0;
    };

    static std::string api_key(trail::InsightType type,
                               std::string_view source,
                               std::string_view name,
                               std::string_view error_code);
    void count(const std::string& key, const ObservedCall& call, trail::InsightType type);
    Api& api_for(const std::string& key, const ObservedCall& call, trail::InsightType type);
    Baseline baseline_of(const Api& api, std::int64_t minute) const;
    void evaluate(Api& api,
                  std::int64_t minute,
                  const MinuteCount& count,
                  std::vector<InsightEvent>& out,
                  const NewId& new_id);
    void add_to_baseline(Api& api, std::int64_t minute, const MinuteCount& count);
    InsightEvent make_event(const Api& api, const OpenInsight& open, bool start) const;

    std::string account_id_;
    std::string region_;
    bool ingested_ = false;
    const InsightSettings* settings_;
    std::int64_t bucket_minutes_ = 60;
    std::optional<std::int64_t> first_;   // first minute of history
    std::optional<std::int64_t> newest_;  // newest minute observed
    std::int64_t next_ = 0;               // first open minute
    std::unordered_map<std::string, Api> apis_;
    std::set<std::string> active_;  // keys of the APIs with an open insight
    std::map<std::int64_t, std::unordered_map<std::string, MinuteCount>> minutes_;
};

}  // namespace tripline::insights
