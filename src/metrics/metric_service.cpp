#include "metrics/metric_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "metrics/metric_statistics.h"
#include "storage/statement.h"

namespace tripline::metrics {

namespace {

constexpr std::int64_t kTwoWeeks = 14 * 86400;
constexpr std::int64_t kRetention = 15 * 86400;

std::int64_t unix_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

CodedError invalid_value(std::string message) {
    return coded_error("InvalidParameterValue", std::move(message));
}

std::int64_t floor_to(std::int64_t t, std::int64_t step) {
    std::int64_t r = t % step;
    return r < 0 ? t - r - step : t - r;
}

}  // namespace

CodedResult<bool> MetricService::put_metric_data(const MetricScope& scope,
                                                 const std::string& namespace_,
                                                 const std::vector<MetricDatum>& data) {
    if (namespace_.empty() || namespace_.size() > 255) {
        return coded_error("MissingParameter",
                           "The parameter Namespace is required and must be 1-255 characters.");
    }
    if (namespace_.starts_with("AWS/")) {
        return invalid_value("The value AWS/ for parameter Namespace is invalid.");
    }
    return store(scope, namespace_, data);
}

CodedResult<bool> MetricService::put_service_metric_data(const MetricScope& scope,
                                                         const std::string& namespace_,
                                                         const std::vector<MetricDatum>& data) {
    return store(scope, namespace_, data);
}

CodedResult<bool> MetricService::store(const MetricScope& scope,
                                       const std::string& namespace_,
                                       const std::vector<MetricDatum>& data) {
    if (data.empty() || data.size() > 1000) {
        return invalid_value("The collection MetricData must have between 1 and 1000 members.");
    }
    const std::int64_t now = unix_seconds(clock_.now());
    std::vector<storage::MetricSample> samples;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const MetricDatum& d = data[i];
        const std::string where = "MetricData.member." + std::to_string(i + 1);
        if (d.metric_name.empty() || d.metric_name.size() > 255) {
            return coded_error("MissingParameter",
                               "The parameter " + where + ".MetricName is required.");
        }
        if (d.dimensions.size() > 30) {
            return invalid_value("The collection " + where +
                                 ".Dimensions must not have more than 30 members.");
        }
        const bool statistic_set = d.sample_count || d.sum || d.minimum || d.maximum;
        const int given = (d.value ? 1 : 0) + (statistic_set ? 1 : 0) + (d.values.empty() ? 0 : 1);
        if (given != 1) {
            return coded_error("InvalidParameterCombination",
                               "The parameters " + where + ".Value, " + where +
                                   ".StatisticValues and " + where +
                                   ".Values are mutually exclusive and you must specify one.");
        }
        storage::MetricSample s;
        s.key = storage::MetricKey{
            scope.account_id, scope.region, namespace_, d.metric_name, d.dimensions};
        s.timestamp_s = d.timestamp ? unix_seconds(*d.timestamp) : now;
        if (s.timestamp_s < now - kTwoWeeks || s.timestamp_s > now + 2 * 3600) {
            return invalid_value("The parameter " + where +
                                 ".Timestamp must specify a time no more than two weeks in the "
                                 "past or two hours in the future.");
        }
        s.unit = d.unit.empty() ? "None" : d.unit;
        if (d.value) {
            if (!std::isfinite(*d.value)) {
                return invalid_value("The value for parameter " + where + ".Value is invalid.");
            }
            s.count = 1;
            s.sum = s.minimum = s.maximum = *d.value;
            s.values = {*d.value};
        } else if (statistic_set) {
            if (!d.sample_count || !d.sum || !d.minimum || !d.maximum || *d.sample_count <= 0) {
                return coded_error("MissingParameter",
                                   "The parameter " + where +
                                       ".StatisticValues must have SampleCount, Sum, Minimum and "
                                       "Maximum.");
            }
            s.count = *d.sample_count;
            s.sum = *d.sum;
            s.minimum = *d.minimum;
            s.maximum = *d.maximum;
        } else {
            if (!d.counts.empty() && d.counts.size() != d.values.size()) {
                return invalid_value("The parameters " + where + ".Values and " + where +
                                     ".Counts must have the same number of members.");
            }
            s.count = 0;
            s.sum = 0;
            s.minimum = INFINITY;
            s.maximum = -INFINITY;
            for (std::size_t k = 0; k < d.values.size(); ++k) {
                const double c = d.counts.empty() ? 1 : d.counts[k];
                s.count += c;
                s.sum += d.values[k] * c;
                s.minimum = std::min(s.minimum, d.values[k]);
                s.maximum = std::max(s.maximum, d.values[k]);
                for (double n = 0; n < c && s.values.size() < 1000; n += 1) {
                    s.values.push_back(d.values[k]);
                }
            }
        }
        samples.push_back(std::move(s));
    }
    storage::MetricDataStore store(db_);
    if (auto added = store.add(samples); !added) {
        return coded_internal(added.error());
    }
    return true;
}

