#include "json/json_path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json/json_parser.h"
#include "json/json_writer.h"

namespace tripline::json {
namespace {

constexpr std::string_view kEvent = R"({
  "version": "0", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
  "detail": {"severity": 8, "type": "Backdoor:EC2/C&CActivity.B!DNS",
             "resources": [{"arn": "arn:aws:s3:::a"}, {"arn": "arn:aws:s3:::b"}],
             "key with space": "spaced", "cluster.name": "c1", "a/b": "slash",
             "quote'd": "q", "nested": [[1, 2], [3, 4]], "dup": 1, "dup": 2}
})";

class JsonPathTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto root = parser_.parse(kEvent);
        ASSERT_TRUE(root) << root.error().message;
        root_ = *root;
    }

    // The selected value as JSON, "(missing)", or "error: <message> at <offset>".
    std::string select(std::string_view path) {
        auto parsed = parse_json_path(path);
        if (!parsed) {
            return "error: " + parsed.error().message + " at " +
                   std::to_string(parsed.error().where->begin.offset);
        }
        auto value = parsed->evaluate(root_);
        return value ? to_json(*value) : "(missing)";
    }

    JsonParser parser_;
    simdjson::dom::element root_;
};

TEST_F(JsonPathTest, RootSelectsWholeDocument) {
    auto path = parse_json_path("$");
    ASSERT_TRUE(path);
    EXPECT_TRUE(path->is_root());
    EXPECT_EQ(select("$").substr(0, 15), R"({"version":"0",)");
}

TEST_F(JsonPathTest, DotNames) {
    EXPECT_EQ(select("$.detail.severity"), "8");
    EXPECT_EQ(select("$.detail-type"), R"("GuardDuty Finding")");
    EXPECT_EQ(select("$.detail.a/b"), R"("slash")");
    EXPECT_EQ(select("$.detail.missing"), "(missing)");
    EXPECT_EQ(select("$.detail.severity.deeper"), "(missing)");
}

TEST_F(JsonPathTest, ArrayIndexes) {
    EXPECT_EQ(select("$.detail.resources[1].arn"), R"("arn:aws:s3:::b")");
    EXPECT_EQ(select("$.detail.resources[0]"), R"({"arn":"arn:aws:s3:::a"})");
    EXPECT_EQ(select("$.detail.resources[2]"), "(missing)");
    EXPECT_EQ(select("$.detail.nested[1][0]"), "3");
    EXPECT_EQ(select("$.detail[0]"), "(missing)");             // index into an object
    EXPECT_EQ(select("$.detail.resources.arn"), "(missing)");  // name into an array
}

TEST_F(JsonPathTest, BracketNames) {
    EXPECT_EQ(select("$.detail['key with space']"), R"("spaced")");
    EXPECT_EQ(select("$.detail[\"key with space\"]"), R"("spaced")");
    EXPECT_EQ(select("$.detail.['cluster.name']"), R"("c1")");
    EXPECT_EQ(select("$['detail']['quote\\'d']"), R"("q")");
}

TEST_F(JsonPathTest, DuplicateKeysSelectTheFirst) { EXPECT_EQ(select("$.detail.dup"), "1"); }

TEST_F(JsonPathTest, Wildcards) {
    auto path = parse_json_path("$.detail.resources[*].arn");
    ASSERT_TRUE(path);
    EXPECT_TRUE(path->has_wildcard());
    std::vector<simdjson::dom::element> all;
    path->evaluate_all(root_, all);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(to_json(all[0]), R"("arn:aws:s3:::a")");
    EXPECT_EQ(to_json(all[1]), R"("arn:aws:s3:::b")");
    EXPECT_EQ(select("$.detail.resources[*].arn"), R"("arn:aws:s3:::a")");
    EXPECT_EQ(select("$.detail.nested.*[1]"), "2");
    all.clear();
    parse_json_path("$.detail.nested[*][*]")->evaluate_all(root_, all);
    EXPECT_EQ(all.size(), 4u);
    all.clear();
    parse_json_path("$.*")->evaluate_all(root_, all);
    EXPECT_EQ(all.size(), 4u);
    EXPECT_EQ(select("$.version.*"), "(missing)");
}

TEST_F(JsonPathTest, EvaluateAllWithoutWildcard) {
    std::vector<simdjson::dom::element> all;
    parse_json_path("$.detail.severity")->evaluate_all(root_, all);
    ASSERT_EQ(all.size(), 1u);
    all.clear();
    parse_json_path("$.nothing")->evaluate_all(root_, all);
    EXPECT_TRUE(all.empty());
}

