// Unit tests for the filter-pattern module: kinds, the quirks AWS documents, limits, error
// positions, check_selector() and extract().
#include "filter_pattern/filter_pattern.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline::filter_pattern {
namespace {

FilterPattern must_parse(std::string_view text) {
    auto p = FilterPattern::parse(text);
    EXPECT_TRUE(p) << text << ": " << (p ? "" : p.error().to_string());
    return p ? *p : FilterPattern();
}

// The 0-based offset an error points at (Error::where).
std::size_t error_offset(std::string_view text) {
    auto p = FilterPattern::parse(text);
    EXPECT_FALSE(p) << text;
    if (p || !p.error().where) {
        return std::string::npos;
    }
    return p.error().where->begin.offset;
}

TEST(Kinds, ByFirstNonBlankCharacter) {
    EXPECT_EQ(must_parse("").kind(), PatternKind::kMatchAll);
    EXPECT_EQ(must_parse("   ").kind(), PatternKind::kMatchAll);
    EXPECT_EQ(must_parse("\" \"").kind(), PatternKind::kMatchAll);
    EXPECT_EQ(must_parse("ERROR").kind(), PatternKind::kTerms);
    EXPECT_EQ(must_parse("  %ab+c%  ").kind(), PatternKind::kRegex);
    EXPECT_EQ(must_parse(" { $.a = 1 } ").kind(), PatternKind::kJson);
    EXPECT_EQ(must_parse("[a, b]").kind(), PatternKind::kSpaceDelimited);
    EXPECT_EQ(FilterPattern().kind(), PatternKind::kMatchAll);
    EXPECT_TRUE(FilterPattern().matches("anything"));
}

TEST(Terms, SubstringAndCaseSensitive) {
    auto p = must_parse("ERROR");
    EXPECT_TRUE(p.matches("ERRORCODE 1"));
    EXPECT_FALSE(p.matches("error"));
    auto q = must_parse("?ERROR ?WARN -DEBUG");
    EXPECT_TRUE(q.matches("WARN x"));
    EXPECT_FALSE(q.matches("WARN DEBUG"));
    EXPECT_FALSE(q.matches("INFO"));
    auto only_excluded = must_parse("-DEBUG");
    EXPECT_TRUE(only_excluded.matches("INFO"));
    EXPECT_FALSE(only_excluded.matches("DEBUG"));
    EXPECT_TRUE(must_parse("\"a \\\"b\\\"\"").matches("x a \"b\" y"));
}

TEST(Terms, UnquotedPunctuationIsRejectedWithPosition) {
    auto p = FilterPattern::parse("ERROR 4xx-code");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, Errc::kInvalidArgument);
    EXPECT_NE(p.error().message.find("Invalid character(s) in term '4xx-code'"), std::string::npos)
        << p.error().message;
    EXPECT_EQ(p.error().where->begin.offset, 9u);
    EXPECT_EQ(p.error().where->begin.column, 10u);
    EXPECT_EQ(error_offset("ok \"unterminated"), 3u);
}

TEST(Regex, DialectIsRestricted) {
    EXPECT_EQ(error_offset("%(abc)%"), 1u);
    EXPECT_EQ(error_offset("%ab\"c%"), 3u);
    EXPECT_EQ(error_offset("%a\\bc%"), 2u);
    EXPECT_EQ(error_offset("%caf\xc3\xa9%"), 4u);
    EXPECT_EQ(error_offset("%%"), 0u);
    EXPECT_EQ(error_offset("%abc"), 3u);
    EXPECT_TRUE(must_parse("%\\x3A%").matches("a:b"));
    EXPECT_TRUE(must_parse("%a{2,}%").matches("caab"));
    EXPECT_EQ(must_parse("%x%").regex_count(), 1);
}

TEST(Json, PrecedenceAndParentheses) {
    const std::string msg = R"({"a":1,"b":2,"c":3})";
    EXPECT_TRUE(must_parse("{ $.a = 1 || $.b = 9 && $.c = 9 }").matches(msg));
    EXPECT_FALSE(must_parse("{ ($.a = 1 || $.b = 9) && $.c = 9 }").matches(msg));
    EXPECT_TRUE(must_parse("{(($.a=1))&&(($.b=2)||($.c=0))}").matches(msg));
    // Merged OR lists (kAnyOf) keep their verdicts, mixed with other conditions.
    auto list = must_parse("{ $.e = A || $.n = 7 || $.e = \"B\" || $.e = C* || $.l[*] = D }");
    EXPECT_TRUE(list.matches(R"({"e":"B"})"));
    EXPECT_TRUE(list.matches(R"({"e":"Cx"})"));
    EXPECT_TRUE(list.matches(R"({"n":7.0})"));
    EXPECT_TRUE(list.matches(R"({"l":["x","D"]})"));
    EXPECT_FALSE(list.matches(R"({"e":"AB","l":[{"D":1}],"n":"7"})"));
    EXPECT_FALSE(list.matches(R"({"e":{"A":1}})"));
}

