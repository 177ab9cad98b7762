#include "discover/macie_json.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

Status string_list(const json& input, const char* member, std::vector<std::string>& out) {
    auto it = input.find(member);
    if (it == input.end() || it->is_null()) {
        return ok_status();
    }
    if (!it->is_array()) {
        return make_error(Errc::kInvalidArgument,
                          std::string(member) + " must be a list of strings");
    }
    for (const json& v : *it) {
        if (!v.is_string()) {
            return make_error(Errc::kInvalidArgument,
                              std::string(member) + " must be a list of strings");
        }
        out.push_back(v.get<std::string>());
    }
    return ok_status();
}

Result<scan::Severity> severity_of(const json& value) {
    if (value == "LOW") {
        return scan::Severity::kLow;
    }
    if (value == "MEDIUM") {
        return scan::Severity::kMedium;
    }
    if (value == "HIGH") {
        return scan::Severity::kHigh;
    }
    return make_error(Errc::kInvalidArgument,
                      "severityLevels[].severity must be LOW, MEDIUM or HIGH");
}

const char* severity_wire(scan::Severity s) {
    switch (s) {
        case scan::Severity::kLow:
            return "LOW";
        case scan::Severity::kMedium:
            return "MEDIUM";
        case scan::Severity::kHigh:
            break;
    }
    return "HIGH";
}

}  // namespace

Result<scan::CustomIdentifierSpec> custom_spec_from_json(const json& input) {
    scan::CustomIdentifierSpec spec;
    if (!input.is_object()) {
        return make_error(Errc::kInvalidArgument, "the request body must be a JSON object");
    }
    const json name = input.value("name", json());
    const json regex = input.value("regex", json());
    if (!name.is_string()) {
        return make_error(Errc::kInvalidArgument, "name is required");
    }
    if (!regex.is_string()) {
        return make_error(Errc::kInvalidArgument, "regex is required");
    }
    spec.name = name.get<std::string>();
    spec.regex = regex.get<std::string>();
    TRIPLINE_TRY(string_list(input, "keywords", spec.keywords));
    TRIPLINE_TRY(string_list(input, "ignoreWords", spec.ignore_words));
    if (auto it = input.find("maximumMatchDistance"); it != input.end() && !it->is_null()) {
        if (!it->is_number_integer()) {
            return make_error(Errc::kInvalidArgument, "maximumMatchDistance must be an integer");
        }
        spec.maximum_match_distance = it->get<int>();
    }
    if (auto it = input.find("severityLevels"); it != input.end() && !it->is_null()) {
        if (!it->is_array()) {
            return make_error(Errc::kInvalidArgument, "severityLevels must be a list");
        }
        for (const json& level : *it) {
            if (!level.is_object() ||
                !level.value("occurrencesThreshold", json()).is_number_integer() ||
                level["occurrencesThreshold"].get<std::int64_t>() < 1) {
                return make_error(
                    Errc::kInvalidArgument,
                    "severityLevels[].occurrencesThreshold must be a positive integer");
            }
            TRIPLINE_ASSIGN_OR_RETURN(scan::Severity severity,
                                      severity_of(level.value("severity", json())));
            spec.severity_levels.push_back(
                scan::SeverityLevel{level["occurrencesThreshold"].get<std::uint64_t>(), severity});
        }
    }
    return spec;
}

json custom_spec_to_json(const scan::CustomIdentifierSpec& spec) {
    json levels = json::array();
    for (const scan::SeverityLevel& level : spec.severity_levels) {
        levels.push_back(json{{"occurrencesThreshold", level.occurrences_threshold},
                              {"severity", severity_wire(level.severity)}});
    }
    if (levels.empty()) {
        levels.push_back(
            json{{"occurrencesThreshold", 1}, {"severity", "MEDIUM"}});  // macie.md §6 default
    }
    return json{{"arn", spec.arn},
                {"id", spec.id},
                {"name", spec.name},
                {"regex", spec.regex},
                {"keywords", spec.keywords},
                {"ignoreWords", spec.ignore_words},
                {"maximumMatchDistance", spec.maximum_match_distance},
                {"severityLevels", levels}};
}

}  // namespace tripline::discover
