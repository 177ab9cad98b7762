// MetricDataStore: CloudWatch metric datapoints at 1-minute resolution (table `metric_data`,
// migration 6). Every sample put in a minute folds into that minute's SampleCount, Sum, Minimum
// and Maximum; up to kMaxSamplesPerMinute raw values are kept too, for percentiles (beyond that a
// minute's percentiles come from its first values). A metric is its account, region, namespace,
// name and dimension set (order-insensitive).
// Ownership: borrows the Database. Thread-safety: as the Database; calls join an open Transaction
// of the calling thread. Errors: SQLite errors as in database.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

using MetricDimensions = std::vector<std::pair<std::string, std::string>>;  // name, value

struct MetricKey {
    std::string account_id;
    std::string region;
    std::string namespace_;
    std::string metric_name;
    MetricDimensions dimensions;
};

// One value, or a statistic set (count > 1, sum/min/max given) as PutMetricData takes them.
struct MetricSample {
    MetricKey key;
    std::int64_t timestamp_s = 0;
    std::string unit = "None";
    double count = 1;
    double sum = 0;
    double minimum = 0;
    double maximum = 0;
    std::vector<double> values;  // raw values, for percentiles (one value: {sum})
};

struct MetricMinute {
    std::int64_t minute_s = 0;  // the minute's start
    std::string unit;
    double count = 0;
    double sum = 0;
    double minimum = 0;
    double maximum = 0;
    std::vector<double> samples;
};

struct ListedMetric {
    std::string namespace_;
    std::string metric_name;
    MetricDimensions dimensions;
    std::int64_t last_minute_s = 0;
};

// Dimensions sorted by name, as the canonical JSON text stored: [["Name","Value"],…].
std::string canonical_dimensions(MetricDimensions dimensions);

class MetricDataStore {
public:
    static constexpr std::size_t kMaxSamplesPerMinute = 1000;

    explicit MetricDataStore(Database& db) : db_(db) {}

    Status add(const std::vector<MetricSample>& samples);
    // The metric's minutes in [start_s, end_s), oldest first.
    Result<std::vector<MetricMinute>> read(const MetricKey& key,
                                           std::int64_t start_s,
                                           std::int64_t end_s);
    // The account's metrics in the region (optionally one namespace / name), each with its
    // latest minute.
    Result<std::vector<ListedMetric>> list(std::string_view account_id,
                                           std::string_view region,
                                           std::optional<std::string> namespace_,
                                           std::optional<std::string> metric_name);
    // Retention: drops minutes before `minute_s`.
    Result<std::int64_t> remove_before(std::int64_t minute_s);

private:
    Database& db_;
};

}  // namespace tripline::storage
