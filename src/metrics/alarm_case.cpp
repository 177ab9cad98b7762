#include "metrics/alarm_case.h"

#include <map>
#include <string>

namespace tripline::metrics {

namespace {

using nlohmann::json;

Error bad(const std::string& text) { return make_error(Errc::kInvalidArgument, text); }

Result<TimePoint> time_of(const json& v, const std::string& where) {
    TimePoint t;
    if (!v.is_string() || !parse_iso8601(v.get<std::string>(), t)) {
        return bad(where + ": time " + v.dump() + " is not ISO 8601");
    }
    return t;
}

// A count, or a list of samples (its size).
std::optional<std::int64_t> count_of(const json& v) {
    if (v.is_array()) {
        return static_cast<std::int64_t>(v.size());
    }
    if (v.is_number()) {
        return static_cast<std::int64_t>(v.get<double>());
    }
    return std::nullopt;
}

}  // namespace

Result<AlarmCase> parse_alarm_case(const nlohmann::json& line) {
    if (!line.is_object()) {
        return bad("input line must be a JSON object with \"alarm\" and \"datapoints\"");
    }
    if (!line.contains("alarm") || !line["alarm"].is_object()) {
        return bad("input line must have an \"alarm\" object");
    }
    AlarmCase c;
    auto alarm = parse_put_metric_alarm(line["alarm"]);
    if (!alarm) {
        return std::move(alarm).error();
    }
    c.alarm = std::move(alarm.value());

    const json datapoints = line.value("datapoints", json::array());
    if (!datapoints.is_array()) {
        return bad("\"datapoints\" must be a list of [time, value|null]");
    }
    std::map<std::string, std::size_t> index_of_time;
    for (std::size_t i = 0; i < datapoints.size(); ++i) {
        const json& d = datapoints[i];
        const std::string where = "datapoints[" + std::to_string(i) + "]";
        if (!d.is_array() || d.size() != 2 || !(d[1].is_number() || d[1].is_null())) {
            return bad(where + ": expected [time, value|null]");
        }
        auto t = time_of(d[0], where);
        if (!t) {
            return std::move(t).error();
        }
        Datapoint p{*t, std::nullopt};
        if (d[1].is_number()) {
            p.value = d[1].get<double>();
        }
        index_of_time[d[0].get<std::string>()] = i;
        c.datapoints.push_back(p);
    }

    if (line.contains("prior_state") && !line["prior_state"].is_null()) {
        auto state = line["prior_state"].is_string()
                         ? parse_alarm_state(line["prior_state"].get<std::string>())
                         : std::nullopt;
        if (!state) {
            return bad("\"prior_state\" must be OK, ALARM or INSUFFICIENT_DATA");
        }
        c.prior = *state;
    }
    if (line.contains("evaluation_range") && !line["evaluation_range"].is_null()) {
        if (!line["evaluation_range"].is_number_integer() || line["evaluation_range"] < 0) {
            return bad("\"evaluation_range\" must be a non-negative integer");
        }
        c.options.evaluation_range = line["evaluation_range"].get<int>();
    }

    if (line.contains("samples_per_period") && !line["samples_per_period"].is_null()) {
        const json& s = line["samples_per_period"];
        c.options.sample_counts.assign(c.datapoints.size(), std::nullopt);
        if (s.is_object()) {
            for (const auto& [time, samples] : s.items()) {
                auto it = index_of_time.find(time);
                if (it == index_of_time.end()) {
                    return bad("samples_per_period: no datapoint at " + time);
                }
                c.options.sample_counts[it->second] = count_of(samples);
            }
        } else if (s.is_array() && s.size() == c.datapoints.size()) {
            for (std::size_t i = 0; i < s.size(); ++i) {
                c.options.sample_counts[i] = count_of(s[i]);
            }
        } else {
            return bad(
                "\"samples_per_period\" must map times to samples, or list one entry per "
                "datapoint");
        }
    }

    if (line.contains("band") && !line["band"].is_null()) {
        const json& b = line["band"];
        if (!b.is_array()) {
            return bad("\"band\" must be a list of [lower, upper] or [time, lower, upper]");
        }
        c.options.bands.assign(c.datapoints.size(), std::nullopt);
        for (std::size_t i = 0; i < b.size(); ++i) {
            const json& e = b[i];
            const std::string where = "band[" + std::to_string(i) + "]";
            if (e.is_null()) {
                continue;
            }
            if (e.is_array() && e.size() == 3 && e[1].is_number() && e[2].is_number()) {
                auto it = e[0].is_string() ? index_of_time.find(e[0].get<std::string>())
                                           : index_of_time.end();
                if (it == index_of_time.end()) {
                    return bad(where + ": no datapoint at " + e[0].dump());
                }
                c.options.bands[it->second] =
                    std::make_pair(e[1].get<double>(), e[2].get<double>());
            } else if (e.is_array() && e.size() == 2 && e[0].is_number() && e[1].is_number()) {
                if (i >= c.datapoints.size()) {
                    return bad(where + ": more band entries than datapoints");
                }
                c.options.bands[i] = std::make_pair(e[0].get<double>(), e[1].get<double>());
            } else {
                return bad(where + ": expected [lower, upper] or [time, lower, upper]");
            }
        }
    }

    if (line.contains("now") && !line["now"].is_null()) {
        auto t = time_of(line["now"], "now");
        if (!t) {
            return std::move(t).error();
        }
        c.now = *t;
    } else if (!c.datapoints.empty()) {
        c.now = c.datapoints.back().period_start + std::chrono::seconds(c.alarm.period);
    }
    return c;
}

Result<Evaluation> evaluate_alarm_case(const nlohmann::json& line) {
    auto c = parse_alarm_case(line);
    if (!c) {
        return std::move(c).error();
    }
    return evaluate_alarm(c->alarm, c->datapoints, c->prior, c->now, c->options);
}

}  // namespace tripline::metrics
