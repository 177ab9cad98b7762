#include "metrics/alarm_evaluator.h"

#include <algorithm>
#include <charconv>

#include "metrics/alarm_format.h"

namespace tripline::metrics {

namespace {

using nlohmann::json;

enum class Fill { kMissing, kIgnore, kBreaching, kNotBreaching };

Fill fill_mode(const MetricAlarm& alarm) {
    if (alarm.namespace_ == "AWS/DynamoDB") {
        return Fill::kIgnore;  // documented: AWS/DynamoDB alarms always ignore missing data
    }
    if (alarm.treat_missing_data == "ignore") {
        return Fill::kIgnore;
    }
    if (alarm.treat_missing_data == "breaching") {
        return Fill::kBreaching;
    }
    if (alarm.treat_missing_data == "notBreaching") {
        return Fill::kNotBreaching;
    }
    return Fill::kMissing;
}

struct Point {
    TimePoint start;
    double value = 0;
    double lower = 0;
    double upper = 0;
    bool breaching = false;
    int age = 0;  // 1 = the newest period of the range
    std::optional<std::int64_t> samples;
};

std::string operator_phrase(std::string_view op) {
    if (op == "GreaterThanOrEqualToThreshold") {
        return "greater than or equal to";
    }
    if (op == "GreaterThanThreshold") {
        return "greater than";
    }
    if (op == "LessThanThreshold") {
        return "less than";
    }
    if (op == "LessThanOrEqualToThreshold") {
        return "less than or equal to";
    }
    return op == "" ? "" : std::string(op);
}

std::string plural(int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// "[2.0 (15/09/21 18:27:00), 1.0 (15/09/21 18:26:00)]", newest first.
std::string point_list(const std::vector<const Point*>& points) {
    std::string out = "[";
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i > 0) {
            out += ", ";
        }
        out += java_double(points[i]->value) + " (" + reason_time(points[i]->start) + ")";
    }
    return out + "]";
}

std::string band_list(const std::vector<const Point*>& points, bool upper) {
    std::string out = "[";
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i > 0) {
            out += ", ";
        }
        out += java_double(upper ? points[i]->upper : points[i]->lower);
    }
    return out + "]";
}

// "was greater than the threshold (1.0)" / "were not less than the lower thresholds [..] or
// greater than the upper thresholds [..]".
std::string comparison_text(const MetricAlarm& alarm,
                            const std::vector<const Point*>& listed,
                            bool breaching,
                            int count) {
    std::string out = count == 1 ? "was " : "were ";
    if (!breaching) {
        out += "not ";
    }
    const std::string& op = alarm.comparison_operator;
    if (op == "LessThanLowerOrGreaterThanUpperThreshold") {
        return out + "less than the lower thresholds " + band_list(listed, false) +
               " or greater than the upper thresholds " + band_list(listed, true);
    }
    if (op == "LessThanLowerThreshold") {
        return out + "less than the lower thresholds " + band_list(listed, false);
    }
    if (op == "GreaterThanUpperThreshold") {
        return out + "greater than the upper thresholds " + band_list(listed, true);
    }
    return out + operator_phrase(op) + " the threshold (" + java_double(alarm.threshold) + ")";
}

std::string missing_reason(int periods, bool breaching) {
    return "Threshold Crossed: no datapoints were received for " + plural(periods, "period") +
           " and " + plural(periods, "missing datapoint") + (periods == 1 ? " was" : " were") +
           " treated as [" + (breaching ? "Breaching" : "NonBreaching") + "].";
}

// The reason for `state` reached from `evaluated` (the real points used, oldest first) plus
// `fills` filled periods of `fill`.
std::string threshold_reason(const MetricAlarm& alarm,
                             const std::vector<const Point*>& evaluated,
                             int fills,
                             Fill fill,
                             AlarmState state) {
    const bool to_alarm = state == AlarmState::kAlarm;
    std::vector<const Point*> listed;
    for (auto it = evaluated.rbegin(); it != evaluated.rend(); ++it) {
        if ((*it)->breaching == to_alarm) {
            listed.push_back(*it);
        }
    }
    int count = static_cast<int>(listed.size());
    if ((to_alarm && fill == Fill::kBreaching) || (!to_alarm && fill == Fill::kNotBreaching)) {
        if (listed.empty() && fills > 0) {
            return missing_reason(fills, to_alarm);
        }
        count += fills;
    }
    const bool band = alarm.uses_band();
    std::string out = band ? "Thresholds Crossed: " : "Threshold Crossed: ";
    const int n = std::max(alarm.evaluation_periods, 1);
    if (alarm.datapoints_to_alarm) {
        const int m = alarm.datapoints_required();
        const int minimum = to_alarm ? m : n - m + 1;
        out += std::to_string(count) + " out of the last " + std::to_string(n) + " datapoints " +
               point_list(listed) + " " + comparison_text(alarm, listed, to_alarm, count) +
               " (minimum " + plural(minimum, "datapoint") + " for " +
               (to_alarm ? "OK -> ALARM" : "ALARM -> OK") + " transition).";
    } else {
        out += plural(count, "datapoint") + " " + point_list(listed) + " " +
               comparison_text(alarm, listed, to_alarm, count) + ".";
    }
    return out;
}

