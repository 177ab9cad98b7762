// Validators for the PERSONAL_INFORMATION managed identifiers (shapes_personal.cpp): what a
// regular expression cannot say about a candidate - check digits, ranges, real dates, prefix
// rules. Each takes the text a shape matched, separators included, and answers "is this that kind
// of data". Pure functions of their argument: no allocation beyond small stack buffers, safe on
// any thread. The algorithms come from the issuers' published rules; where Macie documents none
// the choice is Tripline's (macie.md §3 [inferred]) and is said at the function.
#pragma once

#include <string_view>

namespace tripline::scan::personal {

// --- PHI -------------------------------------------------------------------------------------
// DEA registration number: 2 letters + 7 digits, (d1+d3+d5 + 2*(d2+d4+d6)) mod 10 = d7.
bool dea_number(std::string_view text);
// HICN: an SSN (same range rules as us_ssn) followed by a beneficiary identification code whose
// first letter is one CMS issues (A B C D E F J K M T W).
bool hicn(std::string_view text);
// Canadian provincial health numbers: 10 digits (+ optional 2-letter version code) valid by Luhn
// (Ontario) or by the BC PHN mod-11 rule; or a Quebec RAMQ number (4 letters + 8 digits whose
// month is 01-12/51-62 and day 01-31).
bool canada_health_number(std::string_view text);
// EHIC card number (card field 8): 20 digits, ISO/IEC 7812 healthcare prefix "80" + the ISO 3166
// numeric code of an EHIC country (EU, EEA, CH, UK). Finnish cards (246) belong to the Finnish
// identifier and are refused here, so one card is reported once.
bool ehic_number(std::string_view text);
bool finland_ehic_number(std::string_view text);
// French NIR (INSEE / carte Vitale number): 13 characters (department 2A/2B allowed) + a 2-digit
// key = 97 - (number mod 97), Corsica counted as 19/18.
bool france_nir(std::string_view text);
// NHS number: 10 digits, mod-11 check digit (a remainder giving 10 is invalid).
bool nhs_number(std::string_view text);
// NPI: 10 digits, Luhn over "80840" + the number.
bool npi(std::string_view text);
// UDI: a GS1 form carries a GTIN-14 after the AI (01) (mod-10 check digit); a HIBCC primary data
// structure ends with its mod-43 check character.
bool udi_gs1(std::string_view text);
bool udi_hibcc(std::string_view text);

// --- Dates and places ------------------------------------------------------------------------
// A date that exists: Y-M-D, M/D/Y or D/M/Y (either reading), YYYYMMDD, or with an English month
// name (full or 3-letter, optional ordinal suffix). Four-digit years 1900-2099; two-digit years
// any.
bool date_of_birth(std::string_view text);
// "lat,long" decimal degrees: |lat| <= 90, |long| <= 180.
bool latitude_longitude(std::string_view text);
// CEP: 8 digits, not starting with 00.
bool brazil_cep(std::string_view text);

// --- National identifiers --------------------------------------------------------------------
// Some digit other than 0 (the documented "all-zero values are not reported").
bool not_all_zero(std::string_view text);
bool chile_rut(std::string_view text);  // mod-11, check 0-9 or K
// Personalausweis number (ICAO 9303 document number): 9 characters with at least one digit, or 10
// whose last is the 7-3-1 check digit.
bool germany_id_card(std::string_view text);
bool germany_passport(std::string_view text);  // same rule as the ID card
bool aadhaar(std::string_view text);           // Verhoeff, first digit 2-9, not a palindrome
// Codice fiscale (16 characters, omocodia letters allowed, real day/month, check letter) or a
// partita IVA (11 digits, Luhn).
bool italy_fiscal_code(std::string_view text);
bool mexico_curp(std::string_view text);  // date, state code, check digit
bool spain_dni(std::string_view text);    // 8 digits + check letter (dots and separator allowed)
bool spain_nie(std::string_view text);    // X/Y/Z + 7 digits + check letter
bool spain_nif(std::string_view text);    // DNI form, or K/L/M + 7 digits + check letter
bool spain_cif(std::string_view text);    // organisation letter + 7 digits + digit/letter control
bool spain_social_security(std::string_view text);  // province + number + mod-97 control
// NINO prefix rules: first letter not D F I Q U V, second not D F I O Q U V, and not BG GB KN NK
// NT TN ZZ.
bool uk_nino(std::string_view text);
bool canada_sin(std::string_view text);  // Luhn, first digit not 0 or 8

// --- Social security and tax -----------------------------------------------------------------
// US SSN: area not 000, 666, 900-999; group not 00; serial not 0000; not the advertised SSNs.
bool us_ssn(std::string_view text);
// ITIN: area 9xx, group 50-65, 70-88, 90-92 or 94-99 (IRS ranges).
bool us_itin(std::string_view text);
// CUIT/CUIL: mod-11 check digit; the type prefix tells individuals (20 23 24 27) from
// organisations (30 33 34).
bool argentina_cuit_individual(std::string_view text);
bool argentina_cuit_organization(std::string_view text);
bool australia_tfn(std::string_view text);  // 8 or 9 digits, weighted sum mod 11 = 0
bool brazil_cpf(std::string_view text);     // two mod-11 check digits, not all one digit
bool brazil_cnpj(std::string_view text);    // two mod-11 check digits, not all one digit
// Colombian NIT (base + DV, prime weights mod 11). Organisations: a 9-digit base starting 8 or 9;
// individuals (a cédula + DV): any other base of 6-10 digits.
bool colombia_nit_individual(std::string_view text);
bool colombia_nit_organization(std::string_view text);
bool france_spi(
    std::string_view text);  // numéro fiscal: 13 digits, first 0-3, last 3 = first 10 mod 511
bool germany_steuer_id(std::string_view text);  // 11 digits, digit-repeat rule, ISO 7064 MOD 11,10
bool germany_steuernummer(std::string_view text);  // 10 or 11 digits in slash groups
bool mexico_rfc(std::string_view text);            // a real date in YYMMDD
bool uk_utr(std::string_view text);                // first digit = weighted check of the other 9
// 17 characters with at least one letter and one digit (a VIN is never all digits or letters).
bool vin(std::string_view text);
bool luhn(std::string_view text);  // the digits of the text (separators ignored) pass Luhn

// --- Driver's licences -----------------------------------------------------------------------
bool finland_hetu(std::string_view text);         // Finnish personal identity code (date + mod 31)
bool sweden_personnummer(std::string_view text);  // date (+60 coordination days) + Luhn
bool india_driving_licence(std::string_view text);  // a state/UT code, a plausible year
bool uk_driving_licence(std::string_view text);     // month 01-12 or 51-62, day 01-31

// --- Phones ----------------------------------------------------------------------------------
// Digit counts that the regexes cannot pin down with free grouping (country code excluded).
bool uk_phone(std::string_view text);
bool germany_phone(std::string_view text);
bool italy_phone(std::string_view text);
bool brazil_phone(std::string_view text);  // valid DDD area code; 9-digit numbers start with 9

}  // namespace tripline::scan::personal
