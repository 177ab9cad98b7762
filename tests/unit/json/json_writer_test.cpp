#include "json/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "json/json_parser.h"

namespace tripline::json {
namespace {

std::string escaped(std::string_view s) {
    std::string out;
    append_escaped_string(out, s);
    return out;
}

TEST(JsonWriterTest, WritesNestedStructureWithCommas) {
    std::string out;
    JsonWriter w(out);
    w.begin_object()
        .key("a")
        .number(1)
        .key("b")
        .begin_array()
        .string("x")
        .boolean(true)
        .null()
        .begin_object()
        .end_object()
        .begin_array()
        .end_array()
        .end_array()
        .key("c")
        .boolean(false)
        .end_object();
    EXPECT_EQ(out, R"({"a":1,"b":["x",true,null,{},[]],"c":false})");
    EXPECT_TRUE(w.complete());
}

TEST(JsonWriterTest, TopLevelScalarAndAppends) {
    std::string out = "prefix:";
    JsonWriter w(out);
    w.string("v");
    EXPECT_EQ(out, "prefix:\"v\"");
}

TEST(JsonWriterTest, Numbers) {
    std::string out;
    JsonWriter w(out);
    w.begin_array()
        .number(std::int64_t{-5})
        .number(std::numeric_limits<std::int64_t>::min())
        .number(std::numeric_limits<std::uint64_t>::max())
        .number(300.0)
        .number(4.5)
        .number(std::numeric_limits<double>::infinity())
        .number(7u)
        .number(short{-3})
        .end_array();
    EXPECT_EQ(out, "[-5,-9223372036854775808,18446744073709551615,300,4.5,null,7,-3]");
}

TEST(JsonWriterTest, Raw) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("detail").raw(R"({"k":[1,2]})").key("n").raw("null").end_object();
    EXPECT_EQ(out, R"({"detail":{"k":[1,2]},"n":null})");
}

TEST(JsonWriterTest, EscapesQuotesBackslashAndControls) {
    EXPECT_EQ(escaped("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(escaped("\n\r\t\b\f"), R"("\n\r\t\b\f")");
    EXPECT_EQ(escaped(std::string_view("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
    EXPECT_EQ(escaped("a/b"), R"("a/b")");  // never escape '/'
    EXPECT_EQ(escaped("\x7f"), "\"\x7f\"");
    EXPECT_EQ(escaped(""), R"("")");
}

TEST(JsonWriterTest, KeepsValidUtf8) {
    EXPECT_EQ(escaped("é€😀"), "\"é€😀\"");
    EXPECT_EQ(escaped("\u2028"), "\"\u2028\"");
}

TEST(JsonWriterTest, ReplacesInvalidUtf8) {
    const std::string r = "\xEF\xBF\xBD";
    EXPECT_EQ(escaped("a\xff"
                      "b"),
              "\"a" + r + "b\"");
    EXPECT_EQ(escaped("\xc3"), "\"" + r + "\"");                          // truncated
    EXPECT_EQ(escaped("\xc0\xaf"), "\"" + r + r + "\"");                  // overlong '/'
    EXPECT_EQ(escaped("\xed\xa0\x80"), "\"" + r + r + r + "\"");          // surrogate
    EXPECT_EQ(escaped("\xf4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // > U+10FFFF
    EXPECT_EQ(escaped("\x80"), "\"" + r + "\"");                          // lone continuation
    // The output always parses.
    JsonParser parser;
    EXPECT_TRUE(parser.parse(escaped("\xff\xfe\xc3(\xe2\x82")));
}

TEST(JsonWriterTest, KeysAreEscaped) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("a\"b").number(1).key("\n").number(2).end_object();
    EXPECT_EQ(out, R"({"a\"b":1,"\n":2})");
}

TEST(JsonWriterTest, ToJsonMinifiesInDocumentOrder) {
    JsonParser parser;
    auto root = parser.parse(R"( { "z" : 1 , "a" : [ 1.0 , 2.50, -0.0, 1e2, "s\/\u00e9\n" ] ,
                                  "m" : { } , "t" : true, "n" : null, "big": 18446744073709551615,
                                  "neg": -9223372036854775808, "z": 2 } )");
    ASSERT_TRUE(root) << root.error().message;
    EXPECT_EQ(to_json(*root),
              R"({"z":1,"a":[1,2.5,0,100,"s/é\n"],"m":{},"t":true,"n":null,)"
              R"("big":18446744073709551615,"neg":-9223372036854775808,"z":2})");
    std::string out = "[";
    append_json(out, *root);
    EXPECT_EQ(out.substr(0, 7), R"([{"z":1)");
}

TEST(JsonWriterTest, ElementValue) {
    JsonParser parser;
    auto root = parser.parse(R"({"k":[1,{"x":"y"}]})");
    ASSERT_TRUE(root);
    std::string out;
    JsonWriter w(out);
    w.begin_array().element((*root)["k"].value()).number(2).end_array();
    EXPECT_EQ(out, R"([[1,{"x":"y"}],2])");
}

TEST(JsonWriterTest, ToJsonOfScalars) {
    JsonParser parser;
    EXPECT_EQ(to_json(*parser.parse("  \"a\"  ")), "\"a\"");
    EXPECT_EQ(to_json(*parser.parse("false")), "false");
    EXPECT_EQ(to_json(*parser.parse("null")), "null");
    EXPECT_EQ(to_json(*parser.parse("0.1")), "0.1");
}

}  // namespace
}  // namespace tripline::json
