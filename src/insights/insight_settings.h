// InsightSettings: how CloudTrail Insights are computed (docs/insights.md). AWS documents the
// measures (per-minute write calls per API, per-minute errors per API and error code) and the
// baseline (the ~7 days before), not its model; Tripline's rule is stated here so that users can
// predict it:
//   * baseline: over the `baseline_minutes` before the minute evaluated (fewer while the account
//     and region have less history), mean and standard deviation of the per-minute count;
//   * start: a minute's count reaches max(min_rate, mean + deviations * max(stddev, sqrt(mean)))
//     once at least `warmup_minutes` of history exist;
//   * end (hysteresis): after `end_after_quiet_minutes` consecutive minutes below the halfway
//     point between the mean and the start threshold; the insight lasts from its first to its
//     last unusual minute.
// Plain value.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tripline::insights {

struct InsightSettings {
    std::int64_t baseline_minutes = 7 * 24 * 60;  // AWS: "the 7 days before the insight starts"
    std::int64_t warmup_minutes = 24 * 60;        // AWS: first insights within 36 hours
    // Ingested records may arrive out of order (CloudTrail delivers files every ~5 minutes): a
    // minute of an ingested stream is evaluated once a record this many minutes later was seen.
    std::int64_t lateness_minutes = 5;
    std::int64_t end_after_quiet_minutes = 5;
    double min_rate = 8.0;        // calls (errors) per minute below which nothing is unusual
    double deviations = 6.0;      // how far above the mean, in standard deviations
    std::size_t max_apis = 4096;  // tracked APIs (and API/error code pairs) per account/region
};

}  // namespace tripline::insights
