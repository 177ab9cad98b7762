#include "notify/queue_message.h"

#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "notify/queue_message_md5.h"

namespace tripline::notify {

namespace {

bool allowed_code_point(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i]))) {
            return false;
        }
    }
    return true;
}

bool valid_attribute_name(std::string_view name) {
    if (name.empty() || name.size() > 256 || name.front() == '.' || name.back() == '.' ||
        name.find("..") != std::string_view::npos || starts_with_ignoring_case(name, "AWS.") ||
        starts_with_ignoring_case(name, "Amazon.")) {
        return false;
    }
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
            return false;
        }
    }
    return true;
}

// "String", "Number" or "Binary", alone or followed by ".label".
std::string_view base_type(std::string_view data_type) {
    for (std::string_view base : {"String", "Number", "Binary"}) {
        if (data_type == base ||
            (data_type.starts_with(base) && data_type.size() > base.size() + 1 &&
             data_type[base.size()] == '.')) {
            return base;
        }
    }
    return {};
}

bool is_number(std::string_view text) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        ++i;
    }
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        ++i;
        ++digits;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        std::size_t exponent_digits = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
            ++exponent_digits;
        }
        if (exponent_digits == 0) {
            return false;
        }
    }
    return i == text.size();
}

}  // namespace

std::optional<std::size_t> find_invalid_message_character(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::uint32_t c = 0;
        std::size_t length = 0;
        if (lead < 0x80) {
            c = lead;
            length = 1;
        } else if ((lead & 0xE0) == 0xC0) {
            c = lead & 0x1F;
            length = 2;
        } else if ((lead & 0xF0) == 0xE0) {
            c = lead & 0x0F;
            length = 3;
        } else if ((lead & 0xF8) == 0xF0) {
            c = lead & 0x07;
            length = 4;
        } else {
            return i;
        }
        if (i + length > text.size()) {
            return i;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return i;
            }
            c = (c << 6) | (next & 0x3F);
        }
        // Overlong encodings and surrogates are not well-formed UTF-8.
        const bool overlong =
            (length == 2 && c < 0x80) || (length == 3 && c < 0x800) || (length == 4 && c < 0x10000);
        if (overlong || !allowed_code_point(c)) {
            return i;
        }
        i += length;
    }
    return std::nullopt;
}

Status validate_message_attributes(const std::vector<QueueMessageAttribute>& attributes) {
    if (attributes.size() > kMaxMessageAttributes) {
        return make_error(Errc::kInvalidArgument,
                          "Number of message attributes [" + std::to_string(attributes.size()) +
                              "] exceeds the allowed maximum [" +
                              std::to_string(kMaxMessageAttributes) + "].");
    }
    for (std::size_t i = 0; i < attributes.size(); ++i) {
        const QueueMessageAttribute& a = attributes[i];
        if (!valid_attribute_name(a.name)) {
            return make_error(Errc::kInvalidArgument,
                              "Message (user) attribute name '" + a.name +
                                  "' is invalid. Names are 1-256 characters of A-Z, a-z, 0-9, "
                                  "'_', '-' and '.', must not start with 'AWS.' or 'Amazon.', "
                                  "and must not start or end with '.' or hold '..'.");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (attributes[j].name == a.name) {
                return make_error(
                    Errc::kInvalidArgument,
                    "Message (user) attribute name '" + a.name + "' is used more than once.");
            }
        }
        std::string_view base = base_type(a.data_type);
        if (base.empty()) {
            return make_error(Errc::kInvalidArgument,
                              "The type of message (user) attribute '" + a.name +
                                  "' is invalid. You must use only the following supported type "
                                  "prefixes: Binary, Number, String.");
        }
        if (a.value.empty()) {
            return make_error(Errc::kInvalidArgument,
                              "The message attribute '" + a.name +
                                  "' must contain non-empty message attribute value for message "
                                  "attribute type '" +
                                  std::string(base) + "'.");
        }
        if (base == "Number" && !is_number(a.value)) {
            return make_error(
                Errc::kInvalidArgument,
                "Can't cast the value of message (user) attribute '" + a.name + "' to a number.");
        }
        if (base == "Binary" && !base64_decode(a.value)) {
            return make_error(Errc::kInvalidArgument,
                              "The binary value of message (user) attribute '" + a.name +
                                  "' is not valid base64.");
        }
        if (base != "Binary" && find_invalid_message_character(a.value)) {
            return make_error(
                Errc::kInvalidArgument,
                "Message (user) attribute '" + a.name + "' must contain only valid characters.");
        }
    }
    return ok_status();
}

std::size_t message_size(std::string_view body,
                         const std::vector<QueueMessageAttribute>& attributes) {
    std::size_t size = body.size();
    for (const auto& a : attributes) {
        size += a.name.size() + a.data_type.size();
        if (a.data_type.starts_with("Binary")) {
            auto bytes = base64_decode(a.value);
            size += bytes ? bytes->size() : a.value.size();
        } else {
            size += a.value.size();
        }
    }
    return size;
}

std::string message_attributes_to_json(const std::vector<QueueMessageAttribute>& attributes) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : attributes) {
        out.push_back({{"Name", a.name}, {"DataType", a.data_type}, {"Value", a.value}});
    }
    return out.dump();
}

Result<std::vector<QueueMessageAttribute>> message_attributes_from_json(std::string_view json) {
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array()) {
        return make_error(Errc::kInternal, "stored message attributes are not a JSON array");
    }
    std::vector<QueueMessageAttribute> out;
    for (const auto& item : parsed) {
        if (!item.is_object() || !item.value("Name", nlohmann::json()).is_string() ||
            !item.value("DataType", nlohmann::json()).is_string() ||
            !item.value("Value", nlohmann::json()).is_string()) {
            return make_error(Errc::kInternal, "a stored message attribute is malformed");
        }
        out.push_back({item["Name"].get<std::string>(),
                       item["DataType"].get<std::string>(),
                       item["Value"].get<std::string>()});
    }
    return out;
}

bool message_attribute_selected(std::string_view name, const std::vector<std::string>& selectors) {
    for (const std::string& selector : selectors) {
        if (selector == "All" || selector == ".*" || selector == name) {
            return true;
        }
        if (selector.size() > 2 && selector.ends_with(".*") &&
            name.starts_with(std::string_view(selector).substr(0, selector.size() - 1))) {
            return true;
        }
    }
    return false;
}

}  // namespace tripline::notify
