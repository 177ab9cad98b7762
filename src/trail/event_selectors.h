// Event selectors of a trail (cloudtrail.md §8): which records a trail logs. Three forms:
// the default (no selectors: all read and write management events, no data events), basic
// EventSelectors (ReadWriteType, IncludeManagementEvents, DataResources,
// ExcludeManagementEventSources) and AdvancedEventSelectors (field selectors with Equals /
// StartsWith / EndsWith / NotEquals / NotStartsWith / NotEndsWith). Parsed and validated from the
// API's JSON shapes with AWS's rules and limits; compiled once, then selects() is called for every
// record on the hot path (no allocation).
//
// Pure: no I/O. Thread-safety: a TrailSelectors is immutable after parsing; selects() may run
// concurrently. Errors: Errc::kInvalidArgument with the message AWS's
// InvalidEventSelectorsException would carry (the API maps it to that code), naming the selector
// and field ("AdvancedEventSelectors[0].FieldSelectors[1]: ...").
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "base/result.h"
#include "event/cloudtrail_record.h"

namespace tripline::trail {

class TrailSelectors {
public:
    // The default: all management events (read and write), no data events.
    TrailSelectors();
    ~TrailSelectors();
    TrailSelectors(const TrailSelectors&);
    TrailSelectors& operator=(const TrailSelectors&);
    TrailSelectors(TrailSelectors&&) noexcept;
    TrailSelectors& operator=(TrailSelectors&&) noexcept;

    // PutEventSelectors' EventSelectors array (1-5 entries).
    static Result<TrailSelectors> from_event_selectors(const nlohmann::json& selectors);
    // PutEventSelectors' AdvancedEventSelectors array (1-500 entries; ≤ 500 values in all).
    static Result<TrailSelectors> from_advanced_event_selectors(const nlohmann::json& selectors);
    // A stored document written by to_document() (trail persistence).
    static Result<TrailSelectors> from_document(const nlohmann::json& document);

    // {"EventSelectors":[...]} or {"AdvancedEventSelectors":[...]} as GetEventSelectors returns
    // them, defaults filled in as AWS returns them (ReadWriteType "All",
    // IncludeManagementEvents true, DataResources [], ExcludeManagementEventSources []). The
    // default form gives the single default basic selector.
    nlohmann::json to_api_json() const;
    nlohmann::json to_document() const;

    bool is_advanced() const;
    // False for the default form (DescribeTrails' HasCustomEventSelectors).
    bool has_custom_selectors() const;

    // Whether a trail with these selectors logs `record` (management / data / network activity
    // by eventCategory and managementEvent, read/write by readOnly, resources by type and ARN).
    // Insight records are never selected here (insight selectors decide them).
    bool selects(const event::CloudTrailRecord& record) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
};

}  // namespace tripline::trail
