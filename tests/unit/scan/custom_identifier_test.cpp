#include "scan/custom_identifier.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "scan/custom_regex_dialect.h"

namespace tripline::scan {
namespace {

CustomIdentifierSpec spec_with(std::string regex) {
    CustomIdentifierSpec spec;
    spec.name = "employee-id";
    spec.regex = std::move(regex);
    return spec;
}

// The validation message for `regex`, or "ok".
std::string regex_error(std::string regex) {
    auto status = validate_custom_identifier(spec_with(std::move(regex)));
    if (status) {
        return "ok";
    }
    EXPECT_EQ(status.error().code, Errc::kInvalidArgument);
    return status.error().message;
}

std::vector<std::string> matches(const CustomIdentifierSpec& spec,
                                 std::string_view value,
                                 std::vector<std::string_view> names = {}) {
    auto matcher = CustomMatcher::compile({spec});
    EXPECT_TRUE(matcher) << matcher.error().message;
    if (!matcher) {
        return {};
    }
    std::vector<Match> out;
    matcher->scan(value, ValueContext{names}, out);
    std::vector<std::string> texts;
    for (const Match& m : out) {
        EXPECT_EQ(m.kind, Match::Kind::kCustom);
        EXPECT_EQ(m.index, 0u);
        texts.emplace_back(value.substr(m.begin, m.end - m.begin));
    }
    return texts;
}

using Texts = std::vector<std::string>;

// ---- validation: fields ----

TEST(CustomIdentifierValidation, AcceptsAFullSpec) {
    CustomIdentifierSpec spec = spec_with(R"(EMP-\d{6})");
    spec.keywords = {"employee", "staff id"};
    spec.ignore_words = {"EMP-000000"};
    spec.maximum_match_distance = 300;
    spec.severity_levels = {{1, Severity::kLow}, {50, Severity::kMedium}, {100, Severity::kHigh}};
    EXPECT_TRUE(validate_custom_identifier(spec));
}

TEST(CustomIdentifierValidation, NameIsRequiredAndAtMost128Characters) {
    CustomIdentifierSpec spec = spec_with("x");
    spec.name.clear();
    EXPECT_EQ(validate_custom_identifier(spec).error().message, "name: is required");
    spec.name = std::string(128, 'n');
    EXPECT_TRUE(validate_custom_identifier(spec));
    spec.name = std::string(129, 'n');
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "name: must be at most 128 characters (got 129)");
    // Characters, not bytes: 128 two-byte characters pass.
    spec.name.clear();
    for (int i = 0; i < 128; ++i) {
        spec.name += "é";
    }
    EXPECT_TRUE(validate_custom_identifier(spec));
}

TEST(CustomIdentifierValidation, RegexIsRequiredAndAtMost512Characters) {
    EXPECT_EQ(regex_error(""), "regex: is required");
    EXPECT_EQ(regex_error(std::string(512, 'a')), "ok");
    EXPECT_EQ(regex_error(std::string(513, 'a')),
              "regex: must be at most 512 characters (got 513)");
}

TEST(CustomIdentifierValidation, Keywords) {
    CustomIdentifierSpec spec = spec_with("x");
    spec.keywords = {"abc", std::string(90, 'k')};
    EXPECT_TRUE(validate_custom_identifier(spec));
    spec.keywords = {"abc", "ab"};
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "keywords: each keyword must be 3 to 90 characters (keyword 2 has 2)");
    spec.keywords = {std::string(91, 'k')};
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "keywords: each keyword must be 3 to 90 characters (keyword 1 has 91)");
    spec.keywords = {"日本語"};  // 3 characters, 9 bytes
    EXPECT_TRUE(validate_custom_identifier(spec));
    spec.keywords.assign(50, "abc");
    EXPECT_TRUE(validate_custom_identifier(spec));
    spec.keywords.assign(51, "abc");
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "keywords: at most 50 keywords are allowed (got 51)");
}

