// Helpers shared by the personal-identifier validators (validators_personal*.cpp): character
// classes, compaction, dates, check-digit schemes. Internal to the scan module.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tripline::scan::personal::util {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
inline int digit(char c) { return c - '0'; }

// A small fixed buffer of the letters (upper-cased) and digits of a candidate, separators dropped.
// Candidates are short (the longest shape is a few dozen characters); longer text is refused.
struct Compact {
    std::array<char, 64> data{};
    std::size_t size = 0;
    bool overflow = false;

    std::string_view view() const { return {data.data(), size}; }
    char operator[](std::size_t i) const { return data[i]; }
};

inline Compact compact_alnum(std::string_view text) {
    Compact out;
    for (char c : text) {
        if (is_digit(c) || is_upper(c) || is_lower(c)) {
            if (out.size == out.data.size()) {
                out.overflow = true;
                return out;
            }
            out.data[out.size++] = upper(c);
        }
    }
    return out;
}

inline Compact compact_digits(std::string_view text) {
    Compact out;
    for (char c : text) {
        if (is_digit(c)) {
            if (out.size == out.data.size()) {
                out.overflow = true;
                return out;
            }
            out.data[out.size++] = c;
        }
    }
    return out;
}

inline bool all_digits(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

inline bool all_same(std::string_view s) {
    for (char c : s) {
        if (c != s.front()) {
            return false;
        }
    }
    return true;
}

inline int number(std::string_view digits) {  // digits only, short (<= 9)
    int n = 0;
    for (char c : digits) {
        n = n * 10 + digit(c);
    }
    return n;
}

inline std::uint64_t number64(std::string_view digits) {  // <= 18 digits
    std::uint64_t n = 0;
    for (char c : digits) {
        n = n * 10 + static_cast<std::uint64_t>(digit(c));
    }
    return n;
}

inline bool luhn_digits(std::string_view digits) {
    int sum = 0;
    bool twice = false;
    for (std::size_t i = digits.size(); i-- > 0;) {
        int d = digit(digits[i]);
        if (twice) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

inline bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

inline int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap(year)) {
        return 29;
    }
    return kDays[static_cast<std::size_t>(month - 1)];
}

inline bool real_date(int year, int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// A two-digit year: the date exists in 19yy or in 20yy.
inline bool real_date_yy(int yy, int month, int day) {
    return real_date(1900 + yy, month, day) || real_date(2000 + yy, month, day);
}

// ICAO 9303 check digit: weights 7, 3, 1; digits as themselves, A-Z as 10-35.
inline int icao_check(std::string_view s) {
    static constexpr std::array<int, 3> kWeights{7, 3, 1};
    int sum = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        int v = is_digit(s[i]) ? digit(s[i]) : s[i] - 'A' + 10;
        sum += v * kWeights[i % 3];
    }
    return sum % 10;
}

// SSN range rules shared by the SSN and the HICN (9 digits).
inline bool ssn_digits(std::string_view d) {
    std::string_view area = d.substr(0, 3);
    std::string_view group = d.substr(3, 2);
    std::string_view serial = d.substr(5, 4);
    if (area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000") {
        return false;
    }
    // Numbers the SSA voided after they were printed in advertisements.
    return d != "078051120" && d != "457555462" && d != "219099999";
}

inline constexpr std::string_view kDniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

inline bool dni_letter_ok(std::string_view digits, char letter) {
    return kDniLetters[static_cast<std::size_t>(number(digits) % 23)] == letter;
}

// ISO 3166 numeric codes of the countries issuing EHICs (EU, EEA, Switzerland, UK).
inline bool ehic_country(std::string_view code) {
    static constexpr std::array<std::string_view, 32> kCodes{
        "040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276",
        "300", "348", "352", "372", "380", "428", "438", "440", "442", "470", "528",
        "578", "616", "620", "642", "703", "705", "724", "752", "756", "826"};
    for (std::string_view c : kCodes) {
        if (c == code) {
            return true;
        }
    }
    return false;
}

inline bool ehic_digits(std::string_view text, bool finnish) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 20 || d[0] != '8' || d[1] != '0') {
        return false;
    }
    std::string_view country = d.view().substr(2, 3);
    if (!ehic_country(country)) {
        return false;
    }
    return (country == "246") == finnish;
}

// Month names (English) for dates; returns 1-12 or 0.
inline int month_from_name(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kNames{"january",
                                                             "february",
                                                             "march",
                                                             "april",
                                                             "may",
                                                             "june",
                                                             "july",
                                                             "august",
                                                             "september",
                                                             "october",
                                                             "november",
                                                             "december"};
    if (word.size() < 3 || word.size() > 9) {
        return 0;
    }
    std::array<char, 9> lower{};
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = word[i];
        lower[i] = is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
    std::string_view w(lower.data(), word.size());
    for (std::size_t m = 0; m < kNames.size(); ++m) {
        std::string_view name = kNames[m];
        if (w == name || w == name.substr(0, 3) || (m == 8 && w == "sept")) {
            return static_cast<int>(m) + 1;
        }
    }
    return 0;
}

