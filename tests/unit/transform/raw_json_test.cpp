#include "transform/raw_json.h"

#include <gtest/gtest.h>

namespace tripline::transform {
namespace {

TEST(RawJson, SkipValueHandlesStringsWithBrackets) {
    std::string_view t = R"({"a":"}]\"{","b":[1,{"c":"]"}]} tail)";
    EXPECT_EQ(t.substr(0, skip_value(t, 0)), R"({"a":"}]\"{","b":[1,{"c":"]"}]})");
}

TEST(RawJson, FindMemberReturnsRawSpelling) {
    std::string_view t = R"({ "n" : 3.0e2 , "s" : "x\"y", "o" : { "k" : [ 1 ] } })";
    EXPECT_EQ(*find_member(t, "n"), "3.0e2");
    EXPECT_EQ(*find_member(t, "s"), R"("x\"y")");
    EXPECT_EQ(*find_member(t, "o"), R"({ "k" : [ 1 ] })");
    EXPECT_FALSE(find_member(t, "missing"));
    EXPECT_FALSE(find_member("[1,2]", "n"));
}

TEST(RawJson, FindMemberFirstDuplicateAndEscapedKeys) {
    EXPECT_EQ(*find_member(R"({"k":1,"k":2})", "k"), "1");
    EXPECT_EQ(*find_member(R"({"\u006b":7})", "k"), "7");
}

TEST(RawJson, DecodeString) {
    EXPECT_EQ(decode_string(R"("a\nb\t\"\\\/")"), "a\nb\t\"\\/");
    EXPECT_EQ(decode_string(R"("\u00e9\ud83d\ude00")"), "\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_EQ(decode_string(R"("\ud83d")"), "\xEF\xBF\xBD");
}

TEST(RawJson, ArrayElementsAndMinify) {
    auto e = array_elements(R"([ 1 , "a b" , { "k" : [ ] } ])");
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0], "1");
    EXPECT_EQ(e[1], R"("a b")");
    std::string out;
    append_minified(out, e[2]);
    EXPECT_EQ(out, R"({"k":[]})");
    EXPECT_TRUE(array_elements("[]").empty());
    EXPECT_TRUE(array_elements(R"({"a":1})").empty());
}

TEST(RawJson, SelectAll) {
    std::string_view event = R"({"detail":{"r":[{"arn":"a"},{"arn":"b"}],"x":{"p":1,"q":2}}})";
    auto path = [](std::string_view p) { return *json::parse_json_path(p); };
    std::vector<std::string_view> out;
    select_all(event, path("$.detail.r[1].arn"), out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], R"("b")");
    out.clear();
    select_all(event, path("$.detail.x.*"), out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[1], "2");
    out.clear();
    select_all(event, path("$.detail.r.arn"), out);  // a name never selects into an array
    EXPECT_TRUE(out.empty());
    out.clear();
    select_all(event, path("$"), out);
    EXPECT_EQ(out.size(), 1u);
}

}  // namespace
}  // namespace tripline::transform