TEST(CustomIdentifierValidation, MaximumMatchDistance) {
    CustomIdentifierSpec spec = spec_with("x");
    for (int ok : {1, 50, 300}) {
        spec.maximum_match_distance = ok;
        EXPECT_TRUE(validate_custom_identifier(spec)) << ok;
    }
    spec.maximum_match_distance = 0;
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "maximumMatchDistance: must be between 1 and 300 (got 0)");
    spec.maximum_match_distance = 301;
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "maximumMatchDistance: must be between 1 and 300 (got 301)");
}

TEST(CustomIdentifierValidation, IgnoreWords) {
    CustomIdentifierSpec spec = spec_with("x");
    spec.ignore_words = {"abcd", std::string(90, 'w')};
    EXPECT_TRUE(validate_custom_identifier(spec));
    spec.ignore_words = {"abc"};
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "ignoreWords: each ignore word must be 4 to 90 characters (ignore word 1 has 3)");
    spec.ignore_words.assign(11, "abcd");
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "ignoreWords: at most 10 ignore words are allowed (got 11)");
}

TEST(CustomIdentifierValidation, SeverityLevels) {
    CustomIdentifierSpec spec = spec_with("x");
    spec.severity_levels = {{10, Severity::kHigh}};
    EXPECT_TRUE(validate_custom_identifier(spec));
    // Listed in any order; by threshold the severities must rise.
    spec.severity_levels = {{100, Severity::kHigh}, {1, Severity::kLow}};
    EXPECT_TRUE(validate_custom_identifier(spec));

    spec.severity_levels = {
        {1, Severity::kLow}, {2, Severity::kMedium}, {3, Severity::kHigh}, {4, Severity::kHigh}};
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "severityLevels: at most 3 severity levels are allowed (got 4)");

    spec.severity_levels = {{0, Severity::kLow}};
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "severityLevels: occurrencesThreshold must be at least 1");

    spec.severity_levels = {{5, Severity::kLow}, {5, Severity::kHigh}};
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "severityLevels: occurrencesThreshold values must be distinct (5 appears twice)");

    const std::string not_ascending =
        "severityLevels: occurrencesThreshold values must ascend with the severity "
        "(LOW < MEDIUM < HIGH), each severity at most once";
    spec.severity_levels = {{1, Severity::kHigh}, {50, Severity::kLow}};
    EXPECT_EQ(validate_custom_identifier(spec).error().message, not_ascending);
    spec.severity_levels = {{1, Severity::kMedium}, {50, Severity::kMedium}};
    EXPECT_EQ(validate_custom_identifier(spec).error().message, not_ascending);

    spec.severity_levels = {{1, static_cast<Severity>(7)}};
    EXPECT_EQ(validate_custom_identifier(spec).error().message,
              "severityLevels: severity must be LOW, MEDIUM or HIGH");
}

// ---- validation: the regex dialect ----

TEST(CustomIdentifierDialect, AcceptsTheSupportedSubset) {
    for (const char* ok : {
             R"(EMP-\d{6})",
             R"((?:ab|cd)+)",
             R"((?i)secret[_-]?key\s*[:=]\s*\S+)",
             R"((?i:abc)def)",
             R"(^\d{3}$)",
             R"([(]\d{3}[)])",      // parentheses in a class are literal
             R"(\(\d{3}\))",        // escaped parentheses
             R"(\Q(literal)\E\d)",  // \Q..\E quotes
             R"(\d{100,})",         // open repeat
             R"(\d{100})",          // exact repeat
             R"(\d{0,100})",        // range up to the bound
             R"(\d{101,101})",      // a "range" of one count
             R"(\d+\s*\d+)",        // runs of + are fine
             R"(a*b*)",             // two starred atoms
             R"(a*b*c*)",           // three, none repeated
             R"(a*b+a*)",           // the run is broken by +
             R"(/usr/bin/\w+)",     // slashes that are not flags
             R"(/abc/)",            // delimiters without flags are literal slashes
             R"(\x{41}\x41\p{L}\pL)",
             R"([[:alpha:]]+)",
             R"(\0)",
             R"(a{,5})",  // not a repeat: literal braces
         }) {
        EXPECT_EQ(regex_error(ok), "ok") << ok;
    }
}

