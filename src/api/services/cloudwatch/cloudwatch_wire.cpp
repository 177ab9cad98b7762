#include "api/services/cloudwatch/cloudwatch_wire.h"

#include <array>
#include <cmath>
#include <cstdlib>

#include "api/xml_writer.h"

namespace tripline::api::services::cloudwatch {

namespace {

bool is_numeric_member(std::string_view name) {
    static constexpr std::array<std::string_view, 14> kNumbers = {"Period",
                                                                  "EvaluationPeriods",
                                                                  "DatapointsToAlarm",
                                                                  "Threshold",
                                                                  "Value",
                                                                  "SampleCount",
                                                                  "Sum",
                                                                  "Minimum",
                                                                  "Maximum",
                                                                  "MaxRecords",
                                                                  "MaxDatapoints",
                                                                  "StorageResolution",
                                                                  "Values",
                                                                  "Counts"};
    for (std::string_view n : kNumbers) {
        if (n == name) {
            return true;
        }
    }
    return false;
}

bool is_boolean_member(std::string_view name) {
    return name == "ActionsEnabled" || name == "ReturnData";
}

nlohmann::json typed(std::string_view member, const std::string& text) {
    if (is_numeric_member(member)) {
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(v)) {
            if (v == std::floor(v) && std::fabs(v) < 9e15 &&
                text.find_first_of(".eE") == std::string::npos) {
                return static_cast<std::int64_t>(v);
            }
            return v;
        }
        return text;  // the operation refuses it
    }
    if (is_boolean_member(member)) {
        if (text == "true") {
            return true;
        }
        if (text == "false") {
            return false;
        }
    }
    return text;
}

// Sets `value` at the path `a.member.1.b` in `root`, creating objects and arrays.
// `budget` bounds the list slots a form may create (sparse indexes pad lists with nulls).
void set_path(nlohmann::json& root,
              std::string_view key,
              const std::string& value,
              std::size_t& budget) {
    nlohmann::json* node = &root;
    std::string_view last_name;
    // Dimension and tag values are text, whatever their member name.
    const bool text_only = key.find("Dimensions.") != std::string_view::npos ||
                           key.find("Tags.") != std::string_view::npos;
    while (!key.empty()) {
        std::size_t dot = key.find('.');
        std::string_view part = key.substr(0, dot);
        key = dot == std::string_view::npos ? std::string_view() : key.substr(dot + 1);
        if (part == "member") {
            std::size_t next = key.find('.');
            std::string_view index_text = key.substr(0, next);
            key = next == std::string_view::npos ? std::string_view() : key.substr(next + 1);
            const long index = std::strtol(std::string(index_text).c_str(), nullptr, 10);
            if (index < 1 || index > 1000) {
                return;
            }
            if (!node->is_array()) {
                *node = nlohmann::json::array();
            }
            while (node->size() < static_cast<std::size_t>(index)) {
                if (budget == 0) {
                    return;
                }
                --budget;
                node->push_back(nullptr);
            }
            node = &(*node)[static_cast<std::size_t>(index - 1)];
            continue;
        }
        if (!node->is_object()) {
            *node = nlohmann::json::object();
        }
        node = &(*node)[std::string(part)];
        last_name = part;
    }
    *node = text_only ? nlohmann::json(value) : typed(last_name, value);
}

void write_xml(XmlWriter& xml, const nlohmann::json& value) {
    for (const auto& [name, v] : value.items()) {
        if (v.is_null()) {
            continue;
        }
        xml.open(name);
        if (name == "ExtendedStatistics" && v.is_object()) {
            // A map: <entry><key/><value/></entry>.
            for (const auto& [key, stat] : v.items()) {
                xml.open("entry").element("key", key).element("value", stat.dump()).close("entry");
            }
        } else if (v.is_array()) {
            for (const auto& item : v) {
                xml.open("member");
                if (item.is_object()) {
                    write_xml(xml, item);
                } else if (item.is_string()) {
                    xml.raw(xml_escape(item.get<std::string>()));
                } else {
                    xml.raw(xml_escape(item.dump()));
                }
                xml.close("member");
            }
        } else if (v.is_object()) {
            write_xml(xml, v);
        } else if (v.is_string()) {
            xml.raw(xml_escape(v.get<std::string>()));
        } else {
            xml.raw(xml_escape(v.dump()));
        }
        xml.close(name);
    }
}

}  // namespace

nlohmann::json query_form_to_input(const QueryForm& form) {
    nlohmann::json input = nlohmann::json::object();
    std::size_t budget = 2 * kMaxQueryParameters;
    for (const auto& [key, value] : form.pairs()) {
        if (key == "Action" || key == "Version") {
            continue;
        }
        set_path(input, key, value, budget);
    }
    return input;
}

std::string output_to_result_xml(const nlohmann::json& output) {
    XmlWriter xml;
    write_xml(xml, output);
    return xml.take();
}

std::optional<TimePoint> parse_timestamp(const nlohmann::json& value) {
    if (value.is_number()) {
        const double s = value.get<double>();
        if (!std::isfinite(s)) {
            return std::nullopt;
        }
        return TimePoint(
            std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(s)));
    }
    if (value.is_string()) {
        TimePoint t;
        if (parse_iso8601(value.get<std::string>(), t)) {
            return t;
        }
        // Epoch seconds as text.
        const std::string text = value.get<std::string>();
        char* end = nullptr;
        double s = std::strtod(text.c_str(), &end);
        if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(s)) {
            return TimePoint(
                std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(s)));
        }
    }
    return std::nullopt;
}

}  // namespace tripline::api::services::cloudwatch
