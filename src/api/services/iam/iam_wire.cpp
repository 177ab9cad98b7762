#include "api/services/iam/iam_wire.h"

#include <ctime>

#include "api/xml_writer.h"
#include "base/clock.h"

namespace tripline::api::services::iam_wire {

ApiError to_api(const CodedError& error) {
    if (error.status >= 500) {
        return ApiError{500, "ServiceFailure", error.message, false};
    }
    return ApiError{error.status, error.code, error.message};
}

ApiError missing(const std::string& member) {
    std::string camel = member;
    camel[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(camel[0])));
    return ApiError{400,
                    "ValidationError",
                    "1 validation error detected: Value null at '" + camel +
                        "' failed to satisfy constraint: Member must not be null"};
}

std::optional<std::string> get(const ApiCall& call, const std::string& name) {
    auto v = call.form.get(name);
    if (!v) {
        return std::nullopt;
    }
    return std::string(*v);
}

std::string get_or(const ApiCall& call, const std::string& name, const std::string& fallback) {
    return get(call, name).value_or(fallback);
}

std::vector<std::string> members(const ApiCall& call, const std::string& name) {
    std::vector<std::string> out;
    for (int i = 1; i <= 1000; ++i) {
        auto v = call.form.get(name + ".member." + std::to_string(i));
        if (!v) {
            break;
        }
        out.emplace_back(*v);
    }
    return out;
}

iam::Tags tags(const ApiCall& call) {
    iam::Tags out;
    for (int i = 1; i <= 1000; ++i) {
        const std::string base = "Tags.member." + std::to_string(i);
        auto key = call.form.get(base + ".Key");
        if (!key) {
            break;
        }
        out.emplace_back(std::string(*key),
                         std::string(call.form.get(base + ".Value").value_or("")));
    }
    return out;
}

std::optional<bool> flag(const ApiCall& call, const std::string& name) {
    auto v = call.form.get(name);
    if (!v) {
        return std::nullopt;
    }
    return *v == "true" || *v == "True";
}

std::optional<int> integer(const ApiCall& call, const std::string& name) {
    auto v = call.form.get(name);
    if (!v || v->empty() || v->size() > 9) {
        return std::nullopt;
    }
    int out = 0;
    for (char c : *v) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        out = out * 10 + (c - '0');
    }
    return out;
}

std::string iam_date(TimePoint t) { return format_iso8601(t); }

Tree tags_tree(const iam::Tags& tags) {
    Tree out = Tree::array();
    for (const auto& [k, v] : tags) {
        out.push_back(Tree{{"Key", k}, {"Value", v}});
    }
    return out;
}

namespace {

void write(XmlWriter& xml, const std::string& name, const Tree& value) {
    if (value.is_object()) {
        xml.open(name);
        for (const auto& [k, v] : value.items()) {
            write(xml, k, v);
        }
        xml.close(name);
    } else if (value.is_array()) {
        xml.open(name);
        for (const auto& item : value) {
            write(xml, "member", item);
        }
        xml.close(name);
    } else if (value.is_boolean()) {
        xml.element(name, value.get<bool>() ? "true" : "false");
    } else if (value.is_string()) {
        xml.element(name, value.get<std::string>());
    } else if (!value.is_null()) {
        xml.element(name, value.dump());
    }
}

// "2026-11-28T17:46:31Z" → "Nov 28, 2026, 5:46:31 PM", the form IAM's CloudTrail records use.
std::string cloudtrail_date(const std::string& iso) {
    std::tm tm{};
    if (iso.size() < 19 || strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) {
        return iso;
    }
    static const char* kMonths[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int hour = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
    char buf[64];
    std::snprintf(buf,
                  sizeof buf,
                  "%s %d, %d, %d:%02d:%02d %s",
                  kMonths[tm.tm_mon],
                  tm.tm_mday,
                  tm.tm_year + 1900,
                  hour,
                  tm.tm_min,
                  tm.tm_sec,
                  tm.tm_hour < 12 ? "AM" : "PM");
    return buf;
}

nlohmann::json record_value(const std::string& key, const Tree& value) {
    if (value.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [k, v] : value.items()) {
            std::string camel = k;
            camel[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(camel[0])));
            out[camel] = record_value(k, v);
        }
        return out;
    }
    if (value.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : value) {
            out.push_back(record_value(key, item));
        }
        return out;
    }
    if (value.is_string() && key.ends_with("Date")) {
        return cloudtrail_date(value.get<std::string>());
    }
    return nlohmann::json::parse(value.dump());
}

}  // namespace

std::string to_xml(const Tree& tree) {
    XmlWriter xml;
    for (const auto& [k, v] : tree.items()) {
        write(xml, k, v);
    }
    return xml.take();
}

nlohmann::json recorded(const Tree& tree) {
    nlohmann::json out = record_value("", tree);
    if (out.is_object() && out.empty()) {
        return nullptr;
    }
    return out;
}

Page page_of(const ApiCall& call, std::size_t total) {
    Page p;
    std::size_t max_items = static_cast<std::size_t>(integer(call, "MaxItems").value_or(100));
    max_items = std::clamp<std::size_t>(max_items, 1, 1000);
    if (auto marker = integer(call, "Marker")) {
        p.begin = std::min<std::size_t>(static_cast<std::size_t>(*marker), total);
    }
    p.end = std::min(total, p.begin + max_items);
    p.truncated = p.end < total;
    if (p.truncated) {
        p.next_marker = std::to_string(p.end);
    }
    return p;
}

void add_paging(Tree& result, const Page& page) {
    result["IsTruncated"] = page.truncated;
    if (page.truncated) {
        result["Marker"] = page.next_marker;
    }
}

}  // namespace tripline::api::services::iam_wire