CodedResult<std::vector<PeriodValue>> MetricService::series(const storage::MetricKey& key,
                                                            int period,
                                                            const std::string& statistic,
                                                            std::int64_t start_s,
                                                            std::int64_t end_s) {
    const std::int64_t step = std::max(period, 60);
    const std::int64_t first = floor_to(start_s, step) < start_s ? floor_to(start_s, step) + step
                                                                 : floor_to(start_s, step);
    storage::MetricDataStore store(db_);
    auto minutes = store.read(key, first, end_s + step);
    if (!minutes) {
        return coded_internal(minutes.error());
    }
    std::vector<PeriodValue> out;
    std::size_t next = 0;
    for (std::int64_t p = first; p < end_s; p += step) {
        std::vector<storage::MetricMinute> in_period;
        while (next < minutes->size() && (*minutes)[next].minute_s < p) {
            ++next;
        }
        while (next < minutes->size() && (*minutes)[next].minute_s < p + step) {
            in_period.push_back((*minutes)[next]);
            ++next;
        }
        PeriodValue v;
        v.start_s = p;
        for (const auto& m : in_period) {
            v.sample_count += m.count;
        }
        v.value = compute_statistic(in_period, statistic);
        out.push_back(v);
    }
    return out;
}

CodedResult<std::vector<StatisticsDatapoint>> MetricService::get_metric_statistics(
    const MetricScope& scope, const StatisticsRequest& r) {
    if (r.statistics.empty() && r.extended_statistics.empty()) {
        return coded_error("MissingParameter",
                           "Must specify either Statistics or ExtendedStatistics.");
    }
    for (const std::string& s : r.statistics) {
        if (!is_basic_statistic(s)) {
            return invalid_value("The parameter Statistics.member has an invalid value " + s + ".");
        }
    }
    for (const std::string& s : r.extended_statistics) {
        if (!percentile_of(s)) {
            return invalid_value("The parameter ExtendedStatistics.member has an invalid value " +
                                 s + ".");
        }
    }
    if (r.period <= 0 || (r.period % 60 != 0 && r.period != 1 && r.period != 5 && r.period != 10 &&
                          r.period != 30)) {
        return invalid_value("The parameter Period must be a multiple of 60.");
    }
    if (r.end <= r.start) {
        return invalid_value("The parameter StartTime must be less than the parameter EndTime.");
    }
    const std::int64_t start = unix_seconds(r.start);
    const std::int64_t end = unix_seconds(r.end);
    if ((end - start) / std::max(r.period, 60) > 1440) {
        return invalid_value(
            "You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. You may "
            "reduce the datapoints requested by increasing Period, or decreasing the time range.");
    }
    storage::MetricKey key{
        scope.account_id, scope.region, r.namespace_, r.metric_name, r.dimensions};
    const std::int64_t step = std::max(r.period, 60);
    storage::MetricDataStore store(db_);
    auto minutes = store.read(key, floor_to(start, step), end);
    if (!minutes) {
        return coded_internal(minutes.error());
    }
    std::map<std::int64_t, std::vector<storage::MetricMinute>> periods;
    for (auto& m : *minutes) {
        if (r.unit && m.unit != *r.unit) {
            continue;
        }
        periods[floor_to(m.minute_s, step)].push_back(std::move(m));
    }
    std::vector<StatisticsDatapoint> out;
    for (const auto& [p, in_period] : periods) {
        StatisticsDatapoint d;
        d.timestamp = TimePoint(std::chrono::seconds(p));
        d.unit = r.unit ? *r.unit : in_period.back().unit;
        for (const std::string& s : r.statistics) {
            if (auto v = compute_statistic(in_period, s)) {
                d.statistics[s] = *v;
            }
        }
        for (const std::string& s : r.extended_statistics) {
            if (auto v = compute_statistic(in_period, s)) {
                d.extended[s] = *v;
            }
        }
        out.push_back(std::move(d));
    }
    return out;
}

CodedResult<std::vector<storage::ListedMetric>> MetricService::list_metrics(
    const MetricScope& scope,
    const std::optional<std::string>& namespace_,
    const std::optional<std::string>& metric_name,
    const std::vector<std::pair<std::string, std::optional<std::string>>>& dimensions,
    bool recently_active) {
    storage::MetricDataStore store(db_);
    auto all = store.list(scope.account_id, scope.region, namespace_, metric_name);
    if (!all) {
        return coded_internal(all.error());
    }
    const std::int64_t now = unix_seconds(clock_.now());
    const std::int64_t since = now - (recently_active ? 3 * 3600 : kTwoWeeks);
    std::vector<storage::ListedMetric> out;
    for (auto& m : *all) {
        if (m.last_minute_s < floor_to(since, 60)) {
            continue;
        }
        bool wanted = true;
        for (const auto& [name, value] : dimensions) {
            auto it = std::find_if(m.dimensions.begin(), m.dimensions.end(), [&](const auto& d) {
                return d.first == name && (!value || d.second == *value);
            });
            wanted = wanted && it != m.dimensions.end();
        }
        if (wanted) {
            out.push_back(std::move(m));
        }
    }
    return out;
}

std::int64_t MetricService::apply_retention() {
    storage::MetricDataStore store(db_);
    auto removed = store.remove_before(floor_to(unix_seconds(clock_.now()) - kRetention, 60));
    if (!removed) {
        spdlog::warn("CloudWatch: metric retention: {}", removed.error().to_string());
        return 0;
    }
    return *removed;
}

}  // namespace tripline::metrics