json reason_data(const MetricAlarm& alarm,
                 const std::vector<const Point*>& evaluated,
                 std::optional<TimePoint> start,
                 TimePoint now) {
    json data = json::object();
    data["version"] = "1.0";
    data["queryDate"] = cloudwatch_timestamp(now);
    if (!evaluated.empty()) {
        start = evaluated.front()->start;
    }
    if (start) {
        data["startDate"] = cloudwatch_timestamp(*start);
    }
    if (!alarm.extended_statistic.empty()) {
        data["extendedStatistic"] = alarm.extended_statistic;
    } else if (!alarm.statistic.empty()) {
        data["statistic"] = alarm.statistic;
    }
    if (!alarm.unit.empty()) {
        data["unit"] = alarm.unit;
    }
    data["period"] = alarm.period;
    json recent = json::array();
    json evaluated_json = json::array();
    json lower = json::array();
    json upper = json::array();
    for (const Point* p : evaluated) {
        recent.push_back(p->value);
        lower.push_back(p->lower);
        upper.push_back(p->upper);
    }
    for (auto it = evaluated.rbegin(); it != evaluated.rend(); ++it) {
        json e = {{"timestamp", cloudwatch_timestamp((*it)->start)}, {"value", (*it)->value}};
        if ((*it)->samples) {
            e["sampleCount"] = static_cast<double>(*(*it)->samples);
        }
        evaluated_json.push_back(std::move(e));
    }
    data["recentDatapoints"] = recent;
    if (alarm.uses_band()) {
        data["recentLowerThresholds"] = lower;
        data["recentUpperThresholds"] = upper;
    } else {
        data["threshold"] = alarm.threshold;
    }
    if (!evaluated_json.empty()) {
        data["evaluatedDatapoints"] = evaluated_json;
    }
    return data;
}

}  // namespace

bool breaches_threshold(std::string_view op, double value, double threshold) {
    if (op == "GreaterThanOrEqualToThreshold") {
        return value >= threshold;
    }
    if (op == "GreaterThanThreshold") {
        return value > threshold;
    }
    if (op == "LessThanThreshold") {
        return value < threshold;
    }
    if (op == "LessThanOrEqualToThreshold") {
        return value <= threshold;
    }
    return false;
}

bool breaches_band(std::string_view op, double value, double lower, double upper) {
    if (op == "LessThanLowerOrGreaterThanUpperThreshold") {
        return value < lower || value > upper;
    }
    if (op == "LessThanLowerThreshold") {
        return value < lower;
    }
    if (op == "GreaterThanUpperThreshold") {
        return value > upper;
    }
    return false;
}

std::optional<double> low_sample_count_limit(std::string_view statistic) {
    if (!statistic.starts_with("p")) {
        return std::nullopt;
    }
    statistic.remove_prefix(1);
    double pct = 0;
    auto [end, ec] = std::from_chars(statistic.data(), statistic.data() + statistic.size(), pct);
    if (ec != std::errc() || end != statistic.data() + statistic.size() || pct <= 0 || pct >= 100) {
        return std::nullopt;
    }
    // 10/(1-p) and 10/p with p = pct/100, computed from pct so that p99 gives exactly 1000.
    return pct >= 50 ? 1000.0 / (100.0 - pct) : 1000.0 / pct;
}

