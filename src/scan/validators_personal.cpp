// Validators of personal identifiers: PHI, dates and places, national identifiers.
#include "scan/validators_personal.h"

#include "scan/validators_personal_util.h"

namespace tripline::scan::personal {

using namespace util;  // NOLINT(google-build-using-namespace): this module's own helpers

// --- PHI -------------------------------------------------------------------------------------

bool dea_number(std::string_view text) {
    if (text.size() != 9 || !all_digits(text.substr(2))) {
        return false;
    }
    std::string_view d = text.substr(2);
    int sum =
        digit(d[0]) + digit(d[2]) + digit(d[4]) + 2 * (digit(d[1]) + digit(d[3]) + digit(d[5]));
    return sum % 10 == digit(d[6]);
}

bool hicn(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow || c.size < 10 || c.size > 11 || !all_digits(c.view().substr(0, 9))) {
        return false;
    }
    constexpr std::string_view kBicLetters = "ABCDEFJKMTW";
    return ssn_digits(c.view().substr(0, 9)) && kBicLetters.find(c[9]) != std::string_view::npos;
}

bool canada_health_number(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow) {
        return false;
    }
    std::string_view s = c.view();
    if (s.size() == 12 && is_upper(s[0]) && is_upper(s[3]) && all_digits(s.substr(4))) {
        // Quebec RAMQ: NNNP YYMM DDxx (month + 50 for women).
        int month = number(s.substr(6, 2));
        int day = number(s.substr(8, 2));
        if (month > 50) {
            month -= 50;
        }
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }
    if (s.size() == 12) {
        s = s.substr(0, 10);  // Ontario version code
    }
    if (s.size() != 10 || !all_digits(s) || !not_all_zero(s)) {
        return false;
    }
    if (luhn_digits(s)) {
        return true;
    }
    if (s[0] != '9') {
        return false;
    }
    static constexpr std::array<int, 8> kWeights{2, 4, 8, 5, 10, 9, 7, 3};
    int sum = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        sum += digit(s[i + 1]) * kWeights[i];
    }
    int check = 11 - sum % 11;
    return check <= 9 && check == digit(s[9]);
}

bool ehic_number(std::string_view text) { return ehic_digits(text, false); }

bool finland_ehic_number(std::string_view text) { return ehic_digits(text, true); }

bool france_nir(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow || c.size != 15) {
        return false;
    }
    std::array<char, 13> base{};
    for (std::size_t i = 0; i < 13; ++i) {
        base[i] = c[i];
    }
    if (base[5] == '2' && (base[6] == 'A' || base[6] == 'B')) {
        base[5] = '1';
        base[6] = base[6] == 'A' ? '9' : '8';
    }
    std::string_view b(base.data(), base.size());
    std::string_view key = c.view().substr(13);
    if (!all_digits(b) || !all_digits(key)) {
        return false;
    }
    return static_cast<int>(97 - number64(b) % 97) == number(key);
}

bool nhs_number(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 10 || !not_all_zero(d.view())) {
        return false;
    }
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i) {
        sum += digit(d[i]) * static_cast<int>(10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
        check = 0;
    }
    return check != 10 && check == digit(d[9]);
}

bool npi(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 10) {
        return false;
    }
    std::array<char, 15> all{'8', '0', '8', '4', '0'};
    for (std::size_t i = 0; i < 10; ++i) {
        all[5 + i] = d[i];
    }
    return luhn_digits({all.data(), all.size()});
}

bool udi_gs1(std::string_view text) {
    // The GTIN follows the first "01" (with or without parentheses).
    std::size_t at = text.find("01");
    if (at == std::string_view::npos) {
        return false;
    }
    std::size_t start = at + 2;
    if (start < text.size() && text[start] == ')') {
        ++start;
    }
    while (start < text.size() && text[start] == ' ') {
        ++start;
    }
    if (start + 14 > text.size()) {
        return false;
    }
    std::string_view gtin = text.substr(start, 14);
    if (!all_digits(gtin) || !not_all_zero(gtin)) {
        return false;
    }
    int sum = 0;
    for (std::size_t i = 0; i < 13; ++i) {
        sum += digit(gtin[i]) * (i % 2 == 0 ? 3 : 1);
    }
    return (10 - sum % 10) % 10 == digit(gtin[13]);
}

