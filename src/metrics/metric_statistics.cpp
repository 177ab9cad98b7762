#include "metrics/metric_statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace tripline::metrics {

bool is_basic_statistic(std::string_view s) {
    return s == "Sum" || s == "Average" || s == "SampleCount" || s == "Minimum" || s == "Maximum";
}

std::optional<double> percentile_of(std::string_view statistic) {
    if (statistic.size() < 2 || statistic[0] != 'p') {
        return std::nullopt;
    }
    std::string digits(statistic.substr(1));
    for (char c : digits) {
        if ((c < '0' || c > '9') && c != '.') {
            return std::nullopt;
        }
    }
    char* end = nullptr;
    double p = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size() || p < 0 || p > 100) {
        return std::nullopt;
    }
    return p;
}

std::optional<double> compute_statistic(const std::vector<storage::MetricMinute>& minutes,
                                        std::string_view statistic) {
    double count = 0;
    double sum = 0;
    double minimum = INFINITY;
    double maximum = -INFINITY;
    for (const auto& m : minutes) {
        count += m.count;
        sum += m.sum;
        minimum = std::min(minimum, m.minimum);
        maximum = std::max(maximum, m.maximum);
    }
    if (count <= 0) {
        return std::nullopt;
    }
    if (statistic == "Sum") {
        return sum;
    }
    if (statistic == "Average") {
        return sum / count;
    }
    if (statistic == "SampleCount") {
        return count;
    }
    if (statistic == "Minimum") {
        return minimum;
    }
    if (statistic == "Maximum") {
        return maximum;
    }
    auto p = percentile_of(statistic);
    if (!p) {
        return std::nullopt;
    }
    std::vector<double> samples;
    for (const auto& m : minutes) {
        samples.insert(samples.end(), m.samples.begin(), m.samples.end());
    }
    if (samples.empty()) {
        return std::nullopt;
    }
    std::sort(samples.begin(), samples.end());
    // Nearest rank: the smallest value with at least p% of the samples at or below it.
    auto rank =
        static_cast<std::size_t>(std::ceil(*p / 100.0 * static_cast<double>(samples.size())));
    rank = std::clamp<std::size_t>(rank, 1, samples.size());
    return samples[rank - 1];
}

}  // namespace tripline::metrics
