// Shapes of the 99 PERSONAL_INFORMATION identifiers (12 PHI + 87 PII; macie.md §1, §3 and the
// catalogue's validation/notes). Macie documents few syntaxes: most forms below are the issuers'
// published formats [inferred]. Every identifier here needs a keyword (catalogue rule) except
// HTTP_COOKIE (none) and the phones, whose "+CC" forms set keyword_optional.
//
// Not implemented (no shape): NAME and ADDRESS. Macie finds both with machine learning; a regex
// would either miss most names/addresses or flood every object with false positives.
//
// Overlaps are deliberate where the data overlaps: FRANCE_NATIONAL_IDENTIFICATION_NUMBER and
// FRANCE_HEALTH_INSURANCE_NUMBER are both the NIR (their keywords differ), and several driver's
// licence and passport forms of countries sharing English keywords coincide (e.g. 9 digits is a UK
// and a US passport number). Finnish EHIC cards are reported only as
// FINLAND_EUROPEAN_HEALTH_INSURANCE_NUMBER.
#include "scan/shape.h"
#include "scan/validators_personal.h"

namespace tripline::scan {

namespace {

using namespace personal;  // NOLINT(google-build-using-namespace): the validators of this table

// MBI letters: A-Z without S L O I B Z (the inside of a character class).
#define TRIPLINE_MBI_L "AC-HJKMNP-RT-Y"
// English month names, full or abbreviated (caseless shapes only).
#define TRIPLINE_MONTH_NAME                                                            \
    "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
// RFC 7230 token characters (cookie names) and RFC 6265 cookie-octets (values).
#define TRIPLINE_TCHAR \
    "[\\x21\\x23-\\x27\\x2A\\x2B\\x2D\\x2E\\x30-\\x39\\x41-\\x5A\\x5E-\\x7A\\x7C\\x7E]"
#define TRIPLINE_OCTET "[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]"
#define TRIPLINE_COOKIE_PAIR TRIPLINE_TCHAR "+=" TRIPLINE_OCTET "*"
// The INSEE number (NIR): sex, year, month (20, 30-42 and 50-99 are used for unknown months),
// department (2A/2B for Corsica), commune, order, key; spaces optional between the parts.
#define TRIPLINE_NIR                                                                           \
    "[1-478] ?[0-9]{2} ?(?:0[1-9]|1[0-2]|[2-9][0-9]) ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} " \
    "?[0-9]{2}"
// DNI: 8 digits and the check letter; dots and a separator before the letter are common.
#define TRIPLINE_DNI "[0-9]{8}[ -]?[A-Z]|[0-9]{2}\\.[0-9]{3}\\.[0-9]{3}[ -]?[A-Z]"

// Positional fields: identifier, regex, validator, caseless, multiline, keyword_optional.
constexpr Shape kPersonalShapes[] = {
    // ---------------------------------------------------------------- PHI
    // Registrant type letter, a letter (surname initial) or 9, 7 digits with a check digit.
    {"US_DRUG_ENFORCEMENT_AGENCY_NUMBER",
     "[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7}",
     &dea_number,
     false,
     false,
     false},
    // The wage earner's SSN + a beneficiary identification code (letter + optional letter/digit).
    {"USA_HEALTH_INSURANCE_CLAIM_NUMBER",
     "[0-9]{3}-[0-9]{2}-[0-9]{4}-?[A-Z][0-9A-Z]?|[0-9]{3} [0-9]{2} [0-9]{4} ?[A-Z][0-9A-Z]?|"
     "[0-9]{9}[A-Z][0-9A-Z]?",
     &hicn,
     false,
     false,
     false},
    // 10-digit provincial numbers (Ontario with its version code, BC PHN) and Quebec's RAMQ.
    {"CANADA_HEALTH_NUMBER",
     "[0-9]{4}-[0-9]{3}-[0-9]{3}(?:-?[A-Z]{2})?|[0-9]{4} [0-9]{3} [0-9]{3}(?: ?[A-Z]{2})?|"
     "[0-9]{10}(?:[A-Z]{2})?|[A-Z]{4} ?[0-9]{4} ?[0-9]{4}",
     &canada_health_number,
     false,
     false,
     false},
    // Card field 8: "80" (healthcare, ISO/IEC 7812) + country + issuer + serial, 20 digits.
    {"EUROPEAN_HEALTH_INSURANCE_CARD_NUMBER", "80[0-9]{18}", &ehic_number, false, false, false},
    {"FINLAND_EUROPEAN_HEALTH_INSURANCE_NUMBER",
     "80246[0-9]{15}",
     &finland_ehic_number,
     false,
     false,
     false},
    // The carte Vitale carries the NIR.
    {"FRANCE_HEALTH_INSURANCE_NUMBER", TRIPLINE_NIR, &france_nir, false, false, false},
    {"UK_NHS_NUMBER",
     "[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{10}",
     &nhs_number,
     false,
     false,
     false},
    // CMS format C A AN N A AN N A A N N, dashes after the 4th and 7th characters optional.
    {"USA_MEDICARE_BENEFICIARY_IDENTIFIER",
     "[1-9][" TRIPLINE_MBI_L "][0-9" TRIPLINE_MBI_L "][0-9]-?[" TRIPLINE_MBI_L
     "][0-9" TRIPLINE_MBI_L "][0-9]-?[" TRIPLINE_MBI_L "][" TRIPLINE_MBI_L "][0-9]{2}",
     nullptr,
     false,
     false,
     false},
    // HCPCS level II (letter + 4 digits) and level I CPT (5 digits, or 4 digits + F/M/T/U).
    {"USA_HEALTHCARE_PROCEDURE_CODE",
     "[A-CEGHJ-MP-V][0-9]{4}|[0-9]{4}[0-9FMTU]",
     nullptr,
     false,
     false,
     false},
    // 10-digit NDC (4-4-2, 5-3-2, 5-4-1), the 11-digit 5-4-2 billing form, or the bare digits.
    {"USA_NATIONAL_DRUG_CODE",
     "[0-9]{4}-[0-9]{4}-[0-9]{2}|[0-9]{5}-[0-9]{3}-[0-9]{2}|[0-9]{5}-[0-9]{4}-[0-9]{1,2}|"
     "[0-9]{10,11}",
     &not_all_zero,
     false,
     false,
     false},
    {"USA_NATIONAL_PROVIDER_IDENTIFIER", "[12][0-9]{9}", &npi, false, false, false},
    // GS1: AI (01) + GTIN-14, then expiry/production dates, lot and serial.
    {"MEDICAL_DEVICE_UDI",
     "\\(01\\) ?[0-9]{14}(?: ?\\(1[17]\\) ?[0-9]{6}| ?\\((?:10|21)\\) ?[0-9A-Za-z./-]{1,20}){0,4}|"
     "01[0-9]{14}(?:1[17][0-9]{6}){0,2}(?:10[0-9A-Za-z]{1,20})?",
     &udi_gs1,
     false,
     false,
     false},
    // HIBCC primary data: "+", labeler code, product code, unit of measure, mod-43 check.
    {"MEDICAL_DEVICE_UDI",
     "\\+[A-Z][0-9A-Z]{3}[0-9A-Z]{1,18}[0-9][0-9A-Z.$/+%-]",
     &udi_hibcc,
     false,
     false,
     false},
    // ICCBBA ISBT 128: donation identification number (=) and product code (=<).
    {"MEDICAL_DEVICE_UDI",
     "=[A-NP-Z1-9][0-9]{12}[0-9A-Z]{2}|=<[A-Z][0-9]{4}[0-9A-Z]{3}",
     nullptr,
     false,
     false,
     false},

    // ---------------------------------------------------------------- Dates of birth
    // Digits with one kind of separator: Y-M-D, M/D/Y or D/M/Y (2- or 4-digit year); YYYYMMDD.
    {"DATE_OF_BIRTH",
     "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})|"
     "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}-[0-9]{1,2}-(?:[0-9]{4}|[0-9]{2})|"
     "[0-9]{4}\\.[0-9]{1,2}\\.[0-9]{1,2}|[0-9]{1,2}\\.[0-9]{1,2}\\.(?:[0-9]{4}|[0-9]{2})|"
     "[0-9]{4} [0-9]{1,2} [0-9]{1,2}|[0-9]{1,2} [0-9]{1,2} [0-9]{4}|"
     "(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])",
     &date_of_birth,
     false,
     false,
     false},
    // With a month name: "15 March 1985", "15-Mar-85", "15th Mar. 1985", "March 15, 1985".
    {"DATE_OF_BIRTH",
     "[0-9]{1,2}(?:st|nd|rd|th)?[ /-]" TRIPLINE_MONTH_NAME
     "\\.?,?[ /-](?:[0-9]{4}|[0-9]{2})|" TRIPLINE_MONTH_NAME
     "\\.? [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4}",
     &date_of_birth,
     true,
     false,
     false},

    // ---------------------------------------------------------------- Driver's licences
    // Shapes of the national formats (keyword always required). Australia: state forms of 6-10
    // digits or 1-2 letters + digits.
    {"AUSTRALIA_DRIVERS_LICENSE", "[0-9]{6,10}|[A-Z]{1,2}[0-9]{5,8}", nullptr, false, false, false},
    {"AUSTRIA_DRIVERS_LICENSE", "[0-9]{8}", nullptr, false, false, false},
    {"BELGIUM_DRIVERS_LICENSE", "[0-9]{10}", nullptr, false, false, false},
    {"BULGARIA_DRIVERS_LICENSE", "[0-9]{9}", nullptr, false, false, false},
    // Ontario (letter + 14 digits), Quebec (letter + 12), Nova Scotia (5 letters + 9),
    // Newfoundland (letter + 9), Manitoba, Alberta (6-3), and the all-digit provinces.
    {"CANADA_DRIVERS_LICENSE",
     "[A-Z][0-9]{4}-[0-9]{5}-[0-9]{5}|[A-Z][0-9]{14}|[A-Z][0-9]{4}-[0-9]{6}-[0-9]{2}|"
     "[A-Z][0-9]{12}|[A-Z]{5}[0-9]{9}|[A-Z][0-9]{9}|[A-Z]{2}-?[A-Z]{2}-?[A-Z]{2}-?[A-Z][0-9]{2}[A-"
     "Z]{2}|"
     "[0-9]{6}-[0-9]{3}|[0-9]{5,9}",
     nullptr,
     false,
     false,
     false},
    {"CROATIA_DRIVERS_LICENSE", "[0-9]{8}", nullptr, false, false, false},
    {"CYPRUS_DRIVERS_LICENSE", "[0-9]{12}", nullptr, false, false, false},
    {"CZECHIA_DRIVERS_LICENSE", "E[A-Z] ?[0-9]{6}", nullptr, false, false, false},
    {"DENMARK_DRIVERS_LICENSE", "[0-9]{8}", nullptr, false, false, false},
    {"ESTONIA_DRIVERS_LICENSE", "[A-Z]{2}[0-9]{6}", nullptr, false, false, false},
    // The holder's personal identity code (HETU).
    {"FINLAND_DRIVERS_LICENSE",
     "[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-FHJ-NPR-Y]",
     &finland_hetu,
     false,
     false,
     false},
    {"FRANCE_DRIVERS_LICENSE", "[0-9]{12}", nullptr, false, false, false},
    {"GERMANY_DRIVERS_LICENSE",
     "[0-9A-Z][0-9]{2}[0-9A-Z]{6}[0-9][0-9A-Z]",
     nullptr,
     false,
     false,
     false},
    {"GREECE_DRIVERS_LICENSE", "[0-9]{9}", nullptr, false, false, false},
    {"HUNGARY_DRIVERS_LICENSE", "[A-Z]{2}[0-9]{6}", nullptr, false, false, false},
    // State code, RTO code, year of issue, 7 digits ("MH14 20110062821").
    {"INDIA_DRIVERS_LICENSE",
     "[A-Z]{2}[ -]?[0-9]{2}[ -]?(?:19|20)[0-9]{2}[ -]?[0-9]{7}",
     &india_driving_licence,
     false,
     false,
     false},
    {"IRELAND_DRIVERS_LICENSE", "[0-9]{6}[A-Z]{4}", nullptr, false, false, false},
    {"ITALY_DRIVERS_LICENSE", "[A-Z][0-9A-Z][0-9]{7}[A-Z]", nullptr, false, false, false},
    {"LATVIA_DRIVERS_LICENSE", "[A-Z]{3}[0-9]{6}", nullptr, false, false, false},
    {"LITHUANIA_DRIVERS_LICENSE", "[0-9]{8}", nullptr, false, false, false},
    {"LUXEMBOURG_DRIVERS_LICENSE", "[0-9]{6}", nullptr, false, false, false},
    // The holder's identity card number: digits and a letter.
    {"MALTA_DRIVERS_LICENSE", "[0-9]{3,7}[MGAPLHBZ]", nullptr, false, false, false},
    {"NETHERLANDS_DRIVERS_LICENSE", "[0-9]{10}", nullptr, false, false, false},
    {"POLAND_DRIVERS_LICENSE", "[0-9]{5}/[0-9]{2}/[0-9]{4}", nullptr, false, false, false},
    {"PORTUGAL_DRIVERS_LICENSE",
     "[A-Z]{1,2}-[0-9]{6} [0-9]|[A-Z]{1,2}[0-9]{7}",
     nullptr,
     false,
     false,
     false},
    {"ROMANIA_DRIVERS_LICENSE", "[A-Z][0-9]{8}", nullptr, false, false, false},
    {"SLOVAKIA_DRIVERS_LICENSE", "[A-Z][0-9]{7}", nullptr, false, false, false},
    {"SLOVENIA_DRIVERS_LICENSE", "[0-9]{9}", nullptr, false, false, false},
    // The holder's DNI (or NIE for foreigners).
    {"SPAIN_DRIVERS_LICENSE", TRIPLINE_DNI, &spain_dni, false, false, false},
    {"SPAIN_DRIVERS_LICENSE", "[XYZ][0-9]{7}[A-Z]", &spain_nie, false, false, false},
    // The holder's personnummer, with or without the century.
    {"SWEDEN_DRIVERS_LICENSE",
     "[0-9]{6}[-+]?[0-9]{4}|(?:19|20)[0-9]{6}-?[0-9]{4}",
     &sweden_personnummer,
     false,
     false,
     false},
    // Surname (5, 9-padded), decade, month (+50), day, year, initials, digit, check letters.
    {"UK_DRIVERS_LICENSE",
     "[A-Z9]{5}[0-9][0156][0-9](?:0[1-9]|[12][0-9]|3[01])[0-9][A-Z9]{2}[0-9][A-Z]{2}",
     &uk_driving_licence,
     false,
     false,
     false},
    // US states: a letter + 4-14 digits, 2 letters + 5-8 digits, 7-12 digits, 3-3-3(4) digits,
    // Florida's grouped form.
    {"DRIVERS_LICENSE",
     "[A-Z][0-9]{4,14}|[A-Z]{2}[0-9]{5,8}|[0-9]{7,12}|[0-9]{3}-[0-9]{3}-[0-9]{3,4}|"
     "[A-Z][0-9]{3}-[0-9]{3}-[0-9]{2}-[0-9]{3}-[0-9]",
     nullptr,
     false,
     false,
     false},

    // ---------------------------------------------------------------- Other PII
    // Polling district letters + elector number.
    {"UK_ELECTORAL_ROLL_NUMBER", "[A-Z]{2,3}-?[0-9]{1,5}", nullptr, false, false, false},
    {"LATITUDE_LONGITUDE",
     "[-+]?[0-9]{1,2}\\.[0-9]{1,15}(?:, ?| )[-+]?[0-9]{1,3}\\.[0-9]{1,15}",
     &latitude_longitude,
     false,
     false,
     false},
    // The whole header: Cookie with its name=value pairs; Set-Cookie with its pair and attributes.
    {"HTTP_COOKIE",
     "Cookie: ?" TRIPLINE_COOKIE_PAIR "(?:; ?" TRIPLINE_COOKIE_PAIR ")*",
     nullptr,
     true,
     false,
     false},
    {"HTTP_COOKIE",
     "Set-Cookie: ?" TRIPLINE_COOKIE_PAIR
     "(?:; ?(?:Expires=[A-Za-z]{3}, [0-9]{1,2}[ -][A-Za-z]{3}[ -][0-9]{2,4} "
     "[0-9]{2}:[0-9]{2}:[0-9]{2} GMT|" TRIPLINE_TCHAR "+(?:=" TRIPLINE_OCTET "*)?))*",
     nullptr,
     true,
     false,
     false},
    {"BRAZIL_CEP_CODE",
     "[0-9]{5}-[0-9]{3}|[0-9]{2}\\.[0-9]{3}-[0-9]{3}|[0-9]{8}",
     &brazil_cep,
     false,
     false,
     false},

    // ---------------------------------------------------------------- National identifiers
    {"ARGENTINA_DNI_NUMBER",
     "[0-9]{1,2}\\.[0-9]{3}\\.[0-9]{3}|[0-9]{7,8}",
     &not_all_zero,
     false,
     false,
     false},
    {"BRAZIL_RG_NUMBER",
     "[0-9]{1,2}\\.[0-9]{3}\\.[0-9]{3}-[0-9Xx]|[0-9]{8}-[0-9Xx]|[0-9]{7,9}",
     &not_all_zero,
     false,
     false,
     false},
    {"CHILE_RUT_NUMBER",
     "[0-9]{1,2}\\.[0-9]{3}\\.[0-9]{3}-[0-9Kk]|[0-9]{7,8}-[0-9Kk]",
     &chile_rut,
     false,
     false,
     false},
    {"COLOMBIA_CITIZENSHIP_CARD_NUMBER",
     "[0-9]{1,3}\\.[0-9]{3}\\.[0-9]{3}(?:\\.[0-9]{3})?|[0-9]{6,10}",
     &not_all_zero,
     false,
     false,
     false},
    {"FRANCE_NATIONAL_IDENTIFICATION_NUMBER", TRIPLINE_NIR, &france_nir, false, false, false},
    // Personalausweis serial: authority letter + 8 of [0-9CFGHJKLMNPRTVWXYZ], check digit optional.
    {"GERMANY_NATIONAL_IDENTIFICATION_NUMBER",
     "[LMNPRTVWXY][0-9CFGHJKLMNPRTVWXYZ]{8}[0-9]?",
     &germany_id_card,
     false,
     false,
     false},
    {"INDIA_AADHAAR_NUMBER",
     "[2-9][0-9]{3}(?: [0-9]{4} [0-9]{4}|-[0-9]{4}-[0-9]{4}|[0-9]{8})",
     &aadhaar,
     false,
     false,
     false},
    // Codice fiscale (omocodia letters allowed in the digit places) or a numeric one (partita IVA).
    {"ITALY_NATIONAL_IDENTIFICATION_NUMBER",
     "[A-Z]{6}[0-9LMNP-V]{2}[ABCDEHLMPRST][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]|[0-9]{11}",
     &italy_fiscal_code,
     true,
     false,
     false},
    {"MEXICO_CURP_NUMBER",
     "[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[HMX]"
     "(?:AS|B[CS]|C[CHLMS]|D[FG]|G[RT]|HG|JC|M[CNS]|N[ELT]|OC|PL|Q[RT]|S[LPR]|T[CLS]|VZ|YN|ZS)"
     "[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]",
     &mexico_curp,
     false,
     false,
     false},
    {"SPAIN_DNI_NUMBER", TRIPLINE_DNI, &spain_dni, true, false, false},
    {"UK_NATIONAL_INSURANCE_NUMBER",
     "[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2}(?: ?[A-D])?",
     &uk_nino,
     false,
     false,
     false},

    // ---------------------------------------------------------------- Passports
    {"CANADA_PASSPORT_NUMBER", "[A-Z]{2}[0-9]{6}", nullptr, false, false, false},
    {"FRANCE_PASSPORT_NUMBER", "[0-9]{2}[A-Z]{2}[0-9]{5}", nullptr, false, false, false},
    {"GERMANY_PASSPORT_NUMBER",
     "[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8}[0-9]?",
     &germany_passport,
     false,
     false,
     false},
    {"ITALY_PASSPORT_NUMBER", "[A-Z]{2}[0-9]{7}", nullptr, false, false, false},
    {"SPAIN_PASSPORT_NUMBER", "[A-Z]{2,3}[0-9]{6}", nullptr, false, false, false},
    {"UK_PASSPORT_NUMBER", "[0-9]{9}", &not_all_zero, false, false, false},
    {"USA_PASSPORT_NUMBER", "[0-9]{9}|[A-Z][0-9]{8}", &not_all_zero, false, false, false},
    // Permanent residence: the UCI (8 or 10 digits) or the PR card number (2 letters + 7 digits).
    {"CANADA_NATIONAL_IDENTIFICATION_NUMBER",
     "[0-9]{4}-[0-9]{4}|[0-9]{2}-[0-9]{4}-[0-9]{4}|[0-9]{8}|[0-9]{10}|[A-Z]{2}[0-9]{7}",
     &not_all_zero,
     false,
     false,
     false},

    // ---------------------------------------------------------------- Phones
    // With the country code no keyword is needed; the national form needs one.
    {"PHONE_NUMBER",
     "\\+1[ .-]?(?:\\([2-9][0-9]{2}\\)|[2-9][0-9]{2})[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}",
     nullptr,
     false,
     false,
     true},
    {"PHONE_NUMBER",
     "(?:1[ .-]?)?(?:\\([2-9][0-9]{2}\\) ?|[2-9][0-9]{2}[ .-]?)[2-9][0-9]{2}[ .-]?[0-9]{4}",
     nullptr,
     false,
     false,
     false},
    {"UK_PHONE_NUMBER",
     "\\+44 ?(?:\\(0\\) ?)?[1-9](?:[ -]?[0-9]){8,9}",
     &uk_phone,
     false,
     false,
     true},
    {"UK_PHONE_NUMBER",
     "0[1-9](?:[ -]?[0-9]){8,9}|\\(0[1-9][0-9]{1,3}\\) ?[0-9]{3,4}[ -]?[0-9]{3,4}",
     &uk_phone,
     false,
     false,
     false},
    {"FRANCE_PHONE_NUMBER",
     "\\+33 ?(?:\\(0\\) ?)?[1-9](?:[ .-]?[0-9]{2}){4}",
     nullptr,
     false,
     false,
     true},
    {"FRANCE_PHONE_NUMBER", "0[1-9](?:[ .-]?[0-9]{2}){4}", nullptr, false, false, false},
    {"GERMANY_PHONE_NUMBER",
     "\\+49 ?(?:\\(0\\) ?)?[1-9][0-9]{1,4}[ /-]?[0-9]{3,8}(?:[ -][0-9]{1,5})?",
     &germany_phone,
     false,
     false,
     true},
    {"GERMANY_PHONE_NUMBER",
     "0[1-9][0-9]{1,4}[ /-]?[0-9]{3,8}(?:[ -][0-9]{1,5})?|"
     "\\(0[1-9][0-9]{1,4}\\) ?[0-9]{3,8}(?:[ -][0-9]{1,5})?",
     &germany_phone,
     false,
     false,
     false},
    // Landlines keep their leading 0 after +39; mobiles start with 3.
    {"ITALY_PHONE_NUMBER",
     "\\+39 ?(?:0[0-9]{1,3}|3[0-9]{2})[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}",
     &italy_phone,
     false,
     false,
     true},
    {"ITALY_PHONE_NUMBER",
     "(?:0[0-9]{1,3}|3[0-9]{2})[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}",
     &italy_phone,
     false,
     false,
     false},
    {"SPAIN_PHONE_NUMBER", "\\+34 ?[6-9](?:[ .-]?[0-9]){8}", nullptr, false, false, true},
    {"SPAIN_PHONE_NUMBER",
     "[6-9][0-9]{8}|[6-9][0-9]{2}[ .-][0-9]{3}[ .-][0-9]{3}|"
     "[6-9][0-9]{2}[ .-][0-9]{2}[ .-][0-9]{2}[ .-][0-9]{2}",
     nullptr,
     false,
     false,
     false},
    // Area code (DDD) + 8-digit landline or 9-digit mobile.
    {"BRAZIL_PHONE_NUMBER",
     "\\+55 ?(?:\\([1-9][0-9]\\)|[1-9][0-9]) ?9?[0-9]{4}[ -]?[0-9]{4}",
     &brazil_phone,
     false,
     false,
     true},
    {"BRAZIL_PHONE_NUMBER",
     "(?:\\([1-9][0-9]\\)|[1-9][0-9])[ -]?9?[0-9]{4}[ -]?[0-9]{4}",
     &brazil_phone,
     false,
     false,
     false},

    // ---------------------------------------------------------------- Cards, SIN, social security
    {"ARGENTINA_TARJETA_SUBE",
     "6061 [0-9]{4} [0-9]{4} [0-9]{4}|6061-[0-9]{4}-[0-9]{4}-[0-9]{4}|6061[0-9]{12}",
     &luhn,
     false,
     false,
     false},
    {"CANADA_SOCIAL_INSURANCE_NUMBER",
     "[0-9]{3} [0-9]{3} [0-9]{3}|[0-9]{3}-[0-9]{3}-[0-9]{3}|[0-9]{9}",
     &canada_sin,
     false,
     false,
     false},
    // Province, number (7-8 digits), control: "28/12345678/40".
    {"SPAIN_SOCIAL_SECURITY_NUMBER",
     "[0-9]{2}/[0-9]{7,8}/[0-9]{2}|[0-9]{2} [0-9]{7,8} [0-9]{2}|[0-9]{2}-[0-9]{7,8}-[0-9]{2}|"
     "[0-9]{11,12}",
     &spain_social_security,
     false,
     false,
     false},
    {"USA_SOCIAL_SECURITY_NUMBER",
     "[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{9}",
     &us_ssn,
     false,
     false,
     false},

    // ---------------------------------------------------------------- Taxpayer identifiers
    {"ARGENTINA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
     "2[0347](?:-[0-9]{8}-|[0-9]{8})[0-9]",
     &argentina_cuit_individual,
     false,
     false,
     false},
    {"ARGENTINA_ORGANIZATION_TAX_IDENTIFICATION_NUMBER",
     "3[034](?:-[0-9]{8}-|[0-9]{8})[0-9]",
     &argentina_cuit_organization,
     false,
     false,
     false},
    {"AUSTRALIA_TAX_FILE_NUMBER",
     "[0-9]{3} [0-9]{3} [0-9]{3}|[0-9]{3}-[0-9]{3}-[0-9]{3}|[0-9]{3} [0-9]{3} [0-9]{2}|[0-9]{8,9}",
     &australia_tfn,
     false,
     false,
     false},
    {"BRAZIL_CNPJ_NUMBER",
     "[0-9]{2}\\.[0-9]{3}\\.[0-9]{3}/[0-9]{4}-[0-9]{2}|[0-9]{14}",
     &brazil_cnpj,
     false,
     false,
     false},
    {"BRAZIL_CPF_NUMBER",
     "[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}-[0-9]{2}|[0-9]{9}-[0-9]{2}|[0-9]{11}",
     &brazil_cpf,
     false,
     false,
     false},
    // Base (a cédula for individuals) + verification digit.
    {"COLOMBIA_INDIVIDUAL_NIT_NUMBER",
     "[0-9]{1,3}(?:\\.[0-9]{3}){1,3}-[0-9]|[0-9]{6,10}-[0-9]|[0-9]{7,11}",
     &colombia_nit_individual,
     false,
     false,
     false},
    {"COLOMBIA_ORGANIZATION_NIT_NUMBER",
     "[89][0-9]{2}\\.[0-9]{3}\\.[0-9]{3}-[0-9]|[89][0-9]{8}-?[0-9]",
     &colombia_nit_organization,
     false,
     false,
     false},
    // Numéro fiscal (SPI): "30 23 217 600 053".
    {"FRANCE_TAX_IDENTIFICATION_NUMBER",
     "[0-3][0-9](?: [0-9]{2} [0-9]{3} [0-9]{3} [0-9]{3}|[0-9]{11})",
     &france_spi,
     false,
     false,
     false},
    // Steuer-ID (11 digits) and the Länder Steuernummer ("181/815/08155").
    {"GERMANY_TAX_IDENTIFICATION_NUMBER",
     "[1-9][0-9](?: [0-9]{3} [0-9]{3} [0-9]{3}|[0-9]{9})",
     &germany_steuer_id,
     false,
     false,
     false},
    {"GERMANY_TAX_IDENTIFICATION_NUMBER",
     "[0-9]{2,3}/[0-9]{3,4}/[0-9]{4,5}",
     &germany_steuernummer,
     false,
     false,
     false},
    // Holder type (4th letter) P C H F A T B L J G.
    {"INDIA_PERMANENT_ACCOUNT_NUMBER",
     "[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z]",
     nullptr,
     false,
     false,
     false},
    // 4 (individual) or 3 (organisation) letters, YYMMDD, homoclave.
    {"MEXICO_INDIVIDUAL_RFC_NUMBER",
     "(?:[A-Z&]|\xC3\x91){4}[0-9]{6}[1-9A-V][1-9A-Z][0-9A]",
     &mexico_rfc,
     false,
     false,
     false},
    {"MEXICO_ORGANIZATION_RFC_NUMBER",
     "(?:[A-Z&]|\xC3\x91){3}[0-9]{6}[1-9A-V][1-9A-Z][0-9A]",
     &mexico_rfc,
     false,
     false,
     false},
    {"SPAIN_NIE_NUMBER", "[XYZ][ -]?[0-9]{7}[ -]?[A-Z]", &spain_nie, true, false, false},
    {"SPAIN_NIF_NUMBER", "[KLM][0-9]{7}[A-Z]|" TRIPLINE_DNI, &spain_nif, true, false, false},
    {"SPAIN_TAX_IDENTIFICATION_NUMBER",
     "[ABCDEFGHJNPQRSUVW][ -]?[0-9]{7}[ -]?[0-9A-J]",
     &spain_cif,
     true,
     false,
     false},
    // UTR: 10 digits (often "12345 67890"), optionally with the K suffix.
    {"UK_TAX_IDENTIFICATION_NUMBER", "[0-9]{5} ?[0-9]{5}K?", &uk_utr, false, false, false},
    {"USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
     "9[0-9]{2}-[5-9][0-9]-[0-9]{4}|9[0-9]{2} [5-9][0-9] [0-9]{4}|9[0-9]{2}[5-9][0-9]{5}",
     &us_itin,
     false,
     false,
     false},
    {"VEHICLE_IDENTIFICATION_NUMBER", "[A-HJ-NPR-Z0-9]{17}", &vin, false, false, false},
};

#undef TRIPLINE_MBI_L
#undef TRIPLINE_MONTH_NAME
#undef TRIPLINE_TCHAR
#undef TRIPLINE_OCTET
#undef TRIPLINE_COOKIE_PAIR
#undef TRIPLINE_NIR
#undef TRIPLINE_DNI

}  // namespace

std::span<const Shape> personal_shapes() { return kPersonalShapes; }

}  // namespace tripline::scan
