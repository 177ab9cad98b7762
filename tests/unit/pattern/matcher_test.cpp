// The reference matcher and the event document.
#include "pattern/matcher.h"

#include <gtest/gtest.h>

namespace tripline::pattern {
namespace {

bool match(std::string_view pattern, std::string_view event) {
    auto p = parse_event_pattern(pattern);
    EXPECT_TRUE(p.has_value()) << pattern;
    if (!p) {
        return false;
    }
    auto r = matches(*p, event);
    EXPECT_TRUE(r.has_value()) << event;
    return r && *r;
}

TEST(EventDocument, RecordsOnlyTheRegisteredPaths) {
    PathTable paths;
    std::uint32_t slot = paths.add("detail.items.id");
    EventDocument doc;
    ASSERT_TRUE(doc.load(
        R"({"detail":{"items":[{"id":"a"},{"id":["b","c"]}],"other":{"id":"x"}},"id":"y"})",
        paths));
    auto values = doc.values_at(slot);
    ASSERT_EQ(values.size(), 3u);
    EXPECT_EQ(doc.value(values[0]).text, "a");
    EXPECT_EQ(doc.value(values[2]).text, "c");
    auto chain = doc.chain(doc.value(values[1]));
    ASSERT_EQ(chain.size(), 1u);
    EXPECT_EQ(chain[0].index, 1u);
    EXPECT_EQ(doc.touched_slots().size(), 1u);
}

TEST(EventDocument, KeepsNumberSpelling) {
    PathTable paths;
    std::uint32_t slot = paths.add("n");
    EventDocument doc;
    ASSERT_TRUE(doc.load(R"({"n": 12345678901234567890 , "m": 1})", paths));
    const EventValue& v = doc.value(doc.values_at(slot)[0]);
    EXPECT_EQ(v.type, ValueType::kNumber);
    EXPECT_EQ(v.text, "12345678901234567890");
    EXPECT_FALSE(v.comparable);
}

TEST(EventDocument, Errors) {
    PathTable paths;
    paths.add("a");
    EventDocument doc;
    EXPECT_EQ(doc.load("\"text\"", paths).error().code, Errc::kInvalidArgument);
    EXPECT_FALSE(doc.load("{\"a\":tru}", paths));
    EXPECT_FALSE(doc.load("{\"a\":1.}", paths));
    EXPECT_FALSE(doc.load("", paths));
    EXPECT_TRUE(doc.load("{}", paths));
}

TEST(Matcher, ArrayConsistencyAcrossNestedArrays) {
    const char* p = R"({"a":{"b":{"c":["1"],"d":["2"]}}})";
    EXPECT_TRUE(match(p, R"({"a":[{"b":[{"c":"0"},{"c":"1","d":"2"}]}]})"));
    EXPECT_FALSE(match(p, R"({"a":[{"b":[{"c":"1"}]},{"b":[{"d":"2"}]}]})"));
    EXPECT_FALSE(match(p, R"({"a":[{"b":[{"c":"1"},{"d":"2"}]}]})"));
}

TEST(Matcher, BacktracksOverElements) {
    // The first element satisfying "x" is not the one that satisfies "y".
    const char* p = R"({"r":{"x":["1"],"y":["2"]}})";
    EXPECT_TRUE(match(p, R"({"r":[{"x":"1","y":"0"},{"x":"1","y":"1"},{"x":"1","y":"2"}]})"));
}

TEST(Matcher, ExistsFalseOrderingQuirk) {
    const char* event = R"({"rules":[{"id":"a"},{"id":"b","flag":1}]})";
    EXPECT_TRUE(match(R"({"rules":{"id":["a"],"zflag":[{"exists":false}]}})",
                      R"({"rules":[{"id":"a"},{"id":"b","zflag":1}]})"));
    EXPECT_FALSE(match(R"({"rules":{"id":["a"],"flag":[{"exists":false}]}})", event));
}

TEST(Matcher, ExprMatchesIsTypeStrict) {
    MatchExpr prefix;
    prefix.kind = MatchKind::kPrefix;
    prefix.strings = {"1"};
    EventValue number;
    number.type = ValueType::kNumber;
    number.text = "123";
    EXPECT_FALSE(expr_matches(prefix, number));
    MatchExpr but;
    but.kind = MatchKind::kAnythingButString;
    but.strings = {"123"};
    EXPECT_TRUE(expr_matches(but, number));
}

}  // namespace
}  // namespace tripline::pattern
