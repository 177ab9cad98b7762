// Validators of personal identifiers: social security and tax numbers, driving licences, phones.
#include "scan/validators_personal.h"
#include "scan/validators_personal_util.h"

namespace tripline::scan::personal {

using namespace util;  // NOLINT(google-build-using-namespace): this module's own helpers

// --- Social security and tax -----------------------------------------------------------------

bool us_ssn(std::string_view text) {
    Compact d = compact_digits(text);
    return !d.overflow && d.size == 9 && ssn_digits(d.view());
}

bool us_itin(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 9 || d[0] != '9') {
        return false;
    }
    int group = number(d.view().substr(3, 2));
    return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) ||
           (group >= 90 && group <= 92) || group >= 94;
}

bool argentina_cuit_individual(std::string_view text) { return cuit(text, true); }

bool argentina_cuit_organization(std::string_view text) { return cuit(text, false); }

bool australia_tfn(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || (d.size != 8 && d.size != 9) || !not_all_zero(d.view())) {
        return false;
    }
    static constexpr std::array<int, 9> kWeights{1, 4, 3, 7, 5, 8, 6, 9, 10};
    int sum = 0;
    for (std::size_t i = 0; i < d.size; ++i) {
        sum += digit(d[i]) * kWeights[i];
    }
    return sum % 11 == 0;
}

bool brazil_cpf(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 11 || all_same(d.view())) {
        return false;
    }
    static constexpr std::array<int, 9> kFirst{10, 9, 8, 7, 6, 5, 4, 3, 2};
    static constexpr std::array<int, 10> kSecond{11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
    std::string_view s = d.view();
    return mod11_br(s.substr(0, 9), kFirst.data()) == digit(s[9]) &&
           mod11_br(s.substr(0, 10), kSecond.data()) == digit(s[10]);
}

bool brazil_cnpj(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 14 || all_same(d.view())) {
        return false;
    }
    static constexpr std::array<int, 12> kFirst{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    static constexpr std::array<int, 13> kSecond{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    std::string_view s = d.view();
    return mod11_br(s.substr(0, 12), kFirst.data()) == digit(s[12]) &&
           mod11_br(s.substr(0, 13), kSecond.data()) == digit(s[13]);
}

bool colombia_nit_individual(std::string_view text) { return nit(text, false); }

bool colombia_nit_organization(std::string_view text) { return nit(text, true); }

bool france_spi(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 13 || d[0] > '3' || !not_all_zero(d.view())) {
        return false;
    }
    std::string_view s = d.view();
    return number64(s.substr(0, 10)) % 511 == static_cast<std::uint64_t>(number(s.substr(10)));
}

bool germany_steuer_id(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 11 || d[0] == '0') {
        return false;
    }
    std::string_view s = d.view();
    std::array<int, 10> counts{};
    for (std::size_t i = 0; i < 10; ++i) {
        ++counts[static_cast<std::size_t>(digit(s[i]))];
    }
    int repeated = 0;
    for (int count : counts) {
        if (count > 3) {
            return false;
        }
        if (count > 1) {
            ++repeated;
        }
    }
    if (repeated != 1) {
        return false;
    }
    // ISO 7064 MOD 11,10.
    int product = 10;
    for (std::size_t i = 0; i < 10; ++i) {
        int sum = (digit(s[i]) + product) % 10;
        if (sum == 0) {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    int check = 11 - product;
    if (check == 10) {
        check = 0;
    }
    return check == digit(s[10]);
}

bool germany_steuernummer(std::string_view text) {
    Compact d = compact_digits(text);
    return !d.overflow && (d.size == 10 || d.size == 11) && not_all_zero(d.view());
}

bool mexico_rfc(std::string_view text) {
    // The date follows the 3 (organisation) or 4 (individual) letters; "Ñ" is two bytes.
    std::size_t i = 0;
    while (i < text.size() && !is_digit(text[i])) {
        ++i;
    }
    if (i + 6 > text.size() || !all_digits(text.substr(i, 6))) {
        return false;
    }
    return real_date(2000 + number(text.substr(i, 2)),
                     number(text.substr(i + 2, 2)),
                     number(text.substr(i + 4, 2)));
}

bool uk_utr(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 10) {
        return false;
    }
    static constexpr std::array<int, 9> kWeights{6, 7, 8, 9, 10, 5, 4, 3, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i) {
        sum += digit(d[i + 1]) * kWeights[i];
    }
    constexpr std::string_view kCheck = "21987654321";
    return kCheck[static_cast<std::size_t>(sum % 11)] == d[0];
}