TEST(CustomIdentifierDialect, RejectsCapturingGroupsWithTheirOffset) {
    EXPECT_EQ(regex_error(R"(EMP-(\d+))"),
              "regex: capturing groups are not supported (at offset 4); use (?:...)");
    EXPECT_EQ(regex_error(R"((?:a(b)))"),
              "regex: capturing groups are not supported (at offset 4); use (?:...)");
    EXPECT_EQ(regex_error(R"([(]x(y))"),
              "regex: capturing groups are not supported (at offset 4); use (?:...)");
    // Offsets count characters.
    EXPECT_EQ(regex_error("é(x)"),
              "regex: capturing groups are not supported (at offset 1); use (?:...)");
}

TEST(CustomIdentifierDialect, RejectsNamedGroups) {
    const std::string named =
        "regex: named capturing groups are not supported (at offset 1); use (?:...)";
    EXPECT_EQ(regex_error(R"(a(?<id>\d+))"), named);
    EXPECT_EQ(regex_error(R"(a(?P<id>\d+))"), named);
    EXPECT_EQ(regex_error(R"(a(?'id'\d+))"), named);
}

TEST(CustomIdentifierDialect, RejectsBackreferences) {
    const std::string backreference = "regex: backreferences are not supported (at offset 5)";
    EXPECT_EQ(regex_error(R"((?:a)\1)"), backreference);
    EXPECT_EQ(regex_error(R"((?:a)\12)"), backreference);
    EXPECT_EQ(regex_error(R"((?:a)\k<x>)"), backreference);
    EXPECT_EQ(regex_error(R"((?:a)\g{-1})"), backreference);
    EXPECT_EQ(regex_error(R"((?:a)\g1)"), backreference);
    EXPECT_EQ(regex_error(R"(x(?P=name))"),
              "regex: backreferences are not supported (at offset 1)");
}

TEST(CustomIdentifierDialect, RejectsLookaround) {
    EXPECT_EQ(regex_error(R"(\d+(?=px))"),
              "regex: lookahead assertions are not supported (at offset 3)");
    EXPECT_EQ(regex_error(R"(\d+(?!px))"),
              "regex: lookahead assertions are not supported (at offset 3)");
    EXPECT_EQ(regex_error(R"((?<=\$)\d+)"),
              "regex: lookbehind assertions are not supported (at offset 0)");
    EXPECT_EQ(regex_error(R"((?<!\$)\d+)"),
              "regex: lookbehind assertions are not supported (at offset 0)");
}

TEST(CustomIdentifierDialect, RejectsConditionalsCodeAndRecursion) {
    EXPECT_EQ(regex_error(R"((?(1)a|b))"), "regex: conditionals are not supported (at offset 0)");
    EXPECT_EQ(regex_error(R"(a(?{ print })b)"),
              "regex: embedded code is not supported (at offset 1)");
    EXPECT_EQ(regex_error(R"(a(??{ code }))"),
              "regex: embedded code is not supported (at offset 1)");
    for (const char* recursive : {R"(a(?R)?b)",
                                  R"(a(?1)b)",
                                  R"(a(?0)b)",
                                  R"(a(?+1)b)",
                                  R"(a(?-1)b)",
                                  R"(a(?&n)b)",
                                  R"(a(?P>n)b)"}) {
        EXPECT_EQ(regex_error(recursive), "regex: recursion is not supported (at offset 1)")
            << recursive;
    }
    EXPECT_EQ(regex_error(R"(a\g<n>)"), "regex: recursion is not supported (at offset 1)");
}

TEST(CustomIdentifierDialect, InlineFlagsAreNotRecursion) {
    EXPECT_EQ(regex_error(R"((?-i)abc)"), "ok");
    EXPECT_EQ(regex_error(R"((?i-s:abc))"), "ok");
}