bool udi_hibcc(std::string_view text) {
    constexpr std::string_view kSet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";
    if (text.size() < 2) {
        return false;
    }
    int sum = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        std::size_t v = kSet.find(text[i]);
        if (v == std::string_view::npos) {
            return false;
        }
        sum += static_cast<int>(v);
    }
    return kSet[static_cast<std::size_t>(sum % 43)] == text.back();
}

// --- Dates and places ------------------------------------------------------------------------

bool date_of_birth(std::string_view text) {
    std::array<DatePart, 3> p;
    std::size_t n = 0;
    if (!split_date(text, p, n)) {
        return false;
    }
    if (n == 1) {
        std::string_view s = p[0].digits;
        if (s.size() != 8) {
            return false;
        }
        int y = number(s.substr(0, 4));
        return y >= 1900 && y <= 2099 &&
               real_date(y, number(s.substr(4, 2)), number(s.substr(6, 2)));
    }
    if (n != 3) {
        return false;
    }
    // With a month name: "Mon D Y", "D Mon Y" or "Y Mon D".
    for (std::size_t m = 0; m < 3; ++m) {
        if (p[m].month == 0) {
            continue;
        }
        std::string_view x = p[m == 0 ? 1 : 0].digits;
        std::string_view y = p[m == 2 ? 1 : 2].digits;
        if (m == 2 || x.empty() || y.empty()) {
            return false;
        }
        return day_month_year(x, p[m].month, y) ||
               (m == 1 && x.size() == 4 && day_month_year(y, p[m].month, x));
    }
    std::string_view a = p[0].digits;
    std::string_view b = p[1].digits;
    std::string_view c = p[2].digits;
    if (a.size() == 4) {  // Y M D
        int y = number(a);
        return b.size() <= 2 && c.size() <= 2 && y >= 1900 && y <= 2099 &&
               real_date(y, number(b), number(c));
    }
    if (a.size() > 2 || b.size() > 2) {
        return false;
    }
    // M/D/Y or D/M/Y: either reading will do.
    return day_month_year(b, number(a), c) || day_month_year(a, number(b), c);
}

bool latitude_longitude(std::string_view text) {
    // Two signed decimals; returns false unless both are within range.
    std::size_t i = 0;
    auto parse = [&](int limit) {
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
            ++i;
        }
        int whole = 0;
        std::size_t digits = 0;
        while (i < text.size() && is_digit(text[i])) {
            whole = whole * 10 + digit(text[i]);
            ++i;
            if (++digits > 3) {
                return false;
            }
        }
        if (digits == 0 || i >= text.size() || text[i] != '.') {
            return false;
        }
        ++i;
        bool fraction = false;
        std::size_t fraction_digits = 0;
        while (i < text.size() && is_digit(text[i])) {
            fraction = fraction || text[i] != '0';
            ++i;
            ++fraction_digits;
        }
        return fraction_digits > 0 && (whole < limit || (whole == limit && !fraction));
    };
    if (!parse(90)) {
        return false;
    }
    while (i < text.size() && (text[i] == ',' || text[i] == ' ')) {
        ++i;
    }
    return parse(180) && i == text.size();
}

bool brazil_cep(std::string_view text) {
    Compact d = compact_digits(text);
    return !d.overflow && d.size == 8 && !(d[0] == '0' && d[1] == '0');
}

// --- National identifiers --------------------------------------------------------------------

bool not_all_zero(std::string_view text) {
    for (char c : text) {
        if (c >= '1' && c <= '9') {
            return true;
        }
    }
    return false;
}

