#include "metrics/metric_alarm_validation.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace tripline::metrics::detail {

Error fail(std::string_view code, const std::string& text) {
    return make_error(Errc::kInvalidArgument, std::string(code) + ": " + text);
}

// AWS's model-validation wording: "1 validation error detected: Value '0' at 'period' failed to
// satisfy constraint: Member must ...".
Error constraint(std::string_view member, const std::string& value, const std::string& rule) {
    std::string field(member);
    field[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(field[0])));
    if (member == "OKActions") {
        field = "oKActions";
    }
    return fail("ValidationError",
                "1 validation error detected: Value " + value + " at '" + field +
                    "' failed to satisfy constraint: Member must " + rule);
}

Error missing(std::string_view member) { return constraint(member, "null", "not be null"); }

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

Result<std::optional<std::string>> get_string(const json& req, std::string_view member) {
    auto it = req.find(member);
    if (it == req.end() || it->is_null()) {
        return std::optional<std::string>();
    }
    if (!it->is_string()) {
        return fail("InvalidParameterValue",
                    "The parameter " + std::string(member) + " must be a string.");
    }
    return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<double>> get_number(const json& req, std::string_view member) {
    auto it = req.find(member);
    if (it == req.end() || it->is_null()) {
        return std::optional<double>();
    }
    if (it->is_number()) {
        return std::optional<double>(it->get<double>());
    }
    if (it->is_string()) {
        const std::string s = it->get<std::string>();
        double v = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && end == s.data() + s.size() && !s.empty() && std::isfinite(v)) {
            return std::optional<double>(v);
        }
    }
    return fail("InvalidParameterValue",
                "The parameter " + std::string(member) + " must be a number.");
}

Result<std::optional<int>> get_int(const json& req, std::string_view member) {
    auto n = get_number(req, member);
    if (!n) {
        return std::move(n).error();
    }
    if (!*n) {
        return std::optional<int>();
    }
    double v = **n;
    if (v != std::floor(v) || v < std::numeric_limits<int>::min() ||
        v > std::numeric_limits<int>::max()) {
        return fail("InvalidParameterValue",
                    "The parameter " + std::string(member) + " must be an integer.");
    }
    return std::optional<int>(static_cast<int>(v));
}

Result<std::optional<bool>> get_bool(const json& req, std::string_view member) {
    auto it = req.find(member);
    if (it == req.end() || it->is_null()) {
        return std::optional<bool>();
    }
    if (it->is_boolean()) {
        return std::optional<bool>(it->get<bool>());
    }
    if (it->is_string() && (*it == "true" || *it == "false")) {
        return std::optional<bool>(*it == "true");
    }
    return fail("InvalidParameterValue",
                "The parameter " + std::string(member) + " must be a boolean.");
}

Result<std::vector<std::string>> get_actions(const json& req, std::string_view member) {
    std::vector<std::string> out;
    auto it = req.find(member);
    if (it == req.end() || it->is_null()) {
        return out;
    }
    if (!it->is_array()) {
        return fail("InvalidParameterValue",
                    "The parameter " + std::string(member) + " must be a list of ARNs.");
    }
    if (it->size() > 5) {
        return constraint(member, in_quotes(it->dump()), "have length less than or equal to 5");
    }
    for (const json& a : *it) {
        if (!a.is_string() || a.get<std::string>().empty() || a.get<std::string>().size() > 1024) {
            return fail("InvalidParameterValue",
                        "Invalid arn syntax: " + (a.is_string() ? a.get<std::string>() : a.dump()));
        }
        const std::string arn = a.get<std::string>();
        if (!arn.starts_with("arn:")) {
            return fail("ValidationError", "Invalid arn syntax: " + arn);
        }
        out.push_back(arn);
    }
    return out;
}

// "p99", "p99.9", "tm90", "wm99", "tc90", "ts90", and the range forms "TM(10%:90%)", "PR(:300)".
bool valid_extended_statistic(const std::string& s) {
    auto number_ok = [](std::string_view n) {
        if (n.empty()) {
            return false;
        }
        double v = 0;
        auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
        return ec == std::errc() && end == n.data() + n.size() && v >= 0 && v <= 100;
    };
    for (std::string_view prefix : {"p", "tm", "wm", "tc", "ts"}) {
        if (s.starts_with(prefix) && number_ok(std::string_view(s).substr(prefix.size()))) {
            return true;
        }
    }
    for (std::string_view prefix : {"TM(", "WM(", "TC(", "TS(", "PR(", "IQM"}) {
        if (s.starts_with(prefix) && (prefix == "IQM" ? s == "IQM" : s.ends_with(")"))) {
            return true;
        }
    }
    return false;
}

