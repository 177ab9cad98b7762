#include "json/number.h"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace tripline::json {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Byte length of the JSON number at the start of `text` when the whole text is one, else 0.
std::size_t json_number_length(std::string_view text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    if (i < n && text[i] == '-') {
        ++i;
    }
    if (i >= n || !is_digit(text[i])) {
        return 0;
    }
    if (text[i] == '0') {
        ++i;
    } else {
        while (i < n && is_digit(text[i])) {
            ++i;
        }
    }
    if (i < n && text[i] == '.') {
        ++i;
        if (i >= n || !is_digit(text[i])) {
            return 0;
        }
        while (i < n && is_digit(text[i])) {
            ++i;
        }
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        if (i >= n || !is_digit(text[i])) {
            return 0;
        }
        while (i < n && is_digit(text[i])) {
            ++i;
        }
    }
    return i == n ? n : 0;
}

// Whether an out-of-range number is too small (underflow) rather than too large: the decimal
// exponent of its first significant digit is negative.
bool underflows(std::string_view text) {
    long long first_significant = 0;
    bool found = false;
    std::size_t i = text[0] == '-' ? 1 : 0;
    // Count integer digits first, to know the power of the leading digit.
    long long int_digits = 0;
    for (std::size_t j = i; j < text.size() && is_digit(text[j]); ++j) {
        ++int_digits;
    }
    long long position = int_digits - 1;  // power of ten of the next mantissa digit
    for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
        if (text[i] == '.') {
            continue;
        }
        if (text[i] != '0' && !found) {
            first_significant = position;
            found = true;
        }
        --position;
    }
    long long exponent = 0;
    if (i < text.size()) {
        ++i;
        bool negative = false;
        if (text[i] == '+' || text[i] == '-') {
            negative = text[i] == '-';
            ++i;
        }
        for (; i < text.size(); ++i) {
            if (exponent < 1000000000LL) {
                exponent = exponent * 10 + (text[i] - '0');
            }
        }
        if (negative) {
            exponent = -exponent;
        }
    }
    return !found || first_significant + exponent < 0;
}

}  // namespace

void append_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    if (value == 0) {
        // -0 equals 0 by value, and "-0" would read back as the integer 0: one spelling for both.
        out += '0';
        return;
    }
    std::array<char, 32> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    if (ec != std::errc()) {
        out += "null";  // cannot happen: 32 bytes hold any shortest double
        return;
    }
    out.append(buf.data(), end);
}

std::string format_number(double value) {
    std::string out;
    append_number(out, value);
    return out;
}

bool is_json_number(std::string_view text) {
    return !text.empty() && json_number_length(text) == text.size();
}

Result<double> parse_number(std::string_view text) {
    if (!is_json_number(text)) {
        return make_error(Errc::kInvalidArgument,
                          "invalid JSON number '" + std::string(text.substr(0, 64)) + "'");
    }
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range) {
        if (underflows(text)) {
            return text[0] == '-' ? -0.0 : 0.0;
        }
        return make_error(Errc::kInvalidArgument,
                          "JSON number '" + std::string(text.substr(0, 64)) + "' out of range");
    }
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return make_error(Errc::kInvalidArgument,
                          "invalid JSON number '" + std::string(text.substr(0, 64)) + "'");
    }
    return value;
}

Result<std::string> canonical_number(std::string_view text) {
    TRIPLINE_ASSIGN_OR_RETURN(double value, parse_number(text));
    return format_number(value);
}

std::optional<double> number_value(simdjson::dom::element element) {
    switch (element.type()) {
        case simdjson::dom::element_type::INT64:
            return static_cast<double>(element.get_int64().value_unsafe());
        case simdjson::dom::element_type::UINT64:
            return static_cast<double>(element.get_uint64().value_unsafe());
        case simdjson::dom::element_type::DOUBLE:
            return element.get_double().value_unsafe();
        default:
            return std::nullopt;
    }
}

}  // namespace tripline::json
