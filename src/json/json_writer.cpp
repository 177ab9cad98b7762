#include "json/json_writer.h"

#include <array>
#include <cassert>
#include <charconv>

#include "json/number.h"

namespace tripline::json {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Whether byte c needs handling beyond copying: '"', '\\', control characters and non-ASCII bytes
// (which are validated).
constexpr std::array<bool, 256> make_special_table() {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) {
        table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
    }
    return table;
}
constexpr std::array<bool, 256> kSpecial = make_special_table();

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence starting at s[i] (a non-ASCII lead byte), or 0 when the bytes
// there are not one (bad lead, truncated, overlong, surrogate, beyond U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    const std::size_t left = s.size() - i;
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        return left >= 2 && is_continuation(at(1)) ? 2 : 0;
    }
    if (c0 >= 0xE0 && c0 <= 0xEF) {
        if (left < 3 || !is_continuation(at(1)) || !is_continuation(at(2))) {
            return 0;
        }
        if (c0 == 0xE0 && at(1) < 0xA0) {
            return 0;  // overlong
        }
        if (c0 == 0xED && at(1) >= 0xA0) {
            return 0;  // UTF-16 surrogate
        }
        return 3;
    }
    if (c0 >= 0xF0 && c0 <= 0xF4) {
        if (left < 4 || !is_continuation(at(1)) || !is_continuation(at(2)) ||
            !is_continuation(at(3))) {
            return 0;
        }
        if (c0 == 0xF0 && at(1) < 0x90) {
            return 0;  // overlong
        }
        if (c0 == 0xF4 && at(1) >= 0x90) {
            return 0;  // beyond U+10FFFF
        }
        return 4;
    }
    return 0;
}

void append_control(std::string& out, unsigned char c) {
    switch (c) {
        case '\b':
            out += "\\b";
            return;
        case '\f':
            out += "\\f";
            return;
        case '\n':
            out += "\\n";
            return;
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        default: {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
}

template <typename T>
void append_integer(std::string& out, T value) {
    std::array<char, 24> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    (void)ec;  // 24 bytes hold any 64-bit integer
    out.append(buf.data(), end);
}

}  // namespace

void append_escaped_string(std::string& out, std::string_view value) {
    out += '"';
    std::size_t i = 0;
    const std::size_t n = value.size();
    while (i < n) {
        // Copy the run of bytes that need nothing in one go.
        std::size_t run = i;
        while (run < n && !kSpecial[static_cast<unsigned char>(value[run])]) {
            ++run;
        }
        out.append(value.data() + i, run - i);
        i = run;
        if (i >= n) {
            break;
        }
        const auto c = static_cast<unsigned char>(value[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
            ++i;
        } else if (c < 0x20) {
            append_control(out, c);
            ++i;
        } else {
            std::size_t len = utf8_sequence_length(value, i);
            if (len == 0) {
                out += kReplacement;
                ++i;
            } else {
                out.append(value.data() + i, len);
                i += len;
            }
        }
    }
    out += '"';
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!stack_.empty()) {
        if (stack_.back()) {
            out_ += ',';
        }
        stack_.back() = true;
    }
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    stack_.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    assert(!stack_.empty() && !after_key_);
    stack_.pop_back();
    out_ += '}';
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    stack_.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    assert(!stack_.empty() && !after_key_);
    stack_.pop_back();
    out_ += ']';
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    assert(!stack_.empty() && !after_key_);
    if (stack_.back()) {
        out_ += ',';
    }
    stack_.back() = true;
    append_escaped_string(out_, name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
    before_value();
    append_escaped_string(out_, value);
    return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
    before_value();
    append_integer(out_, value);
    return *this;
}

JsonWriter& JsonWriter::number(std::uint64_t value) {
    before_value();
    append_integer(out_, value);
    return *this;
}

JsonWriter& JsonWriter::number(double value) {
    before_value();
    append_number(out_, value);
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    before_value();
    out_ += value ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    out_ += json;
    return *this;
}

JsonWriter& JsonWriter::element(simdjson::dom::element value) {
    before_value();
    append_json(out_, value);
    return *this;
}

void append_json(std::string& out, simdjson::dom::element element) {
    using simdjson::dom::element_type;
    switch (element.type()) {
        case element_type::OBJECT: {
            out += '{';
            bool first = true;
            simdjson::dom::object object;
            if (element.get(object) != simdjson::SUCCESS) {
                return;  // cannot happen: the type was checked
            }
            for (auto field : object) {
                if (!first) {
                    out += ',';
                }
                first = false;
                append_escaped_string(out, field.key);
                out += ':';
                append_json(out, field.value);
            }
            out += '}';
            return;
        }
        case element_type::ARRAY: {
            out += '[';
            bool first = true;
            simdjson::dom::array array;
            if (element.get(array) != simdjson::SUCCESS) {
                return;  // cannot happen: the type was checked
            }
            for (auto item : array) {
                if (!first) {
                    out += ',';
                }
                first = false;
                append_json(out, item);
            }
            out += ']';
            return;
        }
        case element_type::STRING:
            append_escaped_string(out, element.get_string().value_unsafe());
            return;
        case element_type::INT64:
            append_integer(out, element.get_int64().value_unsafe());
            return;
        case element_type::UINT64:
            append_integer(out, element.get_uint64().value_unsafe());
            return;
        case element_type::DOUBLE:
            append_number(out, element.get_double().value_unsafe());
            return;
        case element_type::BOOL:
            out += element.get_bool().value_unsafe() ? "true" : "false";
            return;
        case element_type::NULL_VALUE:
            out += "null";
            return;
    }
}

std::string to_json(simdjson::dom::element element) {
    std::string out;
    append_json(out, element);
    return out;
}

}  // namespace tripline::json
