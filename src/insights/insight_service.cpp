#include "insights/insight_service.h"

#include <spdlog/spdlog.h>

#include "base/uuid.h"
#include "storage/detection_state_store.h"

namespace tripline::insights {

namespace {

constexpr std::string_view kKeyPrefix = "insights:";

std::int64_t minutes_since_epoch(TimePoint t) {
    return std::chrono::floor<std::chrono::minutes>(t.time_since_epoch()).count();
}

// Whether a record is a management event Insights analyse (cloudtrail.md §10): not an Insights
// event itself, not a data or network-activity event.
bool is_analysed(const event::CloudTrailRecord& r) {
    if (r.event_type && *r.event_type == "AwsCloudTrailInsight") {
        return false;
    }
    if (r.event_category && *r.event_category != "Management") {
        return false;
    }
    if (r.management_event && !*r.management_event) {
        return false;
    }
    return r.event_source && r.event_name && r.event_time && r.aws_region;
}

const std::string* account_of(const event::CloudTrailRecord& r) {
    if (r.recipient_account_id) {
        return &*r.recipient_account_id;
    }
    if (r.user_identity && r.user_identity->account_id) {
        return &*r.user_identity->account_id;
    }
    return nullptr;
}

}  // namespace

InsightService::InsightService(storage::Database& db, Clock& clock, InsightServiceOptions options)
    : db_(db), clock_(clock), options_(options) {}

InsightService::~InsightService() = default;

std::string InsightService::stream_key(bool ingested,
                                       std::string_view account,
                                       std::string_view region) {
    std::string key(kKeyPrefix);
    key.append(ingested ? "I:" : "R:").append(account).append(":").append(region);
    return key;
}

Status InsightService::load() {
    storage::DetectionStateStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto documents, store.list(kKeyPrefix));
    std::lock_guard lock(mutex_);
    const TimePoint now = clock_.now();
    for (const auto& [key, text] : documents) {
        auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        auto stream = InsightStream::from_json(json, options_.settings);
        if (!stream) {
            spdlog::warn("Insights: cannot restore {}: {}", key, stream.error().to_string());
            continue;
        }
        streams_[key] = Entry{std::make_unique<InsightStream>(std::move(*stream)), false, now};
    }
    return ok_status();
}

InsightService::Entry& InsightService::entry_for(bool ingested,
                                                 const std::string& account,
                                                 const std::string& region) {
    std::string key = stream_key(ingested, account, region);
    auto it = streams_.find(key);
    if (it == streams_.end()) {
        Entry entry;
        entry.stream =
            std::make_unique<InsightStream>(account, region, ingested, options_.settings);
        entry.saved_at = clock_.now();
        it = streams_.emplace(std::move(key), std::move(entry)).first;
    }
    return it->second;
}

std::int64_t InsightService::closed_minute(TimePoint now) const {
    return minutes_since_epoch(now - options_.close_delay);
}

void InsightService::close(Entry& entry, std::int64_t before, std::vector<InsightEvent>& out) {
    const std::size_t emitted = out.size();
    entry.stream->close_before(before, out, [] { return make_uuid(); });
    if (out.size() != emitted) {
        entry.dirty = true;
    }
}

void InsightService::observe(std::span<const event::CloudTrailRecord> records, bool ingested) {
    if (!types_ && !(ingested && options_.ingested.any())) {
        return;
    }
    std::vector<InsightEvent> events;
    {
        std::lock_guard lock(mutex_);
        // The streams this batch touched, with the types enabled for them.
        struct Touched {
            Entry* entry = nullptr;
            trail::InsightTypes types;
        };
        std::unordered_map<std::string, Touched> touched;
        std::string key;
        for (const event::CloudTrailRecord& r : records) {
            const std::string* account = is_analysed(r) ? account_of(r) : nullptr;
            if (account == nullptr) {
                continue;
            }
            const std::string& time = *r.event_time;
            if (time.size() < 16) {
                continue;
            }
            if (std::string_view(time).substr(0, 16) != minute_text_) {
                TimePoint t;
                if (!parse_iso8601(time, t)) {
                    continue;
                }
                minute_text_.assign(time, 0, 16);
                minute_value_ = minutes_since_epoch(t);
            }
            key.assign(*account).append("\n").append(*r.aws_region);
            auto [it, inserted] = touched.try_emplace(key);
            if (inserted) {
                trail::InsightTypes types =
                    types_ ? types_(*account, *r.aws_region) : trail::InsightTypes{};
                if (ingested) {
                    types.api_call_rate = types.api_call_rate || options_.ingested.api_call_rate;
                    types.api_error_rate = types.api_error_rate || options_.ingested.api_error_rate;
                }
                it->second.types = types;
                if (types.any()) {
                    it->second.entry = &entry_for(ingested, *account, *r.aws_region);
                }
            }
            Touched& t = it->second;
            if (t.entry == nullptr) {
                continue;
            }
            ObservedCall call;
            call.event_source = *r.event_source;
            call.event_name = *r.event_name;
            call.error_code = r.error_code ? std::string_view(*r.error_code) : std::string_view();
            if (r.user_identity && r.user_identity->arn) {
                call.user_arn = *r.user_identity->arn;
            }
            if (r.user_agent) {
                call.user_agent = *r.user_agent;
            }
            call.write = r.read_only && !*r.read_only;
            call.minute = minute_value_;
            t.entry->stream->observe(call, t.types);
            t.entry->dirty = true;
        }
        const std::int64_t now_closed = closed_minute(clock_.now());
        for (auto& [unused, t] : touched) {
            if (t.entry == nullptr) {
                continue;
            }
            InsightStream& stream = *t.entry->stream;
            if (ingested) {
                if (auto newest = stream.newest_minute()) {
                    close(*t.entry, *newest - options_.settings.lateness_minutes + 1, events);
                }
            } else {
                close(*t.entry, now_closed, events);
            }
        }
    }
    publish(std::move(events));
}

