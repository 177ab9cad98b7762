#include "json/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "json/json_parser.h"

namespace tripline::json {
namespace {

TEST(NumberTest, FormatsShortestRoundTrip) {
    EXPECT_EQ(format_number(300.0), "300");
    EXPECT_EQ(format_number(4.5), "4.5");
    EXPECT_EQ(format_number(0.1), "0.1");
    EXPECT_EQ(format_number(-2.0), "-2");
    EXPECT_EQ(format_number(0.0), "0");
    EXPECT_EQ(format_number(-0.0), "0");
    EXPECT_EQ(format_number(1e21), "1e+21");
    EXPECT_EQ(format_number(1.5e-7), "1.5e-07");
    EXPECT_EQ(format_number(85.4202380952), "85.4202380952");
    EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "null");
    EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "null");
    const double third = 1.0 / 3.0;
    EXPECT_EQ(*parse_number(format_number(third)), third);
}

TEST(NumberTest, AppendNumber) {
    std::string out = "x=";
    append_number(out, 2.25);
    EXPECT_EQ(out, "x=2.25");
}

TEST(NumberTest, ParsesJsonNumbers) {
    EXPECT_EQ(*parse_number("0"), 0.0);
    EXPECT_EQ(*parse_number("-0"), 0.0);
    EXPECT_TRUE(std::signbit(*parse_number("-0")));
    EXPECT_EQ(*parse_number("300"), 300.0);
    EXPECT_EQ(*parse_number("3.0e2"), 300.0);
    EXPECT_EQ(*parse_number("3E+2"), 300.0);
    EXPECT_EQ(*parse_number("30000e-2"), 300.0);
    EXPECT_EQ(*parse_number("-1.25"), -1.25);
    EXPECT_EQ(*parse_number("1e-400"), 0.0);
    EXPECT_EQ(*parse_number("0.000e999"), 0.0);
}

TEST(NumberTest, RejectsNonJsonNumbers) {
    for (std::string_view bad : {"",
                                 "+1",
                                 "01",
                                 "1.",
                                 ".5",
                                 "1e",
                                 "1e+",
                                 "0x10",
                                 "NaN",
                                 "Infinity",
                                 " 1",
                                 "1 ",
                                 "--1",
                                 "1.5.2",
                                 "-"}) {
        auto n = parse_number(bad);
        ASSERT_FALSE(n) << bad;
        EXPECT_EQ(n.error().code, Errc::kInvalidArgument);
        EXPECT_FALSE(is_json_number(bad)) << bad;
    }
    EXPECT_EQ(parse_number("1.").error().message, "invalid JSON number '1.'");
}

TEST(NumberTest, RejectsOverflow) {
    auto n = parse_number("1e999");
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().message, "JSON number '1e999' out of range");
    EXPECT_TRUE(is_json_number("1e999"));
    EXPECT_FALSE(parse_number("-123456789e400"));
}

TEST(NumberTest, CanonicalNumberMakesSpellingsEqual) {
    EXPECT_EQ(*canonical_number("300"), "300");
    EXPECT_EQ(*canonical_number("3.0e2"), "300");
    EXPECT_EQ(*canonical_number("300.000"), "300");
    EXPECT_EQ(*canonical_number("0.5E1"), "5");
    EXPECT_EQ(*canonical_number("50e-1"), "5");
    EXPECT_FALSE(canonical_number("5."));
}

TEST(NumberTest, NumberValueOfElements) {
    JsonParser parser;
    auto root = parser.parse(R"([1,-2,18446744073709551615,2.5,"3",true,null])");
    ASSERT_TRUE(root);
    simdjson::dom::array a = *root;
    EXPECT_EQ(number_value(a.at(0).value()), 1.0);
    EXPECT_EQ(number_value(a.at(1).value()), -2.0);
    EXPECT_EQ(number_value(a.at(2).value()), 18446744073709551615.0);
    EXPECT_EQ(number_value(a.at(3).value()), 2.5);
    EXPECT_EQ(number_value(a.at(4).value()), std::nullopt);
    EXPECT_EQ(number_value(a.at(5).value()), std::nullopt);
    EXPECT_EQ(number_value(a.at(6).value()), std::nullopt);
}

}  // namespace
}  // namespace tripline::json