bool vin(std::string_view text) {
    bool letter = false;
    bool number_seen = false;
    for (char c : text) {
        letter = letter || is_upper(c);
        number_seen = number_seen || is_digit(c);
    }
    return text.size() == 17 && letter && number_seen;
}

bool luhn(std::string_view text) {
    Compact d = compact_digits(text);
    return !d.overflow && d.size > 1 && not_all_zero(d.view()) && luhn_digits(d.view());
}

// --- Driver's licences -----------------------------------------------------------------------

bool finland_hetu(std::string_view text) {
    if (text.size() != 11 || !all_digits(text.substr(0, 6)) || !all_digits(text.substr(7, 3))) {
        return false;
    }
    char sign = text[6];
    int century = 0;
    if (sign == '+') {
        century = 1800;
    } else if (sign == '-' || (sign >= 'U' && sign <= 'Y')) {
        century = 1900;
    } else if (sign >= 'A' && sign <= 'F') {
        century = 2000;
    } else {
        return false;
    }
    int year = century + number(text.substr(4, 2));
    if (!real_date(year, number(text.substr(2, 2)), number(text.substr(0, 2)))) {
        return false;
    }
    int individual = number(text.substr(7, 3));
    if (individual < 2) {
        return false;
    }
    constexpr std::string_view kCheck = "0123456789ABCDEFHJKLMNPRSTUVWXY";
    std::uint64_t n = number64(text.substr(0, 6)) * 1000 + static_cast<std::uint64_t>(individual);
    return kCheck[n % 31] == text[10];
}

bool sweden_personnummer(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || (d.size != 10 && d.size != 12)) {
        return false;
    }
    std::string_view s = d.view();
    int year = 0;
    if (s.size() == 12) {
        year = number(s.substr(0, 4));
        s = s.substr(2);
        if (year < 1800 || year > 2099) {
            return false;
        }
    }
    int month = number(s.substr(2, 2));
    int day = number(s.substr(4, 2));
    if (day > 60) {
        day -= 60;  // samordningsnummer
    }
    bool date =
        year != 0 ? real_date(year, month, day) : real_date_yy(number(s.substr(0, 2)), month, day);
    return date && luhn_digits(s);
}

bool india_driving_licence(std::string_view text) {
    static constexpr std::array<std::string_view, 38> kStates{
        "AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP",
        "HR", "JH", "JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL",
        "OD", "OR", "PB", "PY", "RJ", "SK", "TN", "TR", "TS", "UK", "UP", "WB"};
    Compact c = compact_alnum(text);
    if (c.overflow || c.size != 15) {
        return false;
    }
    std::string_view state = c.view().substr(0, 2);
    bool known = false;
    for (std::string_view s : kStates) {
        known = known || s == state;
    }
    return known && not_all_zero(c.view().substr(8));
}

bool uk_driving_licence(std::string_view text) {
    if (text.size() < 16) {
        return false;
    }
    int month = number(text.substr(6, 2));
    if (month > 50) {
        month -= 50;
    }
    int day = number(text.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// --- Phones ----------------------------------------------------------------------------------

bool uk_phone(std::string_view text) {
    Compact d = national_digits(text, "44");
    std::string_view s = d.view();
    if (d.overflow || s.empty()) {
        return false;
    }
    if (s[0] == '0') {
        s.remove_prefix(1);  // trunk prefix, national form or "+44 (0)"
    }
    return s.size() == 9 || s.size() == 10;
}

bool germany_phone(std::string_view text) {
    Compact d = national_digits(text, "49");
    std::string_view s = d.view();
    if (d.overflow || s.empty()) {
        return false;
    }
    if (s[0] == '0') {
        s.remove_prefix(1);
    }
    return s.size() >= 6 && s.size() <= 11;
}

bool italy_phone(std::string_view text) {
    Compact d = national_digits(text, "39");
    return !d.overflow && d.size >= 6 && d.size <= 11;
}

bool brazil_phone(std::string_view text) {
    static constexpr std::array<int, 67> kAreas{
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42,
        43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74,
        75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99};
    Compact d = national_digits(text, "55");
    std::string_view s = d.view();
    if (d.overflow || (s.size() != 10 && s.size() != 11)) {
        return false;
    }
    int area = number(s.substr(0, 2));
    bool known = false;
    for (int a : kAreas) {
        known = known || a == area;
    }
    if (!known) {
        return false;
    }
    if (s.size() == 11) {
        return s[2] == '9';  // mobile
    }
    return s[2] >= '2' && s[2] <= '5';  // landline
}

}  // namespace tripline::scan::personal
