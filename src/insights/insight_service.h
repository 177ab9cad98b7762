// InsightService: CloudTrail Insights for Tripline (cloudtrail.md §10, docs/insights.md) - one
// InsightStream per account and region, fed with every management event of the record pipeline,
// for the insight types the account's logging trails selected (and, for ingested logs, the types
// `insights.ingested` names). The Start/End events go to the publisher (the app turns them into
// records for the trail's CloudTrail-Insight files, the trail store and the event bus).
//
// When minutes are evaluated: recorded calls (eventTime = now) by the clock - a minute closes a
// few seconds after it ends (tick(), every few seconds); ingested logs by event time - a minute
// closes once a record settings.lateness_minutes later was read (replays of historical logs run
// in event time at full speed), and flush() closes the rest at the end of an ingestion run.
// Recorded and ingested records of one account/region are separate streams.
//
// Persistence: each stream's state is a document in the detection-state table (key
// "insights:<R|I>:<account>:<region>"), saved after it emitted events, every save_interval when it
// changed, and by save_all() at shutdown; load() restores them.
//
// Ownership: borrows the Database and Clock. Thread-safety: every method may be called
// concurrently; streams are guarded by one mutex; the publisher is called without it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "event/cloudtrail_record.h"
#include "insights/insight_event.h"
#include "insights/insight_settings.h"
#include "insights/insight_stream.h"
#include "storage/database.h"
#include "trail/trail_model.h"

namespace tripline::insights {

struct InsightServiceOptions {
    InsightSettings settings;
    trail::InsightTypes ingested;  // computed over ingested logs too (config insights.ingested)
    std::chrono::seconds save_interval{60};
    // A recorded call's minute closes this long after the minute ends (calls in flight).
    std::chrono::seconds close_delay{5};
};

struct InsightStats {
    std::size_t streams = 0;
    std::size_t apis = 0;
    std::size_t open_insights = 0;
    std::size_t events = 0;  // Start and End events emitted by this process
};

class InsightService {
public:
    using TypesOf =
        std::function<trail::InsightTypes(std::string_view account, std::string_view region)>;
    using Publisher = std::function<void(const std::vector<InsightEvent>&)>;

    InsightService(storage::Database& db, Clock& clock, InsightServiceOptions options);
    ~InsightService();
    InsightService(const InsightService&) = delete;
    InsightService& operator=(const InsightService&) = delete;

    // Restores the saved streams (a document that cannot be read is skipped with a warning).
    Status load();
    // The types the logging trails of an account/region selected (TrailService::insight_types).
    // Before start-up ends.
    void set_types(TypesOf types) { types_ = std::move(types); }
    void set_publisher(Publisher publisher) { publisher_ = std::move(publisher); }

    void observe(std::span<const event::CloudTrailRecord> records, bool ingested);
    // Evaluates the ended minutes of recorded streams; saves changed streams when due.
    void tick();
    // Evaluates every open minute of the ingested streams (the end of an ingestion run).
    void flush();
    Status save_all();

    InsightStats stats() const;
    const InsightServiceOptions& options() const { return options_; }

private:
    struct Entry {
        std::unique_ptr<InsightStream> stream;
        bool dirty = false;
        TimePoint saved_at;
    };

    static std::string stream_key(bool ingested, std::string_view account, std::string_view region);
    Entry& entry_for(bool ingested, const std::string& account, const std::string& region);
    // Minutes of recorded streams before this one have ended (now - close_delay).
    std::int64_t closed_minute(TimePoint now) const;
    void close(Entry& entry, std::int64_t before, std::vector<InsightEvent>& out);
    // Publishes `events` (without the mutex), then saves the streams they came from.
    void publish(std::vector<InsightEvent> events);
    Status save_locked(const std::string& key, Entry& entry, TimePoint now);

    storage::Database& db_;
    Clock& clock_;
    InsightServiceOptions options_;
    TypesOf types_;
    Publisher publisher_;

    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> streams_;
    std::size_t events_ = 0;
    // observe()'s cache of the last event time's minute ("YYYY-MM-DDTHH:MM" prefix).
    std::string minute_text_;
    std::int64_t minute_value_ = 0;
};

}  // namespace tripline::insights
