#include "logs/log_model.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "base/standard_units.h"

namespace tripline::logs {

CodedError invalid_parameter(std::string message) {
    return coded_error("InvalidParameterException", std::move(message));
}

std::string log_group_arn(std::string_view region,
                          std::string_view account_id,
                          std::string_view name) {
    std::string arn = "arn:aws:logs:";
    arn += region;
    arn += ':';
    arn += account_id;
    arn += ":log-group:";
    arn += name;
    return arn;
}

std::string LogGroup::arn() const { return log_group_arn(region, account_id, name); }

std::optional<ParsedGroupArn> parse_log_group_arn(std::string_view arn) {
    // arn:<partition>:logs:<region>:<account>:log-group:<name>[:*]
    std::array<std::string_view, 6> parts;
    std::string_view rest = arn;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        parts[i] = rest.substr(0, colon);
        rest.remove_prefix(colon + 1);
    }
    if (parts[0] != "arn" || parts[2] != "logs" || parts[5] != "log-group" || parts[3].empty() ||
        parts[4].empty()) {
        return std::nullopt;
    }
    if (rest.ends_with(":*")) {
        rest.remove_suffix(2);
    }
    if (rest.empty() || check_group_name(rest, "logGroupName")) {
        return std::nullopt;
    }
    return ParsedGroupArn{std::string(parts[3]), std::string(parts[4]), std::string(rest)};
}

std::optional<CodedError> check_group_name(std::string_view name, std::string_view member) {
    const bool valid_chars = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ||
               c == '_' || c == '/' || c == '#';
    });
    if (name.empty() || name.size() > 512 || !valid_chars) {
        return invalid_parameter("1 validation error detected: Value '" + std::string(name) +
                                 "' at '" + std::string(member) +
                                 "' failed to satisfy constraint: Member must satisfy regular "
                                 "expression pattern: [\\.\\-_/#A-Za-z0-9]+");
    }
    return std::nullopt;
}

std::optional<CodedError> check_stream_name(std::string_view name) {
    if (name.empty() || name.size() > 512 || name.find_first_of(":*") != std::string_view::npos) {
        return invalid_parameter("1 validation error detected: Value '" + std::string(name) +
                                 "' at 'logStreamName' failed to satisfy constraint: Member must "
                                 "satisfy regular expression pattern: [^:*]*");
    }
    return std::nullopt;
}

std::optional<CodedError> check_filter_name(std::string_view name) {
    if (name.empty() || name.size() > 512 || name.find_first_of(":*") != std::string_view::npos) {
        return invalid_parameter("1 validation error detected: Value '" + std::string(name) +
                                 "' at 'filterName' failed to satisfy constraint: Member must "
                                 "satisfy regular expression pattern: [^:*]*");
    }
    return std::nullopt;
}

std::optional<CodedError> check_retention_days(int days) {
    static constexpr std::array kAllowed = {1,    3,    5,    7,    14,   30,  60,  90,
                                            120,  150,  180,  365,  400,  545, 731, 1096,
                                            1827, 2192, 2557, 2922, 3288, 3653};
    if (std::find(kAllowed.begin(), kAllowed.end(), days) == kAllowed.end()) {
        return invalid_parameter("1 validation error detected: Value '" + std::to_string(days) +
                                 "' at 'retentionInDays' failed to satisfy constraint: Member "
                                 "must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, "
                                 "150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, "
                                 "3288, 3653]");
    }
    return std::nullopt;
}

namespace {

bool is_number(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    std::string s(text);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && std::isfinite(v);
}

}  // namespace