TEST(CustomIdentifierDialect, RejectsGlobalFlags) {
    EXPECT_EQ(regex_error(R"(/secret/i)"),
              "regex: global flags such as /i are not supported (at offset 7); use inline flags "
              "such as (?i)");
    EXPECT_EQ(regex_error(R"(/a\d+b/gmx)"),
              "regex: global flags such as /i are not supported (at offset 6); use inline flags "
              "such as (?i)");
}

TEST(CustomIdentifierDialect, RejectsLargeBoundedRepeats) {
    EXPECT_EQ(regex_error(R"(\d{100,1000})"),
              "regex: bounded repeat {100,1000} is too large (at offset 2); the upper bound of a "
              "range may be at most 100; use {m,} for an open range");
    EXPECT_EQ(regex_error(R"(x\w{0,101})"),
              "regex: bounded repeat {0,101} is too large (at offset 3); the upper bound of a "
              "range may be at most 100; use {m,} for an open range");
    EXPECT_EQ(regex_error(R"(\d{100,})"), "ok");
}

TEST(CustomIdentifierDialect, RejectsRepeatedStarredAtoms) {
    const std::string nested =
        "regex: nested quantifiers such as a*b*a* are not supported (at offset 4); a starred atom "
        "repeats an earlier one of the same run";
    EXPECT_EQ(regex_error("a*b*a*"), nested);
    EXPECT_EQ(regex_error("a*a*a*"), nested);
    EXPECT_EQ(regex_error(R"(x\d*\s*\d*)"),
              "regex: nested quantifiers such as a*b*a* are not supported (at offset 7); a starred "
              "atom repeats an earlier one of the same run");
    EXPECT_EQ(regex_error(R"((?:ab)*c*(?:ab)*)"),
              "regex: nested quantifiers such as a*b*a* are not supported (at offset 9); a starred "
              "atom repeats an earlier one of the same run");
    EXPECT_EQ(regex_error("a{0,}b*?a*"),
              "regex: nested quantifiers such as a*b*a* are not supported (at offset 8); a starred "
              "atom repeats an earlier one of the same run");
    // Alternation and other atoms end the run.
    EXPECT_EQ(regex_error("a*b*|a*"), "ok");
    EXPECT_EQ(regex_error("a*b*-a*"), "ok");
}

TEST(CustomIdentifierDialect, ReportsRe2ErrorsWithTheirOffset) {
    EXPECT_EQ(regex_error(R"(ab\p{Nope})"),
              "regex: invalid character class range: \\p{Nope} (at offset 2)");
    EXPECT_EQ(regex_error(R"(ab(?:cd)"), "regex: missing ): ab(?:cd (at offset 0)");
    EXPECT_EQ(regex_error(R"(a**)"), "regex: bad repetition operator: ** (at offset 1)");
    EXPECT_EQ(regex_error(R"((?>atomic))"), "regex: invalid perl operator: (?> (at offset 0)");
    EXPECT_EQ(regex_error(R"(x\Z)"), "regex: invalid escape sequence: \\Z (at offset 1)");
}

TEST(CustomIdentifierDialect, CheckerNeverThrowsOnMalformedText) {
    // The checker only answers; RE2 rejects these.
    for (const char* text : {"(", "(?", "\\", "[", "[^]", "(?P", "{", "a{1", "\\x{", "\\Q", ")("}) {
        (void)internal::check_regex_dialect(text);
    }
    std::string deep(2000, '(');
    EXPECT_TRUE(internal::check_regex_dialect(deep).has_value());
    std::string deep_ok;
    for (int i = 0; i < 2000; ++i) {
        deep_ok += "(?:";
    }
    (void)internal::check_regex_dialect(deep_ok);
}

// ---- matching ----

TEST(CustomMatcher, AllNonOverlappingMatchesWithoutKeywords) {
    EXPECT_EQ(matches(spec_with(R"(EMP-\d{4})"), "EMP-1234, EMP-5678 and EMP-12"),
              (Texts{"EMP-1234", "EMP-5678"}));
    EXPECT_EQ(matches(spec_with("aa"), "aaaaa"), (Texts{"aa", "aa"}));
    EXPECT_EQ(matches(spec_with("x"), ""), Texts{});
}