void InsightService::tick() {
    std::vector<InsightEvent> events;
    {
        std::lock_guard lock(mutex_);
        const TimePoint now = clock_.now();
        const std::int64_t now_closed = closed_minute(now);
        for (auto& [key, entry] : streams_) {
            if (!entry.stream->ingested()) {
                close(entry, now_closed, events);
            }
            if (entry.dirty && now - entry.saved_at >= options_.save_interval) {
                if (Status saved = save_locked(key, entry, now); !saved) {
                    spdlog::warn("Insights: cannot save {}: {}", key, saved.error().to_string());
                }
            }
        }
    }
    publish(std::move(events));
}

void InsightService::flush() {
    std::vector<InsightEvent> events;
    {
        std::lock_guard lock(mutex_);
        for (auto& [key, entry] : streams_) {
            if (!entry.stream->ingested()) {
                continue;
            }
            if (auto newest = entry.stream->newest_minute()) {
                close(entry, *newest + 1, events);
            }
        }
    }
    publish(std::move(events));
}

void InsightService::publish(std::vector<InsightEvent> events) {
    if (events.empty()) {
        return;
    }
    for (const InsightEvent& e : events) {
        spdlog::info(
            "Insights: {} {} of {} {}{} in {}/{} (baseline {:.3f}/min, insight {:.3f}/min)",
            trail::insight_type_name(e.type),
            e.start ? "Start" : "End",
            e.event_source,
            e.event_name,
            e.error_code.empty() ? "" : " " + e.error_code,
            e.account_id,
            e.region,
            e.baseline_average,
            e.insight_average);
    }
    if (publisher_) {
        publisher_(events);
    }
    // Saved after publishing: a crash in between repeats an event rather than losing it.
    std::lock_guard lock(mutex_);
    events_ += events.size();
    const TimePoint now = clock_.now();
    std::set<std::string> keys;
    for (const InsightEvent& e : events) {
        keys.insert(stream_key(e.ingested, e.account_id, e.region));
    }
    for (const std::string& key : keys) {
        if (auto it = streams_.find(key); it != streams_.end()) {
            if (Status saved = save_locked(key, it->second, now); !saved) {
                spdlog::warn("Insights: cannot save {}: {}", key, saved.error().to_string());
            }
        }
    }
}

Status InsightService::save_locked(const std::string& key, Entry& entry, TimePoint now) {
    storage::DetectionStateStore store(db_);
    TRIPLINE_TRY(store.put(key, entry.stream->to_json().dump(), now));
    entry.dirty = false;
    entry.saved_at = now;
    return ok_status();
}

Status InsightService::save_all() {
    std::lock_guard lock(mutex_);
    const TimePoint now = clock_.now();
    for (auto& [key, entry] : streams_) {
        if (entry.dirty) {
            TRIPLINE_TRY(save_locked(key, entry, now));
        }
    }
    return ok_status();
}

InsightStats InsightService::stats() const {
    std::lock_guard lock(mutex_);
    InsightStats s;
    s.streams = streams_.size();
    s.events = events_;
    for (const auto& [key, entry] : streams_) {
        s.apis += entry.stream->api_count();
        s.open_insights += entry.stream->open_insight_count();
    }
    return s;
}

}  // namespace tripline::insights
