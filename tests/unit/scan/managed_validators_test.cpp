#include <gtest/gtest.h>

#include "scan/validators.h"

namespace tripline::scan {
namespace {

TEST(ManagedValidators, Luhn) {
    EXPECT_TRUE(luhn_valid("4960336149935536"));
    EXPECT_FALSE(luhn_valid("4960336149935537"));
    EXPECT_TRUE(luhn_valid("0"));
    EXPECT_FALSE(luhn_valid(""));
    EXPECT_FALSE(luhn_valid("4960 3361"));
    EXPECT_EQ(digits_of("4960-3361 x"), "49603361");
    EXPECT_EQ(without_separators("GB29 NWBK-60"), "GB29NWBK60");
}

TEST(ManagedValidators, CardNumbers) {
    EXPECT_TRUE(valid_card_number("4960336149935536"));
    EXPECT_TRUE(valid_card_number("4960 3361 4993 5536"));
    EXPECT_TRUE(valid_card_number("4960-3361-4993-5536"));
    EXPECT_FALSE(valid_card_number("4960 3361-4993 5536"));  // mixed separators
    EXPECT_TRUE(valid_card_number("347673359817844"));       // Amex 15
    EXPECT_FALSE(valid_card_number("3476733598178440"));     // Amex is 15 digits
    EXPECT_TRUE(valid_card_number("6207709653316163273"));   // UnionPay 19
    EXPECT_FALSE(valid_card_number("9989792743535229"));     // no issuer
    EXPECT_FALSE(valid_card_number("5077265087409161"));     // 50xx is not a listed brand
    EXPECT_FALSE(valid_card_number("496033614993"));         // 12 digits
}

TEST(ManagedValidators, Mod97AndIban) {
    EXPECT_TRUE(mod97_is_one("NWBK60161331926819GB29"));
    EXPECT_FALSE(mod97_is_one("NWBK60161331926819GB28"));
    EXPECT_FALSE(mod97_is_one("nwbk"));
    EXPECT_TRUE(valid_iban("GB29NWBK60161331926819"));
    EXPECT_TRUE(valid_iban("GB29 NWBK 6016 1331 9268 19"));
    EXPECT_TRUE(valid_iban("GB29-NWBK-6016-1331-9268-19"));
    EXPECT_FALSE(valid_iban("GB29 NWBK-6016 1331 9268 19"));  // mixed separators
    EXPECT_FALSE(valid_iban("GB29 NWBK6016 1331 9268 19"));   // not groups of four
    EXPECT_FALSE(valid_iban("GB28NWBK60161331926819"));       // check digits
    EXPECT_FALSE(valid_iban("GB29NWBK6016133192681"));        // registry length
    EXPECT_FALSE(valid_iban("BE68539007547034"));             // no Macie identifier
    EXPECT_TRUE(valid_iban("XK051212012345678906"));
    EXPECT_TRUE(valid_iban("MT84MALT011000012345MTLCAST001S"));
}

TEST(ManagedValidators, NationalBbans) {
    EXPECT_TRUE(valid_france_bban("20041010050500013M02606"));
    EXPECT_TRUE(valid_france_bban("20041 01005 0500013M026 06"));
    EXPECT_FALSE(valid_france_bban("20041010050500013M02607"));
    EXPECT_TRUE(valid_italy_bban("X0542811101000000123456"));
    EXPECT_FALSE(valid_italy_bban("Y0542811101000000123456"));
    EXPECT_TRUE(valid_spain_bban("21000418450200051332"));
    EXPECT_TRUE(valid_spain_bban("2100 0418 45 0200051332"));
    EXPECT_FALSE(valid_spain_bban("21000418460200051332"));
    EXPECT_TRUE(valid_germany_bban("370400440532013000"));
    EXPECT_FALSE(valid_germany_bban("37040044053201300"));
    EXPECT_TRUE(valid_uk_bban("NWBK60161331926819"));
    EXPECT_TRUE(valid_uk_bban("60-16-13 31926819"));
    EXPECT_FALSE(valid_uk_bban("NWBK6016133192681"));
}

TEST(ManagedValidators, Credentials) {
    EXPECT_TRUE(valid_aws_secret_key("Zx9Kq2LmN4pR7sT1uV3wY5aB8cD0eF6gH+j/Ki2M"));
    EXPECT_FALSE(valid_aws_secret_key("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
    EXPECT_FALSE(valid_aws_secret_key("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"));
    EXPECT_FALSE(valid_aws_secret_key("abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ"));  // no digit
    EXPECT_TRUE(valid_basic_auth_header("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    EXPECT_TRUE(valid_basic_auth_header("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ"));
    EXPECT_FALSE(valid_basic_auth_header("Authorization: Basic aGVsbG8="));
    EXPECT_TRUE(valid_json_web_token("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."));
    EXPECT_FALSE(valid_json_web_token("eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.x"));
    EXPECT_FALSE(valid_json_web_token("eyJhbGciOjF9.eyJzdWIiOiIxIn0.x"));  // alg not a string
}

TEST(ManagedValidators, CardDatesAndStripes) {
    EXPECT_TRUE(valid_card_expiration("02/26"));
    EXPECT_TRUE(valid_card_expiration("Feb 2026"));
    EXPECT_TRUE(valid_card_expiration("September 2026"));
    EXPECT_TRUE(valid_card_expiration("26-Feb"));
    EXPECT_FALSE(valid_card_expiration("Marco 2026"));
    EXPECT_FALSE(valid_card_expiration("Ju 2026"));
    EXPECT_TRUE(valid_magnetic_stripe("%B4960336149935536^DOE/JOHN^2512101000?"));
    EXPECT_TRUE(valid_magnetic_stripe(";4960336149935536=2512101?"));
    EXPECT_FALSE(valid_magnetic_stripe(";4960336149935537=2512101?"));
    EXPECT_FALSE(valid_magnetic_stripe(";4960336149935536=2513101?"));
    EXPECT_TRUE(consistent_separators("1 2 3"));
    EXPECT_FALSE(consistent_separators("1 2-3"));
}

}  // namespace
}  // namespace tripline::scan