TEST(Json, ComparisonsAndTests) {
    const std::string msg =
        R"({"s":"AccessDenied","n":404,"f":1.5,"t":true,"z":null,"o":{"k":"v"},"arr":["x","y"],)"
        R"("k.dot":"d","e":"Ev*ent","neg":-2})";
    EXPECT_TRUE(must_parse("{ $.s = Access* }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.s = *Denied }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.s = *cessDen* }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.s != \"Access\" }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.n = 4* }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.n >= 4.04e2 }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.n = \"404\" }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.neg < -1 }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.f > +1 }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.s > 1 }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.s != 1 }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.t IS TRUE }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.t IS FALSE }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.z IS NULL }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.missing IS NULL }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.missing NOT EXISTS }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.z NOT EXISTS }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.missing != \"x\" }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.o != \"x\" }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.arr != \"x\" }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.arr[*] = y }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.arr[1] = y }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.o.* = v }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.['k.dot'] = d }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.e = Ev*ent }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.s = %^Acc[a-z]+D% }").matches(msg));
    EXPECT_TRUE(must_parse("{ $.s = * }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.o = * }").matches(msg));
    EXPECT_FALSE(must_parse("{ $.s = * }").matches("[1,2]"));
    EXPECT_FALSE(must_parse("{ $.s NOT EXISTS }").matches("not json"));
}

TEST(Json, ErrorsPointAtTheProblem) {
    EXPECT_EQ(error_offset("{ $.a = 1 "), 8u);                               // no closing brace
    EXPECT_EQ(error_offset("{ $.a == 1 }"), 6u);                             // ==
    EXPECT_EQ(error_offset("{ ($.a = 1 }"), 2u);                             // unbalanced (
    EXPECT_EQ(error_offset("{ $.a = 1 && }"), 13u);                          // dangling &&
    EXPECT_EQ(error_offset("{ }"), 0u);                                      // empty
    EXPECT_EQ(error_offset("{ $.a IS NOT NULL }"), 9u);                      // IS NOT
    EXPECT_EQ(error_offset("{ $.a EXISTS }"), 6u);                           // EXISTS alone
    EXPECT_EQ(error_offset("{ $.userIdentity.invokedByNOT EXISTS }"), 30u);  // CIS 1.4 typo
    EXPECT_EQ(error_offset("{ $.a > abc }"), 8u);                            // non-numeric
    EXPECT_EQ(error_offset("{ $.a[*][*] = 1 }"), 8u);                        // two wildcards
    EXPECT_EQ(error_offset("{ $.a = 1 $.b = 2 }"), 10u);                     // missing operator
    auto p = FilterPattern::parse("{ $.a = %x% && $.b = %y% && $.c = %z% }");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().where->begin.offset, 34u);
    EXPECT_EQ(must_parse("{ $.a = %x% || $.b = %y% }").regex_count(), 2);
}

TEST(Limits, PatternLengthAndNesting) {
    std::string long_terms(kMaxPatternLength + 1, 'a');
    auto p = FilterPattern::parse(long_terms);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, Errc::kLimitExceeded);
    EXPECT_TRUE(FilterPattern::parse(std::string(kMaxPatternLength, 'a')));
    std::string deep = "{" + std::string(40, '(') + "$.a=1" + std::string(40, ')') + "}";
    EXPECT_FALSE(FilterPattern::parse(deep));
    std::string ok = "{" + std::string(30, '(') + "$.a=1" + std::string(30, ')') + "}";
    EXPECT_TRUE(must_parse(ok).matches(R"({"a":1})"));
    // Messages nested deeper than the JSON limit are not JSON objects to the matcher.
    std::string nested = R"({"a":)" + std::string(100, '[') + std::string(100, ']') + "}";
    EXPECT_FALSE(must_parse("{ $.a NOT EXISTS }").matches(nested));
    EXPECT_FALSE(must_parse("{ $.b NOT EXISTS }").matches(nested));
}

TEST(SpaceDelimited, FieldsAndEllipsis) {
    const std::string log =
        R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a.gif HTTP/1.0" 200 1534)";
    ExtractedValues values;
    EXPECT_TRUE(must_parse("[..., status = 200, bytes]").match(LogMessage(log), values));
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0], (std::pair<std::string, std::string>{"$status", "200"}));
    EXPECT_EQ(values[1], (std::pair<std::string, std::string>{"$bytes", "1534"}));
    EXPECT_TRUE(must_parse("[ip, ..., request = \"GET *\", ...]").match(LogMessage(log), values));
    EXPECT_EQ(values.back().second, "GET /a.gif HTTP/1.0");
    EXPECT_FALSE(must_parse("[ip, ..., status = 404, ...]").matches(log));
    // Without `...`, the last field takes the rest of the line.
    EXPECT_TRUE(must_parse("[ip, rest]").match(LogMessage(log), values));
    EXPECT_EQ(values.back().second, log.substr(10));
    // Unnamed fields are $N by position.
    EXPECT_TRUE(must_parse("[=127.0.0.1, =\"-\", user]").match(LogMessage(log), values));
    ASSERT_EQ(values.size(), 3u);
    EXPECT_EQ(values[0].first, "$1");
    EXPECT_EQ(values[1].first, "$2");
    EXPECT_TRUE(must_parse("[w1!=ERROR && w1!=WARN, w2]").matches("INFO x"));
    EXPECT_FALSE(must_parse("[w1!=ERROR && w1!=WARN, w2]").matches("WARN x"));
    EXPECT_FALSE(must_parse("[a, b, c]").matches("only two"));
}