TEST(CustomMatcher, AnchorsAreTheValuesEnds) {
    EXPECT_EQ(matches(spec_with(R"(^\d+)"), "123 456\n789"), Texts{"123"});
    EXPECT_EQ(matches(spec_with(R"(\d+$)"), "123 456\n789"), Texts{"789"});
    EXPECT_EQ(matches(spec_with(R"(^\d+$)"), "123\n456"), Texts{});
    EXPECT_EQ(matches(spec_with(R"(^\d+$)"), "123456"), Texts{"123456"});
}

TEST(CustomMatcher, EmptyMatchesAreSkipped) {
    EXPECT_EQ(matches(spec_with(R"(\d*)"), "ab12c3"), (Texts{"12", "3"}));
    EXPECT_EQ(matches(spec_with(R"(x?)"), "ééx"), Texts{"x"});
}

TEST(CustomMatcher, KeywordMustPrecedeWithinTheDistance) {
    CustomIdentifierSpec spec = spec_with(R"(\d{6})");
    spec.keywords = {"employee"};
    spec.maximum_match_distance = 10;
    // "employee" ends at 8; "123456" ends at 8+4+6 = 18: distance 10.
    EXPECT_EQ(matches(spec, "employee id 123456"), Texts{"123456"});
    // One character more and the match is only partly inside the window: dropped.
    EXPECT_EQ(matches(spec, "employee id  123456"), Texts{});
    // A keyword after the match does not count.
    EXPECT_EQ(matches(spec, "123456 employee"), Texts{});
    // Case-insensitive.
    EXPECT_EQ(matches(spec, "EMPLOYEE: 123456"), Texts{"123456"});
    // Each match measures from the closest preceding keyword.
    EXPECT_EQ(matches(spec, "employee 111111 222222 Employee 333333"), (Texts{"111111", "333333"}));
}

TEST(CustomMatcher, KeywordDistanceCountsCharacters) {
    CustomIdentifierSpec spec = spec_with(R"(\d{3})");
    spec.keywords = {"clé"};
    spec.maximum_match_distance = 6;
    // "ééé" is 3 characters (6 bytes): distance 3 + 3 = 6.
    EXPECT_EQ(matches(spec, "CLÉéé 123"), Texts{"123"});
    EXPECT_EQ(matches(spec, "cléééé123"), Texts{"123"});
    EXPECT_EQ(matches(spec, "cléééé 123"), Texts{});
}

TEST(CustomMatcher, StrayContinuationBytesCountAsCharacters) {
    // Found by the fuzzer: invalid UTF-8 must not shrink the distance below its byte length / 4.
    CustomIdentifierSpec spec = spec_with(R"(\d{3})");
    spec.keywords = {"key"};
    spec.maximum_match_distance = 5;
    EXPECT_EQ(matches(spec,
                      "key\xA4\xA4"
                      "123"),
              Texts{"123"});
    EXPECT_EQ(matches(spec, "key" + std::string(30, '\xA4') + "123"), Texts{});
    EXPECT_EQ(internal::utf8_length("\xA4\xA4\xC3\xA9\xE6\x97"), 4u);
}

TEST(CustomMatcher, AnyKeywordCounts) {
    CustomIdentifierSpec spec = spec_with(R"(\d{4})");
    spec.keywords = {"pin", "passcode"};
    spec.maximum_match_distance = 5;
    EXPECT_EQ(matches(spec, "passcode 1234 pin 5678 other 9999"), (Texts{"1234", "5678"}));
    // Overlapping keywords: the one that ends closest to the match decides.
    spec.keywords = {"code", "passcodes"};
    EXPECT_EQ(matches(spec, "passcodes1234"), Texts{"1234"});
}

TEST(CustomMatcher, KeywordMustNotOverlapTheMatch) {
    CustomIdentifierSpec spec = spec_with(R"(acct-\d+)");
    spec.keywords = {"acct"};
    EXPECT_EQ(matches(spec, "acct-42"), Texts{});
    EXPECT_EQ(matches(spec, "acct acct-42"), Texts{"acct-42"});
}

