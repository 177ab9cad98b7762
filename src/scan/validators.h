// Validators of managed-identifier shapes (shape.h): check digits and ranges that a regex cannot
// express. Each takes the candidate text exactly as matched (separators included) and says whether
// it is that kind of data. Pure functions, thread-safe. Personal-identifier validators live in
// validators_personal.cpp and may use the building blocks declared here.
#pragma once

#include <string>
#include <string_view>

namespace tripline::scan {

// --- building blocks ---
// The ASCII digits of `text`, in order ("4111-1111" -> "41111111").
std::string digits_of(std::string_view text);
// Luhn (ISO/IEC 7812-1) over a string of digits only; false for an empty string or a non-digit.
bool luhn_valid(std::string_view digits);
// ISO 7064 MOD 97-10 as IBANs use it: letters A..Z count as 10..35, computed digit by digit;
// true when the value mod 97 == 1. `text` holds only [0-9A-Z].
bool mod97_is_one(std::string_view text);
// The text without its ' ' and '-' separators.
std::string without_separators(std::string_view text);

// --- credentials ---
// 40 characters of [A-Za-z0-9/+] holding at least one upper-case letter, one lower-case letter and
// one digit: a 40-hex SHA-1 (one letter case only) or a base64 word run is not a secret key.
bool valid_aws_secret_key(std::string_view candidate);
// "Authorization: Basic <b64>": the credentials decode (padding optional) to "user:password".
bool valid_basic_auth_header(std::string_view candidate);
// header.payload.signature, base64url; the header decodes to a JSON object with a string "alg".
bool valid_json_web_token(std::string_view candidate);

// --- financial ---
// 13-19 digits, written contiguous or in groups with ONE kind of separator (space or hyphen),
// an issuer prefix and length of macie.md §3, Luhn valid.
bool valid_card_number(std::string_view candidate);
// Track 1 "%B<pan>^NAME^YYMM...?" or track 2 ";<pan>=YYMM...?": Luhn-valid 13-19 digit PAN and a
// month 01-12.
bool valid_magnetic_stripe(std::string_view candidate);
// Month 01-12 / month name, year 2 digits or 19xx/20xx (expiration forms of financial shapes).
bool valid_card_expiration(std::string_view candidate);
// An IBAN of a country that has a managed identifier: separators (one kind, groups of four)
// allowed, upper-case letters, the registry length of the country, mod-97 == 1.
bool valid_iban(std::string_view candidate);
// National BBANs (with keyword only): France RIB key, Italy CIN, Spain control digits; Germany
// (8+10 digits) and UK (bank code + sort code + account) are structural only.
bool valid_france_bban(std::string_view candidate);
bool valid_germany_bban(std::string_view candidate);
bool valid_italy_bban(std::string_view candidate);
bool valid_spain_bban(std::string_view candidate);
bool valid_uk_bban(std::string_view candidate);
// Groups written with separators use one kind of separator (" " or "-") throughout.
bool consistent_separators(std::string_view candidate);

}  // namespace tripline::scan
