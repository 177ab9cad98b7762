// An event as the matcher sees it (spec §1.2): the scalars (strings, numbers, true/false/null)
// found at the field paths some pattern uses, each with the array elements it lies in (for array
// consistency, §1.3). A PathTable lists those paths ("detail.userIdentity.type"; dotted keys and
// nesting are the same path); fields outside it are skipped without being examined further.
//
// Ownership and lifetime: an EventDocument owns a simdjson parser and its buffers and is reused
// from event to event; the string_views in its values stay valid until the next load(). One
// document per thread (not thread-safe); a PathTable is immutable after building and may be shared.
// Errors: load() returns Errc::kInvalidArgument for malformed JSON or a non-object event. Parts of
// the event outside the PathTable are skipped by simdjson's On-Demand parser, so malformed content
// there may go unnoticed.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"

namespace tripline::pattern {

class PathTable {
public:
    static constexpr std::int32_t kNoSlot = -1;

    struct Entry {
        std::int32_t slot = kNoSlot;  // values at exactly this path are recorded in this slot
        bool has_children = false;    // some registered path continues below this one
    };

    // Registers a full path and returns its slot (the same slot for the same path).
    std::uint32_t add(std::string_view path);
    const Entry* find(std::string_view path) const;
    std::size_t slot_count() const { return names_.size(); }
    const std::string& name(std::uint32_t slot) const { return names_[slot]; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
    std::vector<std::string> names_;
};

enum class ValueType : std::uint8_t { kString, kNumber, kTrue, kFalse, kNull };

// One array level an event value lies in: the array (numbered in document order) and the index of
// the element (object or nested array) containing the value.
struct ArrayStep {
    std::uint32_t array = 0;
    std::uint32_t index = 0;
};

struct EventValue {
    ValueType type = ValueType::kNull;
    bool comparable = false;        // numbers: see numeric.h
    double number = 0;              // numbers: nearest double when comparable
    std::string_view text;          // strings: unescaped text; numbers: the literal as written
    std::uint32_t chain_begin = 0;  // ArraySteps of this value, outermost first
    std::uint32_t chain_size = 0;
};

class EventDocument {
public:
    EventDocument();
    ~EventDocument();
    EventDocument(const EventDocument&) = delete;
    EventDocument& operator=(const EventDocument&) = delete;

    // Parses `json` and records the scalars at the paths of `paths`. `paths` must outlive the use
    // of this document's contents.
    Status load(std::string_view json, const PathTable& paths);

    // Indices (into value()) of the scalars recorded at `slot`, in document order.
    std::span<const std::uint32_t> values_at(std::uint32_t slot) const;
    const EventValue& value(std::uint32_t index) const { return values_[index]; }
    std::span<const ArrayStep> chain(const EventValue& v) const {
        return {steps_.data() + v.chain_begin, v.chain_size};
    }
    // Slots that received at least one value in the last load().
    std::span<const std::uint32_t> touched_slots() const { return touched_; }

private:
    struct Impl;
    friend struct Impl;

    std::unique_ptr<Impl> impl_;
    std::vector<EventValue> values_;
    std::vector<ArrayStep> steps_;
    std::vector<std::vector<std::uint32_t>> by_slot_;
    std::vector<std::uint32_t> touched_;
};

}  // namespace tripline::pattern