TEST(CustomMatcher, KeywordInAContextNameCountsForEveryMatch) {
    CustomIdentifierSpec spec = spec_with(R"(\d{6})");
    spec.keywords = {"employee"};
    spec.maximum_match_distance = 1;
    std::vector<std::string_view> names = {"rows", "Employee_ID"};
    EXPECT_EQ(matches(spec, "123456 and much later 654321", names), (Texts{"123456", "654321"}));
    std::vector<std::string_view> other = {"customer"};
    EXPECT_EQ(matches(spec, "123456", other), Texts{});
}

TEST(CustomMatcher, IgnoreWordsAreCaseSensitiveSubstrings) {
    CustomIdentifierSpec spec = spec_with(R"([A-Za-z]+-\d+)");
    spec.ignore_words = {"TEST", "demo"};
    EXPECT_EQ(matches(spec, "TEST-1 test-2 xTESTx-3 demo-4 Demo-5 real-6"),
              (Texts{"test-2", "Demo-5", "real-6"}));
}

TEST(CustomMatcher, SeveralIdentifiersReportTheirIndexInOrderOfBegin) {
    auto matcher =
        CustomMatcher::compile({spec_with(R"(B\d)"), spec_with(R"(A\d)"), spec_with(R"(never\d)")});
    ASSERT_TRUE(matcher);
    std::vector<Match> out;
    matcher->scan("A1 B2 A3", ValueContext{}, out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].index, 1u);
    EXPECT_EQ(out[0].begin, 0u);
    EXPECT_EQ(out[1].index, 0u);
    EXPECT_EQ(out[1].begin, 3u);
    EXPECT_EQ(out[2].index, 1u);
    EXPECT_EQ(out[2].end, 8u);
    out.clear();
    matcher->scan("nothing here", ValueContext{}, out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(matcher->specs().size(), 3u);
    EXPECT_EQ(matcher->specs()[2].regex, R"(never\d)");
}

TEST(CustomMatcher, AppendsAfterExistingMatches) {
    auto matcher = CustomMatcher::compile({spec_with("b")});
    ASSERT_TRUE(matcher);
    std::vector<Match> out = {Match{Match::Kind::kManaged, 7, 5, 6}};
    matcher->scan("abab", ValueContext{}, out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].index, 7u);  // untouched
    EXPECT_EQ(out[1].begin, 1u);
    EXPECT_EQ(out[2].begin, 3u);
}

