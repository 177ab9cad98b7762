#include "pattern/numeric.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace tripline::pattern {
namespace {

// A decimal as sign, significant digits (no leading/trailing zeros) and the exponent of the last
// digit: 300 → ("3", 2); 0.25 → ("25", -2); zero → ("", 0) with no sign.
struct Decimal {
    bool negative = false;
    std::string digits;
    long exponent = 0;

    bool operator==(const Decimal&) const = default;
};

// `text` must be a JSON number or std::to_chars output (same grammar plus an optional '+' in the
// exponent, which JSON also allows).
Decimal normalise(std::string_view text) {
    Decimal d;
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') {
        d.negative = true;
        ++i;
    }
    long frac_digits = 0;
    bool in_fraction = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.') {
            in_fraction = true;
        } else if (c >= '0' && c <= '9') {
            if (!(d.digits.empty() && c == '0')) {
                d.digits += c;
            }
            if (in_fraction) {
                ++frac_digits;
            }
        } else {
            break;  // exponent
        }
    }
    long exp = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool neg = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            neg = text[i] == '-';
            ++i;
        }
        for (; i < text.size(); ++i) {
            if (exp < 100000000) {
                exp = exp * 10 + (text[i] - '0');
            }
        }
        if (neg) {
            exp = -exp;
        }
    }
    d.exponent = exp - frac_digits;
    while (!d.digits.empty() && d.digits.back() == '0') {
        d.digits.pop_back();
        ++d.exponent;
    }
    if (d.digits.empty()) {
        d.negative = false;
        d.exponent = 0;
    }
    return d;
}

}  // namespace

bool is_json_number(std::string_view text) {
    std::size_t i = 0;
    auto digit = [&](std::size_t at) {
        return at < text.size() && text[at] >= '0' && text[at] <= '9';
    };
    if (i < text.size() && text[i] == '-') {
        ++i;
    }
    if (!digit(i)) {
        return false;
    }
    if (text[i] == '0') {
        ++i;
    } else {
        while (digit(i)) {
            ++i;
        }
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (!digit(i)) {
            return false;
        }
        while (digit(i)) {
            ++i;
        }
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        if (!digit(i)) {
            return false;
        }
        while (digit(i)) {
            ++i;
        }
    }
    return i == text.size();
}

void classify_number(std::string_view text, double& value, bool& comparable) {
    value = 0;
    comparable = false;
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
        return;
    }
    if (v == 0) {
        v = 0;  // -0 → +0
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    if (res.ec != std::errc()) {
        return;
    }
    value = v;
    comparable = normalise(text) == normalise(std::string_view(buf, res.ptr - buf));
}

JsonNumber make_number(std::string_view text) {
    JsonNumber n;
    n.text = std::string(text);
    classify_number(text, n.value, n.comparable);
    return n;
}

bool numbers_equal(double a_value,
                   bool a_comparable,
                   std::string_view a_text,
                   double b_value,
                   bool b_comparable,
                   std::string_view b_text) {
    if (a_comparable && b_comparable) {
        return a_value == b_value;
    }
    return a_text == b_text;
}

}  // namespace tripline::pattern
