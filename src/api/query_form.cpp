#include "api/query_form.h"

#include <cctype>
#include <map>

#include "base/encoding.h"

namespace tripline::api {

namespace {

bool is_index(std::string_view s) {
    if (s.empty() || s.size() > 6) {
        return false;
    }
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

std::vector<std::string_view> split_dots(std::string_view name) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = name.find('.', start);
        parts.push_back(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts;
}

// Inserts `value` at the dotted path into `node`, building arrays for `member.N` and objects for
// `entry.N.key/value` (collected per index, then folded into maps by finish_maps()).
void insert(nlohmann::json& node,
            const std::vector<std::string_view>& parts,
            std::size_t i,
            const std::string& value) {
    if (i >= parts.size()) {
        node = value;
        return;
    }
    std::string_view part = parts[i];
    if ((part == "member" || part == "entry") && i + 1 < parts.size() && is_index(parts[i + 1])) {
        // Lists and maps are keyed by index first; "__list__"/"__map__" mark which to build.
        if (!node.is_object()) {
            node = nlohmann::json::object();
        }
        nlohmann::json& slot =
            node[part == "member" ? "__list__" : "__map__"][std::string(parts[i + 1])];
        insert(slot, parts, i + 2, value);
        return;
    }
    if (!node.is_object()) {
        node = nlohmann::json::object();
    }
    std::string key = lower_camel(part);
    insert(node[key], parts, i + 1, value);
}

nlohmann::json finish(const nlohmann::json& node) {
    if (!node.is_object()) {
        return node;
    }
    if (node.contains("__list__")) {
        std::map<int, nlohmann::json> ordered;
        for (const auto& [index, item] : node["__list__"].items()) {
            ordered[std::stoi(index)] = finish(item);
        }
        nlohmann::json array = nlohmann::json::array();
        for (auto& [index, item] : ordered) {
            array.push_back(std::move(item));
        }
        return array;
    }
    if (node.contains("__map__")) {
        nlohmann::json map = nlohmann::json::object();
        std::map<int, nlohmann::json> ordered;
        for (const auto& [index, item] : node["__map__"].items()) {
            ordered[std::stoi(index)] = item;
        }
        for (auto& [index, item] : ordered) {
            // SNS uses key/value; message attributes use Name/Value.
            const nlohmann::json* key = item.contains("key")    ? &item["key"]
                                        : item.contains("name") ? &item["name"]
                                                                : nullptr;
            const nlohmann::json* value = item.contains("value") ? &item["value"] : nullptr;
            if (key != nullptr && key->is_string()) {
                map[key->get<std::string>()] = value != nullptr ? finish(*value) : nullptr;
            }
        }
        return map;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : node.items()) {
        out[key] = finish(item);
    }
    return out;
}

}  // namespace

Result<std::string> url_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            int hi = i + 1 < text.size() ? hex_digit_value(text[i + 1]) : -1;
            int lo = i + 2 < text.size() ? hex_digit_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                return make_error(Errc::kInvalidArgument, "malformed percent-escape in form data");
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string lower_camel(std::string_view name) {
    std::string out(name);
    if (!out.empty()) {
        out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    }
    return out;
}

Result<QueryForm> QueryForm::parse(std::string_view text) {
    QueryForm form;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t amp = text.find('&', start);
        std::string_view pair = text.substr(
            start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!pair.empty()) {
            if (form.pairs_.size() >= kMaxQueryParameters) {
                return make_error(Errc::kLimitExceeded, "too many form parameters");
            }
            std::size_t eq = pair.find('=');
            TRIPLINE_ASSIGN_OR_RETURN(std::string name, url_decode(pair.substr(0, eq)));
            std::string value;
            if (eq != std::string_view::npos) {
                TRIPLINE_ASSIGN_OR_RETURN(value, url_decode(pair.substr(eq + 1)));
            }
            form.pairs_.emplace_back(std::move(name), std::move(value));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    return form;
}

std::optional<std::string_view> QueryForm::get(std::string_view name) const {
    for (const auto& [k, v] : pairs_) {
        if (k == name) {
            return std::string_view(v);
        }
    }
    return std::nullopt;
}

nlohmann::json QueryForm::to_request_parameters() const {
    nlohmann::json root = nlohmann::json::object();
    for (const auto& [name, value] : pairs_) {
        if (name == "Action" || name == "Version" || name.empty()) {
            continue;
        }
        insert(root, split_dots(name), 0, value);
    }
    if (root.empty()) {
        return nullptr;
    }
    return finish(root);
}

}  // namespace tripline::api