TEST(SpaceDelimited, Errors) {
    EXPECT_EQ(error_offset("[a, b = 1 || c = 2]"), 13u);  // condition on another field
    EXPECT_EQ(error_offset("[a,, b]"), 3u);
    EXPECT_EQ(error_offset("[a, b"), 4u);
    EXPECT_EQ(error_offset("[a b]"), 3u);
    EXPECT_EQ(error_offset("[]"), 1u);
}

TEST(Selectors, CheckSelector) {
    auto json = must_parse("{ $.eventName = * }");
    EXPECT_TRUE(json.check_selector("$.eventName"));
    EXPECT_TRUE(json.check_selector("$.requestParameters.items[0].id"));
    EXPECT_TRUE(json.check_selector("$.['a.b']"));
    EXPECT_FALSE(json.check_selector("$eventName"));
    EXPECT_FALSE(json.check_selector("$.a b"));
    EXPECT_FALSE(json.check_selector("1"));
    auto space = must_parse("[ip, user, ..., =200, bytes]");
    EXPECT_TRUE(space.check_selector("$ip"));
    EXPECT_TRUE(space.check_selector("$bytes"));
    EXPECT_TRUE(space.check_selector("$3"));
    EXPECT_FALSE(space.check_selector("$status"));
    EXPECT_FALSE(space.check_selector("$.ip"));
    auto terms = must_parse("ERROR");
    auto status = terms.check_selector("$.latency");
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Errc::kInvalidArgument);
    EXPECT_FALSE(must_parse("%x%").check_selector("$x"));
    EXPECT_FALSE(must_parse("").check_selector("$.x"));
}

TEST(Selectors, Extract) {
    auto json = must_parse("{ $.a = * }");
    LogMessage msg(R"({"a":"x\"y","n":1534,"f":55.5,"z":null,"o":{"k":1},"l":[3,4],"t":true})");
    EXPECT_EQ(json.extract(msg, "$.a"), "x\"y");
    EXPECT_EQ(json.extract(msg, "$.n"), "1534");
    EXPECT_EQ(json.extract(msg, "$.f"), "55.5");
    EXPECT_EQ(json.extract(msg, "$.l[1]"), "4");
    EXPECT_EQ(json.extract(msg, "$.o.k"), "1");
    LogMessage written(R"({"a":[1.50, 1e3 ],"b":{"c":-0}})");
    EXPECT_EQ(json.extract(written, "$.a[0]"), "1.50");
    EXPECT_EQ(json.extract(written, "$.a[1]"), "1e3");
    EXPECT_EQ(json.extract(written, "$.b.c"), "-0");
    EXPECT_EQ(json.extract(written, "$.a[*]"), "1.5");  // wildcards: shortest form
    EXPECT_EQ(json.extract(msg, "$.z"), std::nullopt);
    EXPECT_EQ(json.extract(msg, "$.o"), std::nullopt);
    EXPECT_EQ(json.extract(msg, "$.l"), std::nullopt);
    EXPECT_EQ(json.extract(msg, "$.t"), std::nullopt);
    EXPECT_EQ(json.extract(msg, "$.missing"), std::nullopt);
    EXPECT_EQ(json.extract(msg, "bad"), std::nullopt);
    EXPECT_EQ(json.extract(LogMessage("plain"), "$.a"), std::nullopt);
    auto space = must_parse("[ip, status = 2*, bytes]");
    EXPECT_EQ(space.extract(LogMessage("1.2.3.4 200 99"), "$bytes"), "99");
    EXPECT_EQ(space.extract(LogMessage("1.2.3.4 500 99"), "$bytes"), std::nullopt);
    EXPECT_EQ(space.extract(LogMessage("1.2.3.4 200 99"), "$nope"), std::nullopt);
}

TEST(LogMessage, ReusedAcrossPatternsAndMovable) {
    LogMessage msg(R"({"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com"})");
    auto a = must_parse("{ $.eventName = StopLogging }");
    auto b = must_parse("{ $.eventSource = cloudtrail.amazonaws.com }");
    EXPECT_TRUE(a.matches(msg));
    EXPECT_TRUE(b.matches(msg));
    LogMessage other(R"({"eventName":"Other"})");
    EXPECT_FALSE(a.matches(other));
    EXPECT_TRUE(a.matches(msg));  // other's parse did not disturb msg's
    LogMessage moved(std::move(msg));
    EXPECT_TRUE(b.matches(moved));
    EXPECT_EQ(must_parse("ERROR").text(), "ERROR");
}

}  // namespace
}  // namespace tripline::filter_pattern