TEST(CustomMatcher, CompileRejectsAnInvalidSpec) {
    auto matcher = CustomMatcher::compile({spec_with("ok"), spec_with("(bad)")});
    ASSERT_FALSE(matcher);
    EXPECT_EQ(matcher.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(matcher.error().message,
              "regex: capturing groups are not supported (at offset 0); use (?:...)");
    auto empty = CustomMatcher::compile({});
    ASSERT_TRUE(empty);
    std::vector<Match> out;
    empty->scan("anything", ValueContext{}, out);
    EXPECT_TRUE(out.empty());
}

TEST(CustomMatcher, MatchesPerValueAreCapped) {
    std::string value(250'000, 'a');
    auto matcher = CustomMatcher::compile({spec_with("a")});
    ASSERT_TRUE(matcher);
    std::vector<Match> out;
    matcher->scan(value, ValueContext{}, out);
    EXPECT_EQ(out.size(), 100'000u);
}

TEST(CustomMatcher, MovedMatcherStillScans) {
    auto matcher = CustomMatcher::compile({spec_with("z")});
    ASSERT_TRUE(matcher);
    CustomMatcher moved = std::move(*matcher);
    std::vector<Match> out;
    moved.scan("zz", ValueContext{}, out);
    EXPECT_EQ(out.size(), 2u);
}

// ---- severity ----

TEST(CustomSeverity, DefaultIsMediumFromOneMatch) {
    CustomIdentifierSpec spec = spec_with("x");
    EXPECT_EQ(custom_severity(spec, 0), std::nullopt);
    EXPECT_EQ(custom_severity(spec, 1), Severity::kMedium);
    EXPECT_EQ(custom_severity(spec, 1'000'000), Severity::kMedium);
}

TEST(CustomSeverity, LargestThresholdNotAboveTheCount) {
    CustomIdentifierSpec spec = spec_with("x");
    spec.severity_levels = {{1, Severity::kLow}, {50, Severity::kMedium}, {100, Severity::kHigh}};
    EXPECT_EQ(custom_severity(spec, 0), std::nullopt);
    EXPECT_EQ(custom_severity(spec, 1), Severity::kLow);
    EXPECT_EQ(custom_severity(spec, 49), Severity::kLow);
    EXPECT_EQ(custom_severity(spec, 50), Severity::kMedium);
    EXPECT_EQ(custom_severity(spec, 99), Severity::kMedium);
    EXPECT_EQ(custom_severity(spec, 100), Severity::kHigh);
    EXPECT_EQ(custom_severity(spec, 5000), Severity::kHigh);
}

TEST(CustomSeverity, BelowTheLowestThresholdThereIsNoFinding) {
    CustomIdentifierSpec spec = spec_with("x");
    spec.severity_levels = {{100, Severity::kHigh}, {10, Severity::kMedium}};  // any order
    EXPECT_EQ(custom_severity(spec, 9), std::nullopt);
    EXPECT_EQ(custom_severity(spec, 10), Severity::kMedium);
    EXPECT_EQ(custom_severity(spec, 100), Severity::kHigh);
}

// ---- TestCustomDataIdentifier ----

TEST(TestCustomIdentifier, CountsMatchesAfterKeywordsAndIgnoreWords) {
    CustomIdentifierSpec spec;
    spec.regex = R"(\d{4})";
    EXPECT_EQ(*test_custom_identifier(spec, "1111 2222 3333"), 3u);
    spec.ignore_words = {"2222"};
    EXPECT_EQ(*test_custom_identifier(spec, "1111 2222 3333"), 2u);
    spec.keywords = {"pin"};
    spec.maximum_match_distance = 5;
    EXPECT_EQ(*test_custom_identifier(spec, "pin 1111 2222 PIN 3333 4444"), 2u);
    EXPECT_EQ(*test_custom_identifier(spec, ""), 0u);
}

TEST(TestCustomIdentifier, NameIsNotNeededButTheRestIsValidated) {
    CustomIdentifierSpec spec;
    spec.regex = "a(b)";
    auto count = test_custom_identifier(spec, "ab");
    ASSERT_FALSE(count);
    EXPECT_EQ(count.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(count.error().message,
              "regex: capturing groups are not supported (at offset 1); use (?:...)");
    spec.regex = "ab";
    spec.maximum_match_distance = 0;
    EXPECT_FALSE(test_custom_identifier(spec, "ab"));
}

TEST(TestCustomIdentifier, SampleTextIsAtMost1000Characters) {
    CustomIdentifierSpec spec;
    spec.regex = "a";
    EXPECT_EQ(*test_custom_identifier(spec, std::string(1000, 'a')), 1000u);
    std::string two_byte;
    for (int i = 0; i < 1000; ++i) {
        two_byte += "é";
    }
    EXPECT_EQ(*test_custom_identifier(spec, two_byte), 0u);
    auto over = test_custom_identifier(spec, std::string(1001, 'a'));
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(over.error().message, "sampleText: must be at most 1000 characters (got 1001)");
}

// ---- helpers ----

TEST(CaseFolding, KeepsLengthsAndFoldsCommonScripts) {
    std::string out;
    internal::fold_case("ABC xyz ÀÉÖÞ × ΑΩΫ АЯЁЀ 日本", out);
    EXPECT_EQ(out, "abc xyz àéöþ × αωϋ аяёѐ 日本");
    internal::fold_case("\xC3", out);  // truncated sequence is copied
    EXPECT_EQ(out, "\xC3");
    EXPECT_EQ(internal::utf8_length("aé日"), 3u);
}

}  // namespace
}  // namespace tripline::scan