std::optional<CodedError> check_transformation(const MetricTransformation& t,
                                               const filter_pattern::FilterPattern& pattern) {
    if (t.metric_name.empty() || t.metric_name.size() > 255 ||
        t.metric_name.find_first_of(":*$") != std::string::npos) {
        return invalid_parameter("Invalid metric name: " + t.metric_name);
    }
    if (t.metric_namespace.empty() || t.metric_namespace.size() > 255 ||
        t.metric_namespace.find_first_of(":*$") != std::string::npos) {
        return invalid_parameter("Invalid metric namespace: " + t.metric_namespace);
    }
    if (t.metric_value.empty() || t.metric_value.size() > 100) {
        return invalid_parameter("Invalid metric value: " + t.metric_value);
    }
    if (!is_number(t.metric_value)) {
        if (!t.metric_value.starts_with("$")) {
            return invalid_parameter("Invalid metric value: " + t.metric_value);
        }
        if (auto checked = pattern.check_selector(t.metric_value); !checked) {
            return invalid_parameter("Invalid metric value " + t.metric_value + ": " +
                                     checked.error().message);
        }
    }
    if (!t.dimensions.empty()) {
        if (t.default_value) {
            return invalid_parameter(
                "Invalid metric transformation: a metric filter with dimensions cannot have a "
                "default value");
        }
        if (t.dimensions.size() > 3) {
            return coded_error("LimitExceededException",
                               "A metric transformation can have at most 3 dimensions");
        }
        for (const auto& [name, selector] : t.dimensions) {
            if (name.empty() || name.size() > 255) {
                return invalid_parameter("Invalid dimension name: " + name);
            }
            if (auto checked = pattern.check_selector(selector); !checked) {
                return invalid_parameter("Invalid dimension value " + selector + " for " + name +
                                         ": " + checked.error().message);
            }
        }
    }
    if (!t.unit.empty() && !is_standard_unit(t.unit)) {
        return invalid_parameter("1 validation error detected: Value '" + t.unit +
                                 "' at 'metricTransformations.1.member.unit' failed to satisfy "
                                 "constraint: Member must satisfy enum value set of StandardUnit");
    }
    return std::nullopt;
}

nlohmann::json to_document(const LogGroup& group) {
    nlohmann::json doc = {{"name", group.name},
                          {"account_id", group.account_id},
                          {"region", group.region},
                          {"creation_ms", group.creation_ms},
                          {"tags", group.tags},
                          {"streams", nlohmann::json::object()},
                          {"metric_filters", nlohmann::json::array()}};
    if (group.retention_days) {
        doc["retention_days"] = *group.retention_days;
    }
    for (const auto& [name, stream] : group.streams) {
        doc["streams"][name] = stream.creation_ms;
    }
    for (const MetricFilter& f : group.metric_filters) {
        const MetricTransformation& t = f.transformation;
        nlohmann::json dims = nlohmann::json::array();
        for (const auto& [name, selector] : t.dimensions) {
            dims.push_back({name, selector});
        }
        nlohmann::json jf = {{"name", f.name},
                             {"pattern", f.pattern_text},
                             {"creation_ms", f.creation_ms},
                             {"metric_name", t.metric_name},
                             {"metric_namespace", t.metric_namespace},
                             {"metric_value", t.metric_value},
                             {"dimensions", dims},
                             {"unit", t.unit}};
        if (t.default_value) {
            jf["default_value"] = *t.default_value;
        }
        doc["metric_filters"].push_back(std::move(jf));
    }
    return doc;
}

std::optional<LogGroup> from_document(const nlohmann::json& doc) {
    try {
        LogGroup g;
        g.name = doc.at("name").get<std::string>();
        g.account_id = doc.at("account_id").get<std::string>();
        g.region = doc.at("region").get<std::string>();
        g.creation_ms = doc.at("creation_ms").get<std::int64_t>();
        if (doc.contains("retention_days")) {
            g.retention_days = doc["retention_days"].get<int>();
        }
        g.tags = doc.value("tags", std::map<std::string, std::string>{});
        const nlohmann::json streams = doc.value("streams", nlohmann::json::object());
        for (const auto& [name, created] : streams.items()) {
            g.streams[name] = LogStream{name, created.get<std::int64_t>()};
        }
        const nlohmann::json filters = doc.value("metric_filters", nlohmann::json::array());
        for (const auto& jf : filters) {
            auto pattern =
                filter_pattern::FilterPattern::parse(jf.at("pattern").get<std::string>());
            if (!pattern) {
                return std::nullopt;
            }
            MetricTransformation t;
            t.metric_name = jf.at("metric_name").get<std::string>();
            t.metric_namespace = jf.at("metric_namespace").get<std::string>();
            t.metric_value = jf.at("metric_value").get<std::string>();
            if (jf.contains("default_value")) {
                t.default_value = jf["default_value"].get<double>();
            }
            for (const auto& d : jf.value("dimensions", nlohmann::json::array())) {
                t.dimensions.emplace_back(d.at(0).get<std::string>(), d.at(1).get<std::string>());
            }
            t.unit = jf.value("unit", "");
            g.metric_filters.push_back(MetricFilter{jf.at("name").get<std::string>(),
                                                    jf.at("pattern").get<std::string>(),
                                                    std::move(t),
                                                    jf.value("creation_ms", std::int64_t{0}),
                                                    std::move(*pattern)});
        }
        return g;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

}  // namespace tripline::logs
