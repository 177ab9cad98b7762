#include "api/recorded_names.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace tripline::api {

nlohmann::json lower_camel_keys(const nlohmann::json& value,
                                std::span<const std::string_view> verbatim_maps) {
    if (value.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& element : value) {
            out.push_back(lower_camel_keys(element, verbatim_maps));
        }
        return out;
    }
    if (!value.is_object()) {
        return value;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : value.items()) {
        std::string name = key;
        if (!name.empty()) {
            name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
        }
        const bool verbatim =
            std::find(verbatim_maps.begin(), verbatim_maps.end(), key) != verbatim_maps.end();
        out[name] = verbatim ? member : lower_camel_keys(member, verbatim_maps);
    }
    return out;
}

}  // namespace tripline::api
