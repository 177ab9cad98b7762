// How IamService keeps values in its JSON documents: tags as [{"Key","Value"}], times as epoch
// seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "iam/iam_model.h"

namespace tripline::iam {

inline std::int64_t to_epoch(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline TimePoint from_epoch(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

inline nlohmann::json tags_json(const Tags& tags) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [k, v] : tags) {
        out.push_back({{"Key", k}, {"Value", v}});
    }
    return out;
}

inline Tags tags_from(const nlohmann::json& doc) {
    Tags out;
    if (doc.is_object() && doc.contains("tags") && doc["tags"].is_array()) {
        for (const auto& t : doc["tags"]) {
            out.emplace_back(t.value("Key", ""), t.value("Value", ""));
        }
    }
    return out;
}

// Adds or replaces tags by key, in order.
inline void merge_tags(Tags& into, const Tags& add) {
    for (const auto& [k, v] : add) {
        auto it =
            std::find_if(into.begin(), into.end(), [&](const auto& t) { return t.first == k; });
        if (it != into.end()) {
            it->second = v;
        } else {
            into.emplace_back(k, v);
        }
    }
}

inline nlohmann::json string_array(const nlohmann::json& doc, const char* key) {
    return doc.is_object() && doc.contains(key) && doc[key].is_array() ? doc[key]
                                                                       : nlohmann::json::array();
}

}  // namespace tripline::iam
