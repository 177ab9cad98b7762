#include "scan/validators.h"

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "scan/managed_catalogue.h"

namespace tripline::scan {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_separator(char c) { return c == ' ' || c == '-'; }

// Base64 or base64url, padding optional; nullopt on a foreign character.
std::optional<std::string> decode_base64_loose(std::string_view text) {
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
    }
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        int v;
        if (is_upper(c)) {
            v = c - 'A';
        } else if (is_lower(c)) {
            v = c - 'a' + 26;
        } else if (is_digit(c)) {
            v = c - '0' + 52;
        } else if (c == '+' || c == '-') {
            v = 62;
        } else if (c == '/' || c == '_') {
            v = 63;
        } else {
            return std::nullopt;
        }
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xff));
        }
    }
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    return out;
}

// Two-digit number at text[pos..pos+2).
int two_digits(std::string_view text, std::size_t pos) {
    if (pos + 2 > text.size() || !is_digit(text[pos]) || !is_digit(text[pos + 1])) {
        return -1;
    }
    return (text[pos] - '0') * 10 + (text[pos + 1] - '0');
}

bool all_digits(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

bool starts_in_range(std::string_view digits, int len, int low, int high) {
    if (digits.size() < static_cast<std::size_t>(len)) {
        return false;
    }
    int value = 0;
    for (int i = 0; i < len; ++i) {
        value = value * 10 + (digits[i] - '0');
    }
    return value >= low && value <= high;
}

bool card_prefix_and_length_ok(std::string_view d) {
    const std::size_t n = d.size();
    const bool n16_19 = n >= 16 && n <= 19;
    if (d[0] == '4') {  // Visa (Electron and Dankort's 4571 are Visa ranges)
        return n == 13 || n == 16 || n == 19;
    }
    if (starts_in_range(d, 2, 51, 55) || starts_in_range(d, 4, 2221, 2720)) {  // Mastercard
        return n == 16;
    }
    if (starts_in_range(d, 4, 5019, 5019)) {  // Dankort
        return n == 16;
    }
    if (starts_in_range(d, 2, 34, 34) || starts_in_range(d, 2, 37, 37)) {  // Amex
        return n == 15;
    }
    if (starts_in_range(d, 3, 300, 305) || starts_in_range(d, 4, 3095, 3095) ||
        starts_in_range(d, 2, 36, 36) || starts_in_range(d, 2, 38, 39)) {  // Diners Club
        return n >= 14 && n <= 19;
    }
    if (starts_in_range(d, 4, 6011, 6011) || starts_in_range(d, 3, 644, 649) ||
        starts_in_range(d, 2, 65, 65) || starts_in_range(d, 6, 622126, 622925)) {  // Discover
        return n16_19;
    }
    if (starts_in_range(d, 4, 3528, 3589)) {  // JCB
        return n16_19;
    }
    if (starts_in_range(d, 2, 62, 62)) {  // UnionPay
        return n16_19;
    }
    return false;
}

const std::unordered_map<std::string, int>& iban_lengths() {
    static const std::unordered_map<std::string, int> lengths = [] {
        std::unordered_map<std::string, int> map;
        for (const auto& id : managed_catalogue()) {
            if (!id.iban_country_code.empty()) {
                map.emplace(id.iban_country_code, id.iban_length);
            }
        }
        return map;
    }();
    return lengths;
}

// Separators only between groups of four (the last group may be shorter).
bool grouped_by_four(std::string_view candidate) {
    std::size_t group = 0;
    for (char c : candidate) {
        if (is_separator(c)) {
            if (group != 4) {
                return false;
            }
            group = 0;
        } else {
            ++group;
        }
    }
    return group >= 1 && group <= 4;
}

bool has_separator(std::string_view text) {
    for (char c : text) {
        if (is_separator(c)) {
            return true;
        }
    }
    return false;
}

std::uint64_t number_of(std::string_view digits) {
    std::uint64_t value = 0;
    for (char c : digits) {
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

}  // namespace

std::string digits_of(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (is_digit(c)) {
            out.push_back(c);
        }
    }
    return out;
}

std::string without_separators(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (!is_separator(c)) {
            out.push_back(c);
        }
    }
    return out;
}

