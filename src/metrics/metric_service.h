// MetricService: CloudWatch metrics for Tripline's accounts (issue 9, item 4) - PutMetricData,
// GetMetricStatistics, GetMetricData (metric statistics, no math), ListMetrics over the 1-minute
// store (storage::MetricDataStore), which metric filters write too. Metric data are kept 15 days
// (apply_retention).
// Ownership: borrows the Database and Clock. Thread-safety: every method may run concurrently.
// Errors carry CloudWatch's names: InvalidParameterValue, MissingParameter,
// InvalidParameterCombination; InternalError for storage.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/coded_result.h"
#include "storage/database.h"
#include "storage/metric_data_store.h"

namespace tripline::metrics {

struct MetricScope {
    std::string account_id;
    std::string region;
};

// One MetricData member of PutMetricData.
struct MetricDatum {
    std::string metric_name;
    storage::MetricDimensions dimensions;
    std::optional<TimePoint> timestamp;  // default: now
    std::optional<double> value;
    // StatisticValues
    std::optional<double> sample_count, sum, minimum, maximum;
    std::vector<double> values;
    std::vector<double> counts;
    std::string unit;  // empty: None
};

struct StatisticsRequest {
    std::string namespace_;
    std::string metric_name;
    storage::MetricDimensions dimensions;
    TimePoint start;
    TimePoint end;
    int period = 60;
    std::vector<std::string> statistics;
    std::vector<std::string> extended_statistics;
    std::optional<std::string> unit;
};

struct StatisticsDatapoint {
    TimePoint timestamp;
    std::string unit;
    std::map<std::string, double> statistics;
    std::map<std::string, double> extended;
};

// A period's value: its start (unix seconds) and the statistic, nullopt without data.
struct PeriodValue {
    std::int64_t start_s = 0;
    std::optional<double> value;
    double sample_count = 0;
};

class MetricService {
public:
    MetricService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    CodedResult<bool> put_metric_data(const MetricScope& scope,
                                      const std::string& namespace_,
                                      const std::vector<MetricDatum>& data);
    // The same for Tripline's own services, which publish in AWS's namespaces (AWS/SNS,
    // AWS/Events) that PutMetricData refuses to callers.
    CodedResult<bool> put_service_metric_data(const MetricScope& scope,
                                              const std::string& namespace_,
                                              const std::vector<MetricDatum>& data);
    CodedResult<std::vector<StatisticsDatapoint>> get_metric_statistics(
        const MetricScope& scope, const StatisticsRequest& request);
    // Every period (aligned to multiples of `period` since the epoch) starting in [start_s,
    // end_s), oldest first.
    CodedResult<std::vector<PeriodValue>> series(const storage::MetricKey& key,
                                                 int period,
                                                 const std::string& statistic,
                                                 std::int64_t start_s,
                                                 std::int64_t end_s);
    // ListMetrics: metrics with data in the last two weeks (or three hours: recently_active);
    // `dimensions` filters by name (and value when given).
    CodedResult<std::vector<storage::ListedMetric>> list_metrics(
        const MetricScope& scope,
        const std::optional<std::string>& namespace_,
        const std::optional<std::string>& metric_name,
        const std::vector<std::pair<std::string, std::optional<std::string>>>& dimensions,
        bool recently_active);

    std::int64_t apply_retention();

private:
    // PutMetricData's checks of the data and the write (any namespace).
    CodedResult<bool> store(const MetricScope& scope,
                            const std::string& namespace_,
                            const std::vector<MetricDatum>& data);
    storage::Database& db_;
    const Clock& clock_;
};

}  // namespace tripline::metrics
