// Case kinds for the metrics module (alarm evaluation, docs/alarms.md):
//   alarm         input = PutMetricAlarm fields (JSON); expected lines
//                 "<points> ; <prior state> -> <state>", points oldest first, space-separated:
//                 "-" missing, "X" = Threshold + 1, anything else a number; one period apart from
//                 2024-03-05T12:00:00Z; the evaluation range is N+2 (the newest N+2 points). The
//                 output repeats each line with the actual state ("error: ..." for a bad alarm).
//   alarm-reason  input = one `alarms evaluate` JSON line (metrics/alarm_case.h); output = the
//                 state on the first line and StateReason on the second (or "error: ...").
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "handler_registry.h"
#include "metrics/alarm_case.h"
#include "metrics/alarm_evaluator.h"

namespace {

using tripline::testing::Case;
namespace metrics = tripline::metrics;

std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t");
    std::size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string run_alarm(const Case& c) {
    auto alarm = metrics::parse_put_metric_alarm(nlohmann::json::parse(c.input, nullptr, false));
    if (!alarm) {
        return "error: " + alarm.error().message;
    }
    tripline::TimePoint start;
    (void)tripline::parse_iso8601("2024-03-05T12:00:00Z", start);
    std::istringstream lines(c.expected);
    std::string line;
    std::string out;
    while (std::getline(lines, line)) {
        std::size_t semi = line.find(';');
        std::size_t arrow = line.find("->");
        if (line.empty() || semi == std::string::npos || arrow == std::string::npos ||
            arrow < semi) {
            out += line + "\n";
            continue;
        }
        std::string points = trim(line.substr(0, semi));
        auto prior = metrics::parse_alarm_state(trim(line.substr(semi + 1, arrow - semi - 1)));
        if (!prior) {
            out += line + "  # bad prior state\n";
            continue;
        }
        std::vector<metrics::Datapoint> datapoints;
        std::istringstream tokens(points);
        std::string token;
        tripline::TimePoint t = start;
        bool bad = false;
        while (tokens >> token) {
            metrics::Datapoint d{t, std::nullopt};
            if (token == "X") {
                d.value = alarm->threshold + 1;
            } else if (token != "-") {
                try {
                    d.value = std::stod(token);
                } catch (const std::exception&) {
                    bad = true;
                }
            }
            datapoints.push_back(d);
            t += std::chrono::seconds(alarm->period);
        }
        if (bad) {
            out += line + "  # bad datapoint\n";
            continue;
        }
        auto e = metrics::evaluate_alarm(*alarm, datapoints, *prior, t);
        out += points + " ; " + metrics::alarm_state_name(*prior) + " -> " +
               metrics::alarm_state_name(e.state) + "\n";
    }
    return out;
}

std::string run_alarm_reason(const Case& c) {
    nlohmann::json line = nlohmann::json::parse(c.input, nullptr, false);
    auto e = metrics::evaluate_alarm_case(line);
    if (!e) {
        return "error: " + e.error().message;
    }
    return std::string(metrics::alarm_state_name(e->state)) + "\n" + e->reason;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("alarm", run_alarm);
TRIPLINE_CONFORMANCE_HANDLER("alarm-reason", run_alarm_reason);