bool consistent_separators(std::string_view candidate) {
    char seen = 0;
    for (char c : candidate) {
        if (is_separator(c)) {
            if (seen != 0 && c != seen) {
                return false;
            }
            seen = c;
        }
    }
    return true;
}

bool luhn_valid(std::string_view digits) {
    if (digits.empty()) {
        return false;
    }
    int sum = 0;
    bool twice = false;
    for (std::size_t i = digits.size(); i-- > 0;) {
        char c = digits[i];
        if (!is_digit(c)) {
            return false;
        }
        int d = c - '0';
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

bool mod97_is_one(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    int rest = 0;
    for (char c : text) {
        if (is_digit(c)) {
            rest = (rest * 10 + (c - '0')) % 97;
        } else if (is_upper(c)) {
            rest = (rest * 100 + (c - 'A' + 10)) % 97;
        } else {
            return false;
        }
    }
    return rest == 1;
}

bool valid_aws_secret_key(std::string_view candidate) {
    if (candidate.size() != 40) {
        return false;
    }
    bool upper = false;
    bool lower = false;
    bool digit = false;
    for (char c : candidate) {
        upper |= is_upper(c);
        lower |= is_lower(c);
        digit |= is_digit(c);
        if (!is_upper(c) && !is_lower(c) && !is_digit(c) && c != '/' && c != '+') {
            return false;
        }
    }
    return upper && lower && digit;
}

bool valid_basic_auth_header(std::string_view candidate) {
    // The credentials are the last run of non-blank characters.
    std::size_t end = candidate.size();
    std::size_t begin = candidate.find_last_of(" \t");
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    auto decoded = decode_base64_loose(candidate.substr(begin, end - begin));
    return decoded && decoded->find(':') != std::string::npos;
}

bool valid_json_web_token(std::string_view candidate) {
    std::size_t dot = candidate.find('.');
    if (dot == std::string_view::npos || dot == 0) {
        return false;
    }
    auto header = decode_base64_loose(candidate.substr(0, dot));
    if (!header) {
        return false;
    }
    auto json = nlohmann::json::parse(*header, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        return false;
    }
    auto alg = json.find("alg");
    return alg != json.end() && alg->is_string();
}

bool valid_card_number(std::string_view candidate) {
    if (!consistent_separators(candidate)) {
        return false;
    }
    std::string digits = digits_of(candidate);
    if (digits.size() < 13 || digits.size() > 19) {
        return false;
    }
    return card_prefix_and_length_ok(digits) && luhn_valid(digits);
}

bool valid_magnetic_stripe(std::string_view candidate) {
    if (candidate.size() < 2) {
        return false;
    }
    const bool track1 = candidate[0] == '%';
    std::size_t pan_begin = track1 ? 2 : 1;
    std::size_t pan_end = candidate.find(track1 ? '^' : '=', pan_begin);
    if (pan_end == std::string_view::npos) {
        return false;
    }
    std::string_view pan = candidate.substr(pan_begin, pan_end - pan_begin);
    if (pan.size() < 13 || pan.size() > 19 || !luhn_valid(pan)) {
        return false;
    }
    std::size_t date = pan_end + 1;
    if (track1) {
        date = candidate.find('^', pan_end + 1);
        if (date == std::string_view::npos) {
            return false;
        }
        ++date;
    }
    int month = two_digits(candidate, date + 2);
    return two_digits(candidate, date) >= 0 && month >= 1 && month <= 12;
}

bool valid_card_expiration(std::string_view candidate) {
    static constexpr std::array<std::string_view, 12> kMonths = {"january",
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
    std::string word;
    for (char c : candidate) {
        if (is_upper(c)) {
            word.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (is_lower(c)) {
            word.push_back(c);
        } else if (!word.empty()) {
            break;
        }
    }
    if (word.empty()) {
        return true;  // numeric forms: the regex bounds month and year
    }
    if (word.size() < 3) {
        return false;
    }
    for (auto month : kMonths) {
        if (month.substr(0, word.size()) == word) {
            return true;
        }
    }
    return false;
}

bool valid_iban(std::string_view candidate) {
    if (!consistent_separators(candidate) ||
        (has_separator(candidate) && !grouped_by_four(candidate))) {
        return false;
    }
    std::string iban = without_separators(candidate);
    if (iban.size() < 15 || iban.size() > 34 || !is_upper(iban[0]) || !is_upper(iban[1])) {
        return false;
    }
    const auto& lengths = iban_lengths();
    auto it = lengths.find(iban.substr(0, 2));
    if (it == lengths.end() || static_cast<std::size_t>(it->second) != iban.size()) {
        return false;
    }
    for (char c : iban) {
        if (!is_digit(c) && !is_upper(c)) {
            return false;
        }
    }
    std::string rearranged = iban.substr(4) + iban.substr(0, 4);
    return mod97_is_one(rearranged);
}

bool valid_france_bban(std::string_view candidate) {
    if (!consistent_separators(candidate)) {
        return false;
    }
    std::string bban = without_separators(candidate);
    if (bban.size() != 23) {
        return false;
    }
    std::string_view b(bban);
    if (!all_digits(b.substr(0, 10)) || !all_digits(b.substr(21, 2))) {
        return false;
    }
    // RIB key: letters of the account number count as digits (A,J->1 B,K,S->2 ... I,R,Z->9).
    std::string account;
    for (char c : b.substr(10, 11)) {
        if (is_digit(c)) {
            account.push_back(c);
        } else if (is_upper(c)) {
            static constexpr std::string_view kLetterDigits = "12345678912345678923456789";
            account.push_back(kLetterDigits[static_cast<std::size_t>(c - 'A')]);
        } else {
            return false;
        }
    }
    std::uint64_t sum =
        89 * number_of(b.substr(0, 5)) + 15 * number_of(b.substr(5, 5)) + 3 * number_of(account);
    return 97 - sum % 97 == number_of(b.substr(21, 2));
}

bool valid_germany_bban(std::string_view candidate) {
    return consistent_separators(candidate) && all_digits(without_separators(candidate)) &&
           without_separators(candidate).size() == 18;
}

bool valid_italy_bban(std::string_view candidate) {
    if (!consistent_separators(candidate)) {
        return false;
    }
    std::string bban = without_separators(candidate);
    if (bban.size() != 23 || !is_upper(bban[0]) ||
        !all_digits(std::string_view(bban).substr(1, 10))) {
        return false;
    }
    // CIN: odd positions (1-based) of ABI+CAB+account through the codice-fiscale table, even
    // positions at face value (digits 0-9, letters 0-25), sum mod 26 as a letter.
    static constexpr std::array<int, 26> kOdd = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                                 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
    int sum = 0;
    for (std::size_t i = 1; i < bban.size(); ++i) {
        char c = bban[i];
        int value;
        if (is_digit(c)) {
            value = c - '0';
        } else if (is_upper(c)) {
            value = c - 'A';
        } else {
            return false;
        }
        sum += ((i - 1) % 2 == 0) ? kOdd[static_cast<std::size_t>(value)] : value;
    }
    return bban[0] == static_cast<char>('A' + sum % 26);
}

bool valid_spain_bban(std::string_view candidate) {
    if (!consistent_separators(candidate)) {
        return false;
    }
    std::string bban = without_separators(candidate);
    if (bban.size() != 20 || !all_digits(bban)) {
        return false;
    }
    static constexpr std::array<int, 10> kWeights = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
    auto control = [](std::string_view ten) {
        int sum = 0;
        for (std::size_t i = 0; i < 10; ++i) {
            sum += (ten[i] - '0') * kWeights[i];
        }
        int d = 11 - sum % 11;
        return d == 11 ? 0 : d == 10 ? 1 : d;
    };
    std::string first = "00" + bban.substr(0, 8);
    return control(first) == bban[8] - '0' &&
           control(std::string_view(bban).substr(10)) == bban[9] - '0';
}

bool valid_uk_bban(std::string_view candidate) {
    std::string bban = without_separators(candidate);
    if (bban.size() == 14) {  // domestic "60-16-13 31926819": sort code + account
        return all_digits(bban);
    }
    return consistent_separators(candidate) && bban.size() == 18 && is_upper(bban[0]) &&
           is_upper(bban[1]) && is_upper(bban[2]) && is_upper(bban[3]) &&
           all_digits(std::string_view(bban).substr(4));
}

}  // namespace tripline::scan