Evaluation evaluate_alarm(const MetricAlarm& alarm,
                          const std::vector<Datapoint>& datapoints,
                          AlarmState prior,
                          TimePoint now,
                          const EvaluationOptions& options) {
    const int n = std::max(alarm.evaluation_periods, 1);
    const int m = std::clamp(alarm.datapoints_required(), 1, n);
    const std::size_t range =
        static_cast<std::size_t>(options.evaluation_range > 0 ? options.evaluation_range : n + 2);
    const std::size_t first = datapoints.size() > range ? datapoints.size() - range : 0;
    const bool band = alarm.uses_band();
    const Fill fill = fill_mode(alarm);

    auto make = [&](AlarmState state, std::string reason, json data) {
        return Evaluation{state, state != prior, std::move(reason), std::move(data)};
    };
    const Evaluation kept{prior, false, "", nullptr};

    // The real points of the range, oldest first.
    std::vector<Point> real;
    for (std::size_t i = first; i < datapoints.size(); ++i) {
        const Datapoint& d = datapoints[i];
        if (!d.value) {
            continue;
        }
        Point p;
        p.start = d.period_start;
        p.value = *d.value;
        p.age = static_cast<int>(datapoints.size() - i);
        if (i < options.sample_counts.size()) {
            p.samples = options.sample_counts[i];
        }
        if (band) {
            if (i >= options.bands.size() || !options.bands[i]) {
                continue;  // no band for this period: nothing to compare with
            }
            p.lower = options.bands[i]->first;
            p.upper = options.bands[i]->second;
            p.breaching = breaches_band(alarm.comparison_operator, p.value, p.lower, p.upper);
        } else {
            p.breaching = breaches_threshold(alarm.comparison_operator, p.value, alarm.threshold);
        }
        real.push_back(p);
    }
    std::optional<TimePoint> range_start;
    if (first < datapoints.size()) {
        range_start = datapoints[first].period_start;
    }

    const int r = static_cast<int>(real.size());
    if (r == 0) {
        std::vector<const Point*> none;
        json data = reason_data(alarm, none, range_start, now);
        switch (fill) {
            case Fill::kIgnore:
                return kept;
            case Fill::kMissing:
                return make(AlarmState::kInsufficientData,
                            "Insufficient Data: " + plural(n, "datapoint") +
                                (n == 1 ? " was" : " were") + " unknown.",
                            std::move(data));
            case Fill::kBreaching:
                return make(AlarmState::kAlarm, missing_reason(n, true), std::move(data));
            case Fill::kNotBreaching:
                return make(AlarmState::kOk, missing_reason(n, false), std::move(data));
        }
        return kept;
    }

    // The points evaluated: the newest N real ones, or all of them when there are fewer.
    std::vector<const Point*> evaluated;
    for (int i = std::max(0, r - n); i < r; ++i) {
        evaluated.push_back(&real[static_cast<std::size_t>(i)]);
    }
    const int fills = n - static_cast<int>(evaluated.size());

    // Percentiles with EvaluateLowSampleCountPercentile=ignore: too few samples keep the state.
    if (alarm.evaluate_low_sample_count_percentile == "ignore") {
        if (auto limit = low_sample_count_limit(alarm.extended_statistic)) {
            for (const Point* p : evaluated) {
                if (p->samples && static_cast<double>(*p->samples) < *limit) {
                    return kept;
                }
            }
        }
    }

    int breaching = static_cast<int>(std::count_if(
        evaluated.begin(), evaluated.end(), [](const Point* p) { return p->breaching; }));
    AlarmState state = AlarmState::kOk;
    if (fills == 0 || fill == Fill::kNotBreaching) {
        state = breaching >= m ? AlarmState::kAlarm : AlarmState::kOk;
    } else if (fill == Fill::kBreaching) {
        state = breaching + fills >= m ? AlarmState::kAlarm : AlarmState::kOk;
    } else if (breaching >= m) {
        state = AlarmState::kAlarm;
    } else if (breaching == static_cast<int>(evaluated.size())) {
        // Every real point breaches but fewer than M: the premature-alarm rule - ALARM once the
        // oldest breaching point is at least M periods old (newer periods are all breaching or
        // missing); before that, nothing is decided yet. `ignore` keeps its state instead.
        if (fill == Fill::kMissing && evaluated.front()->age >= m) {
            state = AlarmState::kAlarm;
        } else {
            return kept;
        }
    } else {
        state = AlarmState::kOk;
    }
    if (state == AlarmState::kAlarm && fill == Fill::kIgnore && fills > 0 && breaching < m) {
        return kept;
    }
    return make(state,
                threshold_reason(alarm, evaluated, fills, fill, state),
                reason_data(alarm, evaluated, range_start, now));
}

}  // namespace tripline::metrics
