// InsightStream's saved state (to_json / from_json): what survives a restart.
#include <algorithm>
#include <vector>

#include "insights/insight_stream.h"

namespace tripline::insights {

namespace {

constexpr int kStateVersion = 1;

nlohmann::json tables_json(const AttributeTables& tables) {
    nlohmann::json out = nlohmann::json::array();
    for (const TopValues& table : tables) {
        nlohmann::json values = nlohmann::json::array();
        for (const ValueCount& v : table.entries()) {
            values.push_back(nlohmann::json::array({v.value, v.count}));
        }
        out.push_back(std::move(values));
    }
    return out;
}

void read_tables(const nlohmann::json& json, AttributeTables& tables, std::size_t capacity) {
    for (std::size_t a = 0; a < kAttributeCount; ++a) {
        tables[a] = TopValues(capacity);
        if (!json.is_array() || a >= json.size()) {
            continue;
        }
        for (const nlohmann::json& v : json.at(a)) {
            tables[a].add(v.at(0).get<std::string>(), v.at(1).get<double>());
        }
    }
}

nlohmann::json optional_minute(const std::optional<std::int64_t>& minute) {
    return minute ? nlohmann::json(*minute) : nlohmann::json(nullptr);
}

std::optional<std::int64_t> read_optional_minute(const nlohmann::json& json) {
    if (json.is_null()) {
        return std::nullopt;
    }
    return json.get<std::int64_t>();
}

}  // namespace

nlohmann::json InsightStream::to_json() const {
    // Sorted by key, so that the same state always saves as the same text.
    std::vector<const std::pair<const std::string, Api>*> sorted_apis;
    for (const auto& entry : apis_) {
        sorted_apis.push_back(&entry);
    }
    std::sort(sorted_apis.begin(), sorted_apis.end(), [](auto* a, auto* b) {
        return a->first < b->first;
    });
    nlohmann::json apis = nlohmann::json::array();
    for (const auto* sorted : sorted_apis) {
        const auto& [key, api] = *sorted;
        nlohmann::json buckets = nlohmann::json::array();
        for (const Bucket& b : api.buckets) {
            buckets.push_back(nlohmann::json::array({b.index, b.calls, b.squares}));
        }
        nlohmann::json entry = {{"key", key},
                                {"type", trail::insight_type_name(api.type)},
                                {"eventSource", api.event_source},
                                {"eventName", api.event_name},
                                {"errorCode", api.error_code},
                                {"lastSeen", api.last_seen},
                                {"decayedAt", api.decayed_at},
                                {"buckets", std::move(buckets)},
                                {"attributes", tables_json(api.baseline_attributes)}};
        if (api.open) {
            const OpenInsight& o = *api.open;
            nlohmann::json baseline = nlohmann::json::array();
            for (const auto& list : o.baseline_attributions) {
                nlohmann::json values = nlohmann::json::array();
                for (const ValueAverage& v : list) {
                    values.push_back(nlohmann::json::array({v.value, v.average}));
                }
                baseline.push_back(std::move(values));
            }
            entry["open"] = {{"sharedEventId", o.shared_event_id},
                             {"startMinute", o.start_minute},
                             {"lastUnusualMinute", o.last_unusual_minute},
                             {"calls", o.calls},
                             {"quietCalls", o.quiet_calls},
                             {"attributes", tables_json(o.attributes)},
                             {"quietAttributes", tables_json(o.quiet_attributes)},
                             {"baselineAverage", o.baseline_average},
                             {"baselineDuration", o.baseline_duration},
                             {"endThreshold", o.end_threshold},
                             {"baselineAttributions", std::move(baseline)}};
        }
        apis.push_back(std::move(entry));
    }
    nlohmann::json minutes = nlohmann::json::array();
    for (const auto& [minute, counts] : minutes_) {
        std::vector<const std::pair<const std::string, MinuteCount>*> sorted_counts;
        for (const auto& entry : counts) {
            sorted_counts.push_back(&entry);
        }
        std::sort(sorted_counts.begin(), sorted_counts.end(), [](auto* a, auto* b) {
            return a->first < b->first;
        });
        nlohmann::json list = nlohmann::json::array();
        for (const auto* sorted : sorted_counts) {
            const auto& [key, count] = *sorted;
            list.push_back({{"key", key},
                            {"calls", count.calls},
                            {"attributes", tables_json(count.attributes)}});
        }
        minutes.push_back({{"minute", minute}, {"counts", std::move(list)}});
    }
    return {{"version", kStateVersion},
            {"account", account_id_},
            {"region", region_},
            {"ingested", ingested_},
            {"bucketMinutes", bucket_minutes_},
            {"first", optional_minute(first_)},
            {"newest", optional_minute(newest_)},
            {"next", next_},
            {"apis", std::move(apis)},
            {"minutes", std::move(minutes)}};
}

Result<InsightStream> InsightStream::from_json(const nlohmann::json& document,
                                               const InsightSettings& settings) {
    try {
        if (document.at("version").get<int>() != kStateVersion) {
            return make_error(Errc::kInvalidArgument,
                              "insights state: unknown version " + document.at("version").dump());
        }
        InsightStream stream(document.at("account").get<std::string>(),
                             document.at("region").get<std::string>(),
                             document.at("ingested").get<bool>(),
                             settings);
        stream.first_ = read_optional_minute(document.at("first"));
        stream.newest_ = read_optional_minute(document.at("newest"));
        stream.next_ = document.at("next").get<std::int64_t>();
        // Buckets saved with another window size (the baseline setting changed) are regrouped.
        const auto saved_bucket_minutes = document.at("bucketMinutes").get<std::int64_t>();
        for (const nlohmann::json& entry : document.at("apis")) {
            Api api;
            const auto type = entry.at("type").get<std::string>();
            api.type = type == "ApiErrorRateInsight" ? trail::InsightType::kApiErrorRate
                                                     : trail::InsightType::kApiCallRate;
            api.event_source = entry.at("eventSource").get<std::string>();
            api.event_name = entry.at("eventName").get<std::string>();
            api.error_code = entry.at("errorCode").get<std::string>();
            api.last_seen = entry.at("lastSeen").get<std::int64_t>();
            api.decayed_at = entry.at("decayedAt").get<std::int64_t>();
            for (const nlohmann::json& b : entry.at("buckets")) {
                const std::int64_t first_minute =
                    b.at(0).get<std::int64_t>() * std::max<std::int64_t>(1, saved_bucket_minutes);
                std::int64_t index = first_minute / stream.bucket_minutes_;
                if (first_minute < 0 && first_minute % stream.bucket_minutes_ != 0) {
                    --index;
                }
                if (!api.buckets.empty() && api.buckets.back().index == index) {
                    api.buckets.back().calls += b.at(1).get<double>();
                    api.buckets.back().squares += b.at(2).get<double>();
                } else {
                    api.buckets.push_back(
                        Bucket{index, b.at(1).get<double>(), b.at(2).get<double>()});
                }
            }
            read_tables(entry.at("attributes"), api.baseline_attributes, kBaselineValues);
            if (auto open = entry.find("open"); open != entry.end()) {
                OpenInsight o;
                o.shared_event_id = open->at("sharedEventId").get<std::string>();
                o.start_minute = open->at("startMinute").get<std::int64_t>();
                o.last_unusual_minute = open->at("lastUnusualMinute").get<std::int64_t>();
                o.calls = open->at("calls").get<double>();
                o.quiet_calls = open->at("quietCalls").get<double>();
                read_tables(open->at("attributes"), o.attributes, kInsightValues);
                read_tables(open->at("quietAttributes"), o.quiet_attributes, kInsightValues);
                o.baseline_average = open->at("baselineAverage").get<double>();
                o.baseline_duration = open->at("baselineDuration").get<std::int64_t>();
                o.end_threshold = open->at("endThreshold").get<double>();
                const nlohmann::json& baseline = open->at("baselineAttributions");
                for (std::size_t a = 0; a < kAttributeCount && a < baseline.size(); ++a) {
                    for (const nlohmann::json& v : baseline.at(a)) {
                        o.baseline_attributions[a].push_back(
                            ValueAverage{v.at(0).get<std::string>(), v.at(1).get<double>()});
                    }
                }
                api.open = std::move(o);
            }
            std::string key = entry.at("key").get<std::string>();
            if (api.open) {
                stream.active_.insert(key);
            }
            stream.apis_.emplace(std::move(key), std::move(api));
        }
        for (const nlohmann::json& minute : document.at("minutes")) {
            auto& counts = stream.minutes_[minute.at("minute").get<std::int64_t>()];
            for (const nlohmann::json& count : minute.at("counts")) {
                MinuteCount& c = counts[count.at("key").get<std::string>()];
                c.calls = count.at("calls").get<double>();
                read_tables(count.at("attributes"), c.attributes, kMinuteValues);
            }
        }
        return stream;
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::kInvalidArgument, std::string("insights state: ") + e.what());
    }
}

}  // namespace tripline::insights
