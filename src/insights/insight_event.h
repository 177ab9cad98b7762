// InsightEvent: one Insights event (cloudtrail.md §10) as the detector produces it - the Start or
// the End of one period of unusual activity on one API (call rate) or one API and error code
// (error rate). insight_record.h turns it into the CloudTrail record. Plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trail/trail_model.h"

namespace tripline::insights {

struct ValueAverage {
    std::string value;
    double average = 0;  // per minute
};

// One attribution: the top values of an attribute during the insight and in the baseline.
struct Attribution {
    std::string attribute;  // "userIdentityArn", "userAgent", "errorCode"
    std::vector<ValueAverage> insight;
    std::vector<ValueAverage> baseline;
};

struct InsightEvent {
    std::string account_id;
    std::string region;
    trail::InsightType type = trail::InsightType::kApiCallRate;
    bool start = true;  // Start or End
    std::string shared_event_id;
    std::string event_source;
    std::string event_name;
    std::string error_code;   // error-rate insights
    std::int64_t minute = 0;  // eventTime, in minutes since the epoch
    double baseline_average = 0;
    std::int64_t baseline_duration = 0;  // minutes
    double insight_average = 0;          // Start: the first minute; End: the whole insight
    std::int64_t insight_duration = 0;   // minutes
    std::vector<Attribution> attributions;
    bool ingested = false;  // computed over ingested records (not calls Tripline received)
};

}  // namespace tripline::insights