struct DatePart {
    std::string_view digits;  // empty for a month name
    int month = 0;            // month name's number
};

// Splits a date into its components: runs of digits (an ordinal suffix st/nd/rd/th is dropped) and
// runs of letters (month names). Anything else separates. At most 3 components.
inline bool split_date(std::string_view text, std::array<DatePart, 3>& parts, std::size_t& count) {
    count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (is_digit(c)) {
            std::size_t start = i;
            while (i < text.size() && is_digit(text[i])) {
                ++i;
            }
            if (count == parts.size()) {
                return false;
            }
            parts[count++] = DatePart{text.substr(start, i - start), 0};
            // An ordinal suffix belongs to the day.
            if (i + 1 < text.size() && (is_lower(text[i]) || is_upper(text[i]))) {
                char a = upper(text[i]);
                char b = upper(text[i + 1]);
                if ((a == 'S' && b == 'T') || (a == 'N' && b == 'D') || (a == 'R' && b == 'D') ||
                    (a == 'T' && b == 'H')) {
                    i += 2;
                } else {
                    return false;
                }
            }
        } else if (is_upper(c) || is_lower(c)) {
            std::size_t start = i;
            while (i < text.size() && (is_upper(text[i]) || is_lower(text[i]))) {
                ++i;
            }
            int month = month_from_name(text.substr(start, i - start));
            if (month == 0 || count == parts.size()) {
                return false;
            }
            parts[count++] = DatePart{{}, month};
        } else {
            ++i;
        }
    }
    return true;
}

inline bool day_month_year(std::string_view day, int month, std::string_view year) {
    if (day.empty() || day.size() > 2 || (year.size() != 2 && year.size() != 4)) {
        return false;
    }
    int d = number(day);
    int y = number(year);
    if (year.size() == 4) {
        return y >= 1900 && y <= 2099 && real_date(y, month, d);
    }
    return real_date_yy(y, month, d);
}

// Verhoeff tables.
inline constexpr int kVerhoeffD[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                                           {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                           {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
                                           {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                           {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
                                           {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                           {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
                                           {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                           {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
                                           {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
inline constexpr int kVerhoeffP[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                                          {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                                          {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
                                          {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                                          {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
                                          {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                                          {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
                                          {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

inline bool verhoeff(std::string_view digits) {
    int c = 0;
    std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        int d = digit(digits[n - 1 - i]);
        c = kVerhoeffD[c][kVerhoeffP[i % 8][d]];
    }
    return c == 0;
}

// Brazilian CPF/CNPJ check digit over `digits` with `weights` (same length).
inline int mod11_br(std::string_view digits, const int* weights) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        sum += digit(digits[i]) * weights[i];
    }
    int r = sum % 11;
    return r < 2 ? 0 : 11 - r;
}

inline bool cuit(std::string_view text, bool individual) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 11) {
        return false;
    }
    std::string_view s = d.view();
    std::string_view type = s.substr(0, 2);
    bool person = type == "20" || type == "23" || type == "24" || type == "27";
    bool company = type == "30" || type == "33" || type == "34";
    if (individual ? !person : !company) {
        return false;
    }
    static constexpr std::array<int, 10> kWeights{5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 10; ++i) {
        sum += digit(s[i]) * kWeights[i];
    }
    int check = 11 - sum % 11;
    if (check == 11) {
        check = 0;
    }
    return check != 10 && check == digit(s[10]);
}

inline bool nit(std::string_view text, bool organization) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size < 7 || d.size > 11) {
        return false;
    }
    std::string_view s = d.view();
    std::string_view base = s.substr(0, s.size() - 1);
    if (!not_all_zero(base)) {
        return false;
    }
    bool org = base.size() == 9 && (base[0] == '8' || base[0] == '9');
    if (org != organization) {
        return false;
    }
    static constexpr std::array<int, 15> kWeights{
        3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71};
    int sum = 0;
    for (std::size_t i = 0; i < base.size(); ++i) {
        sum += kWeights[i] * digit(base[base.size() - 1 - i]);
    }
    int r = sum % 11;
    int check = r < 2 ? r : 11 - r;
    return check == digit(s.back());
}

// The digits of a phone number after its country code (when the text starts with "+CC").
inline Compact national_digits(std::string_view text, std::string_view country) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') {
        ++i;
    }
    if (i < text.size() && text[i] == '+') {
        text.remove_prefix(i + 1 + country.size());
    }
    return compact_digits(text);
}

}  // namespace tripline::scan::personal::util