Status check_length(std::string_view member,
                    const std::string& v,
                    std::size_t min,
                    std::size_t max) {
    if (v.size() < min) {
        return constraint(
            member, in_quotes(v), "have length greater than or equal to " + std::to_string(min));
    }
    if (v.size() > max) {
        return constraint(
            member, in_quotes(v), "have length less than or equal to " + std::to_string(max));
    }
    return ok_status();
}

Status parse_dimensions(const json& req, MetricAlarm& alarm) {
    auto it = req.find("Dimensions");
    if (it == req.end() || it->is_null()) {
        return ok_status();
    }
    if (!it->is_array()) {
        return fail("InvalidParameterValue", "The parameter Dimensions must be a list.");
    }
    if (it->size() > 30) {
        return constraint(
            "Dimensions", in_quotes(it->dump()), "have length less than or equal to 30");
    }
    for (const json& d : *it) {
        if (!d.is_object() || !d.contains("Name") || !d["Name"].is_string()) {
            return fail("InvalidParameterValue",
                        "The parameter Dimensions.member.Name is required.");
        }
        if (!d.contains("Value") || !d["Value"].is_string()) {
            return fail("InvalidParameterValue",
                        "The parameter Dimensions.member.Value is required.");
        }
        std::string name = d["Name"].get<std::string>();
        std::string value = d["Value"].get<std::string>();
        TRIPLINE_TRY(check_length("Dimensions.member.Name", name, 1, 255));
        TRIPLINE_TRY(check_length("Dimensions.member.Value", value, 1, 1024));
        for (const auto& [n, v] : alarm.dimensions) {
            if (n == name) {
                return fail(
                    "InvalidParameterValue",
                    "The collection Dimensions contains duplicate dimension name " + name + ".");
            }
        }
        alarm.dimensions.emplace_back(std::move(name), std::move(value));
    }
    return ok_status();
}

Status parse_tags(const json& req, MetricAlarm& alarm) {
    auto it = req.find("Tags");
    if (it == req.end() || it->is_null()) {
        return ok_status();
    }
    if (!it->is_array()) {
        return fail("InvalidParameterValue", "The parameter Tags must be a list.");
    }
    for (const json& t : *it) {
        if (!t.is_object() || !t.contains("Key") || !t["Key"].is_string() || !t.contains("Value") ||
            !t["Value"].is_string()) {
            return fail("InvalidParameterValue", "Each tag needs a string Key and Value.");
        }
        TRIPLINE_TRY(check_length("Tags.member.Key", t["Key"].get<std::string>(), 1, 128));
        TRIPLINE_TRY(check_length("Tags.member.Value", t["Value"].get<std::string>(), 0, 256));
    }
    alarm.tags = *it;
    return ok_status();
}

// A Metrics list (metric math or anomaly detection): exactly one member returns data; every
// member has an Id and either MetricStat or Expression.
Status parse_metrics(const json& metrics, MetricAlarm& alarm) {
    if (!metrics.is_array() || metrics.empty()) {
        return fail("ValidationError", "The parameter Metrics must be a non-empty list.");
    }
    if (metrics.size() > 10) {
        return constraint(
            "Metrics", in_quotes(metrics.dump()), "have length less than or equal to 10");
    }
    int returning = 0;
    for (const json& m : metrics) {
        if (!m.is_object() || !m.contains("Id") || !m["Id"].is_string()) {
            return fail("ValidationError", "Each member of Metrics needs an Id.");
        }
        const bool stat = m.contains("MetricStat");
        const bool expr = m.contains("Expression");
        if (stat == expr) {
            return fail("ValidationError",
                        "Exactly one of MetricStat and Expression must be set for Id " +
                            m["Id"].get<std::string>() + ".");
        }
        if (m.value("ReturnData", true) == true) {
            ++returning;
        }
    }
    if (alarm.threshold_metric_id.empty() && returning != 1) {
        return fail("ValidationError",
                    "Exactly one element of the metrics list should return data.");
    }
    if (!alarm.threshold_metric_id.empty()) {
        bool found = std::any_of(metrics.begin(), metrics.end(), [&](const json& m) {
            return m["Id"] == alarm.threshold_metric_id;
        });
        if (!found) {
            return fail("ValidationError",
                        "ThresholdMetricId " + alarm.threshold_metric_id +
                            " must be the Id of a member of Metrics.");
        }
    }
    alarm.metrics = metrics;
    return ok_status();
}

}  // namespace tripline::metrics::detail