bool chile_rut(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow || c.size < 8 || c.size > 9) {
        return false;
    }
    std::string_view body = c.view().substr(0, c.size - 1);
    if (!all_digits(body) || !not_all_zero(body)) {
        return false;
    }
    int sum = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        sum += digit(body[body.size() - 1 - i]) * static_cast<int>(2 + i % 6);
    }
    int check = 11 - sum % 11;
    char expected = check == 11 ? '0' : check == 10 ? 'K' : static_cast<char>('0' + check);
    return expected == c[c.size - 1];
}

bool germany_id_card(std::string_view text) {
    if (text.size() != 9 && text.size() != 10) {
        return false;
    }
    int digits = 0;
    for (char ch : text.substr(1, 8)) {
        digits += is_digit(ch) ? 1 : 0;
    }
    if (digits == 0) {
        return false;
    }
    if (text.size() == 10) {
        return is_digit(text[9]) && icao_check(text.substr(0, 9)) == digit(text[9]);
    }
    return true;
}

bool germany_passport(std::string_view text) { return germany_id_card(text); }

bool aadhaar(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || d.size != 12 || d[0] < '2') {
        return false;
    }
    std::string_view s = d.view();
    bool palindrome = true;
    for (std::size_t i = 0; i < 6; ++i) {
        palindrome = palindrome && s[i] == s[11 - i];
    }
    return !palindrome && verhoeff(s);
}

bool italy_fiscal_code(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow) {
        return false;
    }
    std::string_view s = c.view();
    if (s.size() == 11) {  // partita IVA / numeric codice fiscale of an organisation
        return all_digits(s) && not_all_zero(s.substr(0, 7)) && luhn_digits(s);
    }
    if (s.size() != 16) {
        return false;
    }
    // Omocodia: a digit replaced by L M N P Q R S T U V.
    constexpr std::string_view kOmocodia = "LMNPQRSTUV";
    auto date_digit = [&](char ch) {
        if (is_digit(ch)) {
            return digit(ch);
        }
        std::size_t v = kOmocodia.find(ch);
        return v == std::string_view::npos ? -1 : static_cast<int>(v);
    };
    constexpr std::string_view kMonths = "ABCDEHLMPRST";
    std::size_t month = kMonths.find(s[8]);
    int d1 = date_digit(s[9]);
    int d2 = date_digit(s[10]);
    int y1 = date_digit(s[6]);
    int y2 = date_digit(s[7]);
    if (month == std::string_view::npos || d1 < 0 || d2 < 0 || y1 < 0 || y2 < 0) {
        return false;
    }
    int day = (d1 * 10 + d2) % 40;  // + 40 for women
    if (d1 * 10 + d2 > 71 || !real_date_yy(y1 * 10 + y2, static_cast<int>(month) + 1, day)) {
        return false;
    }
    static constexpr std::array<int, 26> kOdd{1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                              20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
    int sum = 0;
    for (std::size_t i = 0; i < 15; ++i) {
        char ch = s[i];
        int v = is_digit(ch) ? digit(ch) : ch - 'A';
        sum += i % 2 == 0 ? kOdd[static_cast<std::size_t>(v)] : v;
    }
    return s[15] == static_cast<char>('A' + sum % 26);
}

bool mexico_curp(std::string_view text) {
    if (text.size() != 18) {
        return false;
    }
    int yy = number(text.substr(4, 2));
    int month = number(text.substr(6, 2));
    int day = number(text.substr(8, 2));
    int year = (is_digit(text[16]) ? 1900 : 2000) + yy;
    if (!real_date(year, month, day)) {
        return false;
    }
    constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ";
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        std::size_t v = kAlphabet.find(text[i]);
        if (v == std::string_view::npos) {
            return false;
        }
        sum += static_cast<int>(v) * static_cast<int>(18 - i);
    }
    return (10 - sum % 10) % 10 == digit(text[17]);
}

