#include "scan/format_sink.h"

#include <algorithm>

namespace tripline::scan {

namespace {

std::uint64_t type_key(Match::Kind kind, std::uint32_t index) {
    return (static_cast<std::uint64_t>(kind) << 32) | index;
}

}  // namespace

void OccurrenceSink::cap_count(Match::Kind kind, std::uint32_t index, std::uint64_t max_count) {
    count_caps_[type_key(kind, index)] = max_count;
}

std::vector<Occurrence>* OccurrenceSink::count(const Match& match) {
    std::uint64_t key = type_key(match.kind, match.index);
    auto [it, inserted] = positions_.try_emplace(key, types_.size());
    if (inserted) {
        TypeResult type;
        type.kind = match.kind;
        type.index = match.index;
        types_.push_back(std::move(type));
    }
    TypeResult& type = types_[it->second];
    if (!count_caps_.empty()) {
        auto cap = count_caps_.find(key);
        if (cap != count_caps_.end() && type.count >= cap->second) {
            if (type.count == 0 && inserted) {
                // A cap of 0 never lists the identifier.
                types_.pop_back();
                positions_.erase(it);
            }
            return nullptr;
        }
    }
    ++type.count;
    if (type.occurrences.size() < locations_per_type_) {
        return &type.occurrences;
    }
    return nullptr;
}

void sanitize_matches(std::vector<Match>& matches, std::size_t value_size) {
    std::erase_if(matches, [value_size](const Match& m) {
        return m.begin > m.end || m.end > value_size || m.begin >= value_size;
    });
    if (!std::is_sorted(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
            return a.begin < b.begin;
        })) {
        std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
            return a.begin < b.begin;
        });
    }
}

void ScanStatus::partial(std::string_view why) {
    if (code == "COMPLETE") {
        code = "PARTIAL";
        reason = std::string(why);
    }
}

void ScanStatus::skipped(std::string_view why) {
    code = "SKIPPED";
    reason = std::string(why);
}

}  // namespace tripline::scan
