#include "notify/topic_message.h"

#include <nlohmann/json.hpp>
#include <set>

#include "json/utf8.h"

namespace tripline::notify {

namespace {

Error invalid(std::string_view reason) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: " + std::string(reason));
}

Error invalid_value(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

bool is_number_text(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            ++i;
        }
        std::size_t exp = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
            ++exp;
        }
        if (exp == 0) {
            return false;
        }
    }
    return i == s.size();
}

bool is_base64(std::string_view s) {
    if (s.size() % 4 != 0) {
        return false;
    }
    std::size_t padding = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '+' || c == '/';
        if (c == '=') {
            ++padding;
        } else if (!alpha || padding > 0) {
            return false;
        }
    }
    return padding <= 2;
}

bool valid_attribute_name(std::string_view name) {
    if (name.empty() || name.size() > 256 || name.front() == '.' || name.back() == '.' ||
        name.find("..") != std::string_view::npos) {
        return false;
    }
    auto starts_ci = [&](std::string_view prefix) {
        if (name.size() < prefix.size()) {
            return false;
        }
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            char a = name[i];
            char b = prefix[i];
            if ((a | 0x20) != (b | 0x20)) {
                return false;
            }
        }
        return true;
    };
    if (starts_ci("aws.") || starts_ci("amazon.")) {
        return false;
    }
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

Status validate_subject(std::string_view subject) {
    if (subject.empty() || subject.size() > kMaxSubjectLength) {
        return invalid("Subject");
    }
    for (char ch : subject) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c > 0x7E) {
            return invalid("Subject");
        }
    }
    if (subject.front() == ' ') {
        return invalid("Subject");
    }
    return ok_status();
}

Status validate_message_attributes(const std::vector<SnsMessageAttribute>& attributes) {
    if (attributes.size() > kMaxMessageAttributes) {
        return invalid_value("Number of message attributes [" + std::to_string(attributes.size()) +
                             "] exceeds the allowed maximum [" +
                             std::to_string(kMaxMessageAttributes) + "].");
    }
    std::set<std::string_view> names;
    for (const SnsMessageAttribute& a : attributes) {
        if (!valid_attribute_name(a.name)) {
            return invalid_value("Invalid attribute name: '" + a.name +
                                 "'. Names may contain A-Z, a-z, 0-9, '_', '-' and '.', up to "
                                 "256 characters, and may not start with AWS. or Amazon.");
        }
        if (!names.insert(a.name).second) {
            return invalid_value("Message attribute name '" + a.name + "' is used more than once.");
        }
        std::string_view base = std::string_view(a.type).substr(0, a.type.find('.'));
        if (a.type.empty()) {
            return invalid_value("The message attribute '" + a.name +
                                 "' must contain non-empty message attribute type.");
        }
        if (base != "String" && base != "Number" && base != "Binary") {
            return invalid_value("The message attribute '" + a.name +
                                 "' has an invalid message attribute type, the set of supported "
                                 "type prefixes is Binary, Number, and String.");
        }
        if (a.value.empty()) {
            return invalid_value("The message attribute '" + a.name +
                                 "' must contain non-empty message attribute value for message "
                                 "attribute type '" +
                                 a.type + "'.");
        }
        if (base == "Number" && !is_number_text(a.value)) {
            return invalid_value("Could not cast message attribute '" + a.name +
                                 "' value to number.");
        }
        if (base == "Binary" && !is_base64(a.value)) {
            return invalid_value("The message attribute '" + a.name +
                                 "' must contain a base64-encoded binary value.");
        }
        if (a.type == "String.Array") {
            auto doc = nlohmann::json::parse(a.value, nullptr, false);
            bool ok = !doc.is_discarded() && doc.is_array();
            for (const auto& e : ok ? doc : nlohmann::json::array()) {
                ok = ok && (e.is_string() || e.is_number() || e.is_boolean() || e.is_null());
            }
            if (!ok) {
                return invalid_value("The message attribute '" + a.name +
                                     "' with type 'String.Array' must be a JSON array of "
                                     "strings, numbers, true, false or null.");
            }
        }
        if (base == "String" && !json::is_valid_utf8(a.value)) {
            return invalid_value("The message attribute '" + a.name + "' contains invalid UTF-8.");
        }
    }
    return ok_status();
}

const std::string& MessageVariants::for_protocol(std::string_view protocol) const {
    auto it = by_protocol_.find(protocol);
    return it == by_protocol_.end() ? default_ : it->second;
}

Result<MessageVariants> resolve_message(std::string_view message,
                                        std::string_view message_structure,
                                        const std::vector<SnsMessageAttribute>& attributes) {
    if (message.empty()) {
        return invalid("Empty message");
    }
    std::size_t size = message.size();
    for (const SnsMessageAttribute& a : attributes) {
        size += a.name.size() + a.type.size() + a.value.size();
    }
    if (size > kMaxMessageBytes) {
        return invalid("Message too long");
    }
    if (!json::is_valid_utf8(message)) {
        return invalid("Message Reason: the message is not valid UTF-8");
    }
    MessageVariants variants;
    if (message_structure.empty()) {
        variants.default_ = std::string(message);
        return variants;
    }
    if (message_structure != "json") {
        return invalid("MessageStructure");
    }
    auto doc = nlohmann::json::parse(message, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return invalid("Message Structure - JSON message body failed to parse");
    }
    auto def = doc.find("default");
    if (def == doc.end() || !def->is_string()) {
        return invalid("Message Structure - No default entry in JSON message body");
    }
    variants.default_ = def->get<std::string>();
    if (variants.default_.empty()) {
        return invalid("Empty message");
    }
    for (const auto& [key, value] : doc.items()) {
        // Keys for protocols other than the subscriber's are ignored, as are non-string values.
        if (key != "default" && value.is_string()) {
            variants.by_protocol_[key] = value.get<std::string>();
        }
    }
    return variants;
}

}  // namespace tripline::notify