bool spain_dni(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow || c.size != 9) {
        return false;
    }
    std::string_view digits = c.view().substr(0, 8);
    return all_digits(digits) && not_all_zero(digits) && dni_letter_ok(digits, c[8]);
}

bool spain_nie(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow || c.size != 9) {
        return false;
    }
    constexpr std::string_view kPrefix = "XYZ";
    std::size_t prefix = kPrefix.find(c[0]);
    std::string_view digits = c.view().substr(1, 7);
    if (prefix == std::string_view::npos || !all_digits(digits)) {
        return false;
    }
    std::array<char, 8> all{};
    all[0] = static_cast<char>('0' + prefix);
    for (std::size_t i = 0; i < 7; ++i) {
        all[i + 1] = digits[i];
    }
    return dni_letter_ok({all.data(), all.size()}, c[8]);
}

bool spain_nif(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow || c.size != 9) {
        return false;
    }
    if (c[0] == 'K' || c[0] == 'L' || c[0] == 'M') {
        std::string_view digits = c.view().substr(1, 7);
        return all_digits(digits) && not_all_zero(digits) && dni_letter_ok(digits, c[8]);
    }
    return spain_dni(text);
}

bool spain_cif(std::string_view text) {
    Compact c = compact_alnum(text);
    if (c.overflow || c.size != 9) {
        return false;
    }
    std::string_view s = c.view();
    constexpr std::string_view kTypes = "ABCDEFGHJNPQRSUVW";
    std::string_view digits = s.substr(1, 7);
    if (kTypes.find(s[0]) == std::string_view::npos || !all_digits(digits) ||
        !not_all_zero(digits)) {
        return false;
    }
    int sum = 0;
    for (std::size_t i = 0; i < 7; ++i) {
        int d = digit(digits[i]);
        if (i % 2 == 0) {
            d *= 2;
            d = d / 10 + d % 10;
        }
        sum += d;
    }
    int check = (10 - sum % 10) % 10;
    char control = s[8];
    constexpr std::string_view kLetters = "JABCDEFGHI";
    return control == static_cast<char>('0' + check) ||
           control == kLetters[static_cast<std::size_t>(check)];
}

bool spain_social_security(std::string_view text) {
    Compact d = compact_digits(text);
    if (d.overflow || (d.size != 11 && d.size != 12)) {
        return false;
    }
    std::string_view s = d.view();
    std::string_view province = s.substr(0, 2);
    std::string_view body = s.substr(2, s.size() - 4);
    std::string_view control = s.substr(s.size() - 2);
    if (province == "00" || !not_all_zero(body)) {
        return false;
    }
    std::uint64_t n = number64(body);
    std::uint64_t p = number64(province);
    std::uint64_t value = n < 10000000 ? n + p * 10000000 : p * 100000000 + n;
    return value % 97 == static_cast<std::uint64_t>(number(control));
}

bool uk_nino(std::string_view text) {
    if (text.size() < 2) {
        return false;
    }
    char a = text[0];
    char b = text[1];
    constexpr std::string_view kBadFirst = "DFIQUV";
    constexpr std::string_view kBadSecond = "DFIOQUV";
    if (kBadFirst.find(a) != std::string_view::npos ||
        kBadSecond.find(b) != std::string_view::npos) {
        return false;
    }
    static constexpr std::array<std::string_view, 7> kUnallocated{
        "BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
    std::string_view prefix = text.substr(0, 2);
    for (std::string_view bad : kUnallocated) {
        if (prefix == bad) {
            return false;
        }
    }
    return true;
}

bool canada_sin(std::string_view text) {
    Compact d = compact_digits(text);
    return !d.overflow && d.size == 9 && d[0] != '0' && d[0] != '8' && luhn_digits(d.view());
}

}  // namespace tripline::scan::personal
