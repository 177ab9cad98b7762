// Parser and compiler: AST shape, error reasons with positions, AWS message format, limits.
#include <gtest/gtest.h>

#include "pattern/event_pattern.h"
#include "pattern/pattern_parser.h"

namespace tripline::pattern {
namespace {

Error error_of(std::string_view text) {
    auto r = parse_event_pattern(text);
    EXPECT_FALSE(r.has_value()) << text;
    return r ? Error{} : r.error();
}

TEST(Parser, BuildsTheSyntaxTree) {
    auto ast = parse_pattern(
        R"({"source":["aws.s3"],"detail":{"n":[{"numeric":[">",0,"<=",5]},7]},"$or":[{"a":["x"]},{"b":[null]}]})");
    ASSERT_TRUE(ast) << ast.error().message;
    const auto& fields = ast->root.fields;
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_EQ(fields[0].kind, FieldNode::Kind::kLeaf);
    EXPECT_EQ(fields[0].leaf.exprs[0].strings[0], "aws.s3");
    ASSERT_EQ(fields[1].kind, FieldNode::Kind::kObject);
    const MatchExpr& numeric = fields[1].object.fields[0].leaf.exprs[0];
    EXPECT_EQ(numeric.kind, MatchKind::kNumeric);
    EXPECT_TRUE(numeric.range.has_lower && !numeric.range.lower_inclusive);
    EXPECT_TRUE(numeric.range.has_upper && numeric.range.upper_inclusive);
    EXPECT_EQ(numeric.range.upper, 5);
    EXPECT_EQ(fields[1].object.fields[0].leaf.exprs[1].kind, MatchKind::kExactNumber);
    ASSERT_EQ(fields[2].kind, FieldNode::Kind::kOr);
    EXPECT_EQ(fields[2].alternatives.size(), 2u);
}

TEST(Parser, ErrorsCarryTheOffendingPosition) {
    std::string text = "{\n  \"a\": [\n    {\"like\": 1}\n  ]\n}";
    Error e = error_of(text);
    EXPECT_EQ(e.code, Errc::kInvalidArgument);
    EXPECT_EQ(e.message, "Unrecognized match type like");
    ASSERT_TRUE(e.where.has_value());
    EXPECT_EQ(e.where->begin.line, 3u);
    EXPECT_EQ(e.where->begin.column, 6u);
    EXPECT_EQ(e.where->begin.offset, text.find("\"like\""));
}

TEST(Parser, AwsMessageFormat) {
    std::string text = R"({"a":[{"like":1}]})";
    Error e = error_of(text);
    EXPECT_EQ(format_invalid_pattern_message(e, text),
              "Event pattern is not valid. Reason: Unrecognized match type like\n at [Source: "
              "(String)\"{\"a\":[{\"like\":1}]}\"; line: 1, column: 8]");
    std::string cidr = R"({"a":[{"cidr":"10.0.0.0/33"}]})";
    EXPECT_EQ(format_invalid_pattern_message(error_of(cidr), cidr),
              "Event pattern is not valid. Reason: IPv4 mask bits must be < 32");
}

TEST(Parser, SizeLimit) {
    std::string big = R"({"a":[")" + std::string(4090, 'x') + R"("]})";
    Error e = error_of(big);
    EXPECT_EQ(e.code, Errc::kLimitExceeded);
    std::string fits = R"({"a":[")" + std::string(4096 - 10, 'x') + R"("]})";
    EXPECT_TRUE(parse_event_pattern(fits).has_value());
}

TEST(Parser, DepthIsCapped) {
    std::string deep;
    for (int i = 0; i < 200; ++i) {
        deep += "{\"a\":";
    }
    deep += "[1]" + std::string(200, '}');
    Error e = error_of(deep);
    EXPECT_NE(e.message.find("nesting depth"), std::string::npos) << e.message;
}

TEST(Compiler, ExpandsOrIntoSortedBranches) {
    auto p = parse_event_pattern(
        R"({"z":["1"],"$or":[{"b":["2"]},{"a":["3"],"$or":[{"c":["4"]},{"d":["5"]}]}]})");
    ASSERT_TRUE(p);
    ASSERT_EQ(p->branches().size(), 3u);
    auto names = [&](const Branch& b) {
        std::string s;
        for (const Constraint& c : b.constraints) {
            s += p->paths().name(c.slot) + ";";
        }
        return s;
    };
    EXPECT_EQ(names(p->branches()[0]), "b;z;");
    EXPECT_EQ(names(p->branches()[1]), "a;c;z;");
    EXPECT_EQ(names(p->branches()[2]), "a;d;z;");
}

TEST(Compiler, CapsOrExpansion) {
    std::string text = "{";
    for (int i = 0; i < 11; ++i) {
        text += (i ? "," : "") + std::string("\"k") + std::to_string(i) +
                R"(":{"$or":[{"a":["1"]},{"b":["2"]}]})";
    }
    text += "}";
    Error e = error_of(text);  // 2^11 branches
    EXPECT_EQ(e.message, "Rule is too complex");
}

TEST(Compiler, JavaStringOrder) {
    EXPECT_TRUE(utf16_less("a", "b"));
    EXPECT_TRUE(utf16_less("a", "a.b"));
    EXPECT_TRUE(utf16_less("Z", "a"));
    EXPECT_FALSE(utf16_less("a", "a"));
    // U+FF5E sorts after U+1F600 in code points but before it in UTF-16 (surrogates are 0xD83D...).
    EXPECT_TRUE(utf16_less("😀", "～"));
}

}  // namespace
}  // namespace tripline::pattern
