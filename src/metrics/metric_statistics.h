// Statistics of metric datapoints over a period (CloudWatch's Sum, Average, SampleCount, Minimum,
// Maximum and percentiles pNN / pNN.NN), from the per-minute aggregates the store keeps.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/metric_data_store.h"

namespace tripline::metrics {

// True for the five basic statistics.
bool is_basic_statistic(std::string_view statistic);
// The percentile of "p99" / "p99.9" (0-100); nullopt when not one.
std::optional<double> percentile_of(std::string_view statistic);

// The statistic over the minutes (all in one period); nullopt when they hold no samples.
// Percentiles use the nearest-rank method over the kept raw samples.
std::optional<double> compute_statistic(const std::vector<storage::MetricMinute>& minutes,
                                        std::string_view statistic);

}  // namespace tripline::metrics
