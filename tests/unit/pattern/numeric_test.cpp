// Numbers (spec §3), CIDR blocks (§2.7), wildcards (§2.8) and case folding (§5) as pure functions.
#include "pattern/numeric.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pattern/case_fold.h"
#include "pattern/cidr.h"
#include "pattern/wildcard.h"

namespace tripline::pattern {
namespace {

TEST(Numeric, ComparableLiterals) {
    for (const char* text : {"300",
                             "300.0",
                             "3.0e2",
                             "3E+2",
                             "30000e-2",
                             "-0",
                             "-0.0",
                             "0.30000000000000004",
                             "123456789012",
                             "1e-300",
                             "5e-324",
                             "1e23"}) {
        EXPECT_TRUE(make_number(text).comparable) << text;
    }
    for (const char* text :
         {"0.10000000000000001", "9007199254740993", "12345678901234567890", "1e309", "1e-400"}) {
        EXPECT_FALSE(make_number(text).comparable) << text;
    }
    EXPECT_EQ(make_number("3.0e2").value, 300.0);
    EXPECT_FALSE(std::signbit(make_number("-0").value));
}

TEST(Numeric, Equality) {
    auto eq = [](const char* a, const char* b) {
        JsonNumber x = make_number(a);
        JsonNumber y = make_number(b);
        return numbers_equal(x.value, x.comparable, x.text, y.value, y.comparable, y.text);
    };
    EXPECT_TRUE(eq("250", "2.5E+2"));
    EXPECT_TRUE(eq("0", "-0.0"));
    EXPECT_TRUE(eq("12345678901234567890", "12345678901234567890"));
    EXPECT_FALSE(eq("12345678901234567890", "1.2345678901234567890e19"));
    EXPECT_FALSE(eq("0.25", "0.25000000000000001"));
}

TEST(Numeric, JsonGrammar) {
    for (const char* ok : {"0", "-1", "1.5", "1e5", "1E-5", "-0.0e+0"}) {
        EXPECT_TRUE(is_json_number(ok)) << ok;
    }
    for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "+1", "1 ", "0x10", "NaN"}) {
        EXPECT_FALSE(is_json_number(bad)) << bad;
    }
}

TEST(Cidr, ParsesAndMatches) {
    std::string error;
    auto block = parse_cidr("192.168.5.9/16", error);
    ASSERT_TRUE(block) << error;
    EXPECT_TRUE(cidr_contains(*block, *parse_ip_address("192.168.255.255")));
    EXPECT_FALSE(cidr_contains(*block, *parse_ip_address("192.169.0.0")));
    auto v6 = parse_cidr("2600:1f18:abcd::/48", error);
    ASSERT_TRUE(v6) << error;
    EXPECT_TRUE(cidr_contains(*v6, *parse_ip_address("2600:1F18:ABCD:ffff::1")));
    EXPECT_FALSE(cidr_contains(*v6, *parse_ip_address("2600:1f18:abce::5")));
    EXPECT_FALSE(cidr_contains(*v6, *parse_ip_address("10.0.0.1")));
}

TEST(Cidr, IpLiterals) {
    for (const char* ok :
         {"1.2.3.4", "001.002.003.004", "::", "::1", "1::", "a:b:c:d:e:f:0:1", "A::B"}) {
        EXPECT_TRUE(parse_ip_address(ok)) << ok;
    }
    for (const char* bad : {"1.2.3",
                            "1.2.3.4.5",
                            "256.1.1.1",
                            "1.2.3.4 ",
                            "::ffff:1.2.3.4",
                            "1:::2",
                            "1::2::3",
                            "a:b:c:d:e:f:0:1:2",
                            "fe80::1%eth0",
                            "[::1]",
                            "12345::",
                            ":1"}) {
        EXPECT_FALSE(parse_ip_address(bad)) << bad;
    }
}

TEST(Wildcard, Matching) {
    std::string error;
    auto w = parse_wildcard("a*b*c", error);
    ASSERT_TRUE(w);
    EXPECT_TRUE(wildcard_matches(*w, "abc"));
    EXPECT_TRUE(wildcard_matches(*w, "aXbYbc"));
    EXPECT_FALSE(wildcard_matches(*w, "ac"));
    EXPECT_FALSE(wildcard_matches(*w, "abcX"));
    auto overlap = parse_wildcard("*aa", error);
    ASSERT_TRUE(overlap);
    EXPECT_FALSE(wildcard_matches(*overlap, "a"));
    EXPECT_TRUE(wildcard_matches(*overlap, "aa"));
}

TEST(Wildcard, SyntaxErrorsCountUtf16Units) {
    std::string error;
    EXPECT_FALSE(parse_wildcard("😀**", error));
    EXPECT_EQ(error, "Consecutive wildcard characters at pos 3");
    EXPECT_FALSE(parse_wildcard("é\\x", error));
    EXPECT_EQ(error, "Invalid escape character at pos 2");
}

int complexity(std::initializer_list<const char*> texts) {
    std::vector<Wildcard> ws;
    std::string error;
    for (const char* t : texts) {
        ws.push_back(*parse_wildcard(t, error));
    }
    std::vector<const Wildcard*> ptrs;
    for (const Wildcard& w : ws) {
        ptrs.push_back(&w);
    }
    return wildcard_complexity(ptrs, 100);
}

TEST(Wildcard, ComplexityMatchesTheEngineFigures) {
    EXPECT_EQ(complexity({"*:*:*:*"}), 7);
    EXPECT_EQ(complexity({"*:stack/A/*", "*:stack/B/*", "*:stack/C/*"}), 9);
    EXPECT_EQ(complexity({"*:stack/A/*", "*:stack/B/*", "*:stack/C/*", "*:stack/D/*"}), 12);
    EXPECT_GT(complexity({"*:*:*:*:*:event-bus/*"}), kMaxWildcardComplexity);
    EXPECT_LE(complexity({"arn:aws:iam::*:role/*"}), kMaxWildcardComplexity);
}

TEST(CaseFold, FollowsThePatternCharacters) {
    EXPECT_TRUE(equals_ignore_case("ÉCOLE", "école"));
    EXPECT_TRUE(equals_ignore_case("maße", "MASSE"));
    EXPECT_FALSE(equals_ignore_case("MASSE", "maße"));
    EXPECT_FALSE(equals_ignore_case("Σ", "ς"));
    EXPECT_TRUE(equals_ignore_case("Ǆ", "ǆ"));
    EXPECT_FALSE(equals_ignore_case("ab", "abc"));
    EXPECT_TRUE(starts_with_ignore_case("ARN:aws", "arn:"));
    EXPECT_FALSE(starts_with_ignore_case("ar", "arn:"));
    EXPECT_TRUE(ends_with_ignore_case("x.PnG", ".png"));
    EXPECT_TRUE(ends_with_ignore_case("STRASSE", "ße"));
    EXPECT_FALSE(ends_with_ignore_case("e", "ße"));
    EXPECT_TRUE(equals_ignore_case("😀", "😀"));
}

}  // namespace
}  // namespace tripline::pattern
