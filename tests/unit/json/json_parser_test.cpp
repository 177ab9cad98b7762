#include "json/json_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace tripline::json {
namespace {

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + "1" + std::string(depth, ']');
}

TEST(JsonParserTest, ParsesObject) {
    JsonParser parser;
    auto root = parser.parse(R"({"a":1,"b":[true,null]})");
    ASSERT_TRUE(root) << root.error().message;
    EXPECT_TRUE(root->is_object());
    EXPECT_EQ(int64_t((*root)["a"]), 1);
}

TEST(JsonParserTest, ParsesScalarDocument) {
    JsonParser parser;
    auto root = parser.parse("\"x\"");
    ASSERT_TRUE(root);
    EXPECT_EQ(std::string_view((*root)), "x");
}

TEST(JsonParserTest, InvalidJsonIsInvalidArgument) {
    JsonParser parser;
    for (std::string_view bad : {"", "{", "{\"a\":}", "[1,]", "tru", "{\"a\":1}x", "\"\xff\""}) {
        auto root = parser.parse(bad);
        ASSERT_FALSE(root) << bad;
        EXPECT_EQ(root.error().code, Errc::kInvalidArgument) << bad;
        EXPECT_EQ(root.error().message.rfind("invalid JSON: ", 0), 0u) << root.error().message;
    }
}

TEST(JsonParserTest, RejectsDocumentsOverMaxBytes) {
    JsonParser parser(ParseLimits{16, 64});
    auto ok = parser.parse(R"({"a":"0123456"})");
    EXPECT_TRUE(ok);
    auto big = parser.parse(R"({"a":"012345678"})");
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, Errc::kLimitExceeded);
    EXPECT_EQ(big.error().message, "JSON document of 17 bytes exceeds the limit of 16 bytes");
}

TEST(JsonParserTest, DepthCountsContainersOnly) {
    JsonParser parser;  // max_depth 64
    EXPECT_TRUE(parser.parse(nested_arrays(64)));
    auto deep = parser.parse(nested_arrays(65));
    ASSERT_FALSE(deep);
    EXPECT_EQ(deep.error().code, Errc::kLimitExceeded);
    EXPECT_EQ(deep.error().message, "JSON nesting deeper than 64");
    std::string objects;
    for (int i = 0; i < 65; ++i) {
        objects += "{\"a\":";
    }
    objects += "1" + std::string(65, '}');
    EXPECT_FALSE(parser.parse(objects));
}

TEST(JsonParserTest, PerCallLimits) {
    JsonParser parser;
    auto shallow = parser.parse("[[1]]", ParseLimits{100, 1});
    ASSERT_FALSE(shallow);
    EXPECT_EQ(shallow.error().message, "JSON nesting deeper than 1");
    EXPECT_TRUE(parser.parse("[1]", ParseLimits{100, 1}));
    // Back to the parser's own limits.
    EXPECT_TRUE(parser.parse(nested_arrays(64)));
    EXPECT_FALSE(parser.parse("[1]", ParseLimits{100, 0}));
}

TEST(JsonParserTest, ReusableAfterErrors) {
    JsonParser parser;
    EXPECT_FALSE(parser.parse("{"));
    auto root = parser.parse("[1,2,3]");
    ASSERT_TRUE(root);
    EXPECT_EQ(simdjson::dom::array(*root).size(), 3u);
}

TEST(JsonParserTest, ThreadLocalParserIsPerThread) {
    JsonParser* here = &thread_local_parser();
    EXPECT_EQ(here, &thread_local_parser());
    JsonParser* there = nullptr;
    std::thread t([&] {
        there = &thread_local_parser();
        EXPECT_TRUE(there->parse("{}"));
    });
    t.join();
    EXPECT_NE(here, there);
    EXPECT_EQ(here->limits().max_bytes, std::size_t{1} << 20);
    EXPECT_EQ(here->limits().max_depth, 64u);
}

}  // namespace
}  // namespace tripline::json