TEST_F(JsonPathTest, ErrorsCarryOffsets) {
    EXPECT_EQ(select(""), "error: JSON path must start with '$' at 0");
    EXPECT_EQ(select("detail"), "error: JSON path must start with '$' at 0");
    EXPECT_EQ(select("$."), "error: expected a name after '.' but found end of path at 2");
    EXPECT_EQ(select("$.a..b"), "error: expected a name after '.' but found '.' at 4");
    EXPECT_EQ(select("$a"), "error: expected '.' or '[' but found 'a' at 1");
    EXPECT_EQ(select("$.a b"), "error: expected '.' or '[' but found byte 0x20 at 3");
    EXPECT_EQ(select("$.a["), "error: unterminated '[' at 3");
    EXPECT_EQ(select("$.a[1"), "error: expected ']' but found end of path at 5");
    EXPECT_EQ(select("$.a[-1]"), "error: negative array index at 4");
    EXPECT_EQ(select("$.a[01]"), "error: array index with a leading zero at 4");
    EXPECT_EQ(select("$.a[1234567890]"), "error: array index too large at 4");
    EXPECT_EQ(select("$.a['x"), "error: unterminated quoted name at 4");
    EXPECT_EQ(select("$.a[x]"),
              "error: expected an index, '*' or a quoted name after '[' but found 'x' at 4");
    EXPECT_EQ(select("$.a['\\n']"),
              "error: invalid escape in quoted name: only \\' \\\" and \\\\ are allowed at 5");
}

TEST(JsonPathLimitsTest, BoundsLengthAndSteps) {
    std::string long_path = "$." + std::string(kMaxJsonPathBytes, 'a');
    auto too_long = parse_json_path(long_path);
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, Errc::kLimitExceeded);
    std::string many = "$";
    for (std::size_t i = 0; i < kMaxJsonPathSteps; ++i) {
        many += ".a";
    }
    EXPECT_TRUE(parse_json_path(many));
    auto too_many = parse_json_path(many + ".a");
    ASSERT_FALSE(too_many);
    EXPECT_EQ(too_many.error().code, Errc::kLimitExceeded);
    EXPECT_EQ(too_many.error().where->begin.offset, many.size());
    EXPECT_EQ(too_many.error().where->begin.column, many.size() + 1);
}

TEST(JsonPathToStringTest, CanonicalFormRoundTrips) {
    for (std::string_view text : {"$",
                                  "$.a.b[0]",
                                  "$.detail-type",
                                  "$['key with space']",
                                  "$.a['it\\'s']",
                                  "$['']",
                                  "$.a.*",
                                  "$['a.b'].c",
                                  "$['back\\\\slash']"}) {
        auto path = parse_json_path(text);
        ASSERT_TRUE(path) << text;
        EXPECT_EQ(path->to_string(), text);
        EXPECT_EQ(*parse_json_path(path->to_string()), *path);
    }
    EXPECT_EQ(parse_json_path("$[\"a\"][*]")->to_string(), "$.a.*");
    EXPECT_EQ(parse_json_path("$.['x']")->to_string(), "$.x");
}

TEST(JsonPathToStringTest, StepsAreExposed) {
    auto path = parse_json_path("$.a[3].*");
    ASSERT_TRUE(path);
    ASSERT_EQ(path->steps().size(), 3u);
    EXPECT_EQ(path->steps()[0].kind, JsonPathStep::Kind::kName);
    EXPECT_EQ(path->steps()[0].name, "a");
    EXPECT_EQ(path->steps()[1].kind, JsonPathStep::Kind::kIndex);
    EXPECT_EQ(path->steps()[1].index, 3u);
    EXPECT_EQ(path->steps()[2].kind, JsonPathStep::Kind::kWildcard);
    EXPECT_TRUE(is_plain_path_name("detail-type"));
    EXPECT_FALSE(is_plain_path_name("a b"));
    EXPECT_FALSE(is_plain_path_name(""));
    JsonPath built({JsonPathStep{JsonPathStep::Kind::kName, "x", 0}});
    EXPECT_EQ(built.to_string(), "$.x");
    EXPECT_FALSE(built.has_wildcard());
}

}  // namespace
}  // namespace tripline::json
