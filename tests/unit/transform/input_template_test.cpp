#include "transform/input_template.h"

#include <gtest/gtest.h>

#include "transform/target_input.h"

namespace tripline::transform {
namespace {

std::string render(const InputPathsMap& paths,
                   std::string_view tmpl,
                   std::string_view event,
                   const TemplateOptions& options = {}) {
    auto compiled = compile_input_transformer(paths, tmpl, options);
    EXPECT_TRUE(compiled) << (compiled ? "" : compiled.error().message);
    if (!compiled) {
        return "";
    }
    auto out = compiled->render(event, RenderContext{"r", "arn:r", ""});
    EXPECT_TRUE(out);
    return out ? out->text : "";
}

TEST(InputTemplate, KindIsDecidedAtCompileTime) {
    auto json = compile_input_transformer({{"a", "$.a"}}, R"({"x": <a>})");
    ASSERT_TRUE(json);
    EXPECT_EQ(json->kind(), InputTemplate::Kind::kJson);
    auto text = compile_input_transformer({{"a", "$.a"}}, R"("x <a>")");
    ASSERT_TRUE(text);
    EXPECT_EQ(text->kind(), InputTemplate::Kind::kString);
    auto bracket = compile_input_transformer({{"a", "$.a"}}, "[x] <a>");
    ASSERT_TRUE(bracket);
    EXPECT_EQ(bracket->kind(), InputTemplate::Kind::kString);
}

TEST(InputTemplate, CompiledOnceRenderedForManyEvents) {
    auto compiled = compile_input_transformer({{"n", "$.detail.n"}}, R"({"n": <n>})");
    ASSERT_TRUE(compiled);
    for (int i = 0; i < 100; ++i) {
        std::string event = R"({"detail":{"n":)" + std::to_string(i) + "}}";
        auto out = compiled->render(event, {});
        ASSERT_TRUE(out);
        EXPECT_EQ(out->text, R"({"n":)" + std::to_string(i) + "}");
    }
}

TEST(InputTemplate, LimitOnPathCount) {
    InputPathsMap paths;
    for (int i = 0; i < 100; ++i) {
        paths.emplace_back("k" + std::to_string(i), "$.detail.k");
    }
    EXPECT_TRUE(compile_input_transformer(paths, "\"x\""));
    paths.emplace_back("k100", "$.detail.k");
    auto err = compile_input_transformer(paths, "\"x\"");
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().code, Errc::kLimitExceeded);
    EXPECT_NE(err.error().message.find("less than or equal to 100"), std::string::npos);
}

TEST(InputTemplate, LimitOnKeyAndPathLength) {
    EXPECT_TRUE(compile_input_transformer({{std::string(256, 'k'), "$.a"}}, "\"x\""));
    EXPECT_FALSE(compile_input_transformer({{std::string(257, 'k'), "$.a"}}, "\"x\""));
    std::string long_path = "$." + std::string(254, 'a');
    EXPECT_TRUE(compile_input_transformer({{"k", long_path}}, "\"x\""));
    EXPECT_FALSE(compile_input_transformer({{"k", long_path + "b"}}, "\"x\""));
}

TEST(InputTemplate, LimitOnTemplateLength) {
    EXPECT_TRUE(compile_input_transformer({}, std::string(8192, 'x')));
    auto err = compile_input_transformer({}, std::string(8193, 'x'));
    ASSERT_FALSE(err);
    EXPECT_NE(err.error().message.find("8192"), std::string::npos);
    // Characters, not bytes: 8192 two-byte characters are fine.
    std::string accents;
    for (int i = 0; i < 8192; ++i) {
        accents += "\xC3\xA9";
    }
    EXPECT_TRUE(compile_input_transformer({}, accents));
}

TEST(InputTemplate, JsonValueRendering) {
    std::string_view event =
        R"({"detail":{"s":"a\"b","n":-0.0,"b":false,"z":null,"o":{ "k" : 1 }}})";
    EXPECT_EQ(render({{"s", "$.detail.s"},
                      {"n", "$.detail.n"},
                      {"b", "$.detail.b"},
                      {"z", "$.detail.z"},
                      {"o", "$.detail.o"},
                      {"m", "$.detail.m"}},
                     R"([<s>, <n>, <b>, <z>, <o>, <m>])",
                     event),
              R"(["a\"b",-0.0,false,null,{"k":1},null])");
}

TEST(InputTemplate, StringRendering) {
    std::string_view event = R"({"detail":{"s":"a\"b","n":1E3,"z":null}})";
    EXPECT_EQ(
        render({{"s", "$.detail.s"}, {"n", "$.detail.n"}, {"z", "$.detail.z"}, {"m", "$.detail.m"}},
               "<s>|<n>|<z>|<m>",
               event),
        "a\"b|1E3|null|");
}

TEST(InputTemplate, StripLineQuotesOption) {
    TemplateOptions options;
    options.keep_line_quotes = false;
    EXPECT_EQ(
        render({{"a", "$.a"}}, "\"one <a>\"\n  \"two\"  \nthree \"q\"", R"({"a":"A"})", options),
        "one A\ntwo\nthree \"q\"");
}

TEST(InputTemplate, SkipDeliveryOption) {
    TemplateOptions options;
    options.missing = MissingPathPolicy::kSkipDelivery;
    auto compiled = compile_input_transformer({{"a", "$.a"}, {"b", "$.b"}}, "<a> <b>", options);
    ASSERT_TRUE(compiled);
    auto out = compiled->render(R"({"a":1})", {});
    ASSERT_TRUE(out);
    EXPECT_FALSE(out->deliver);
    // A path used nowhere in the template does not matter.
    auto unused = compile_input_transformer({{"a", "$.a"}, {"b", "$.b"}}, "<a>", options);
    ASSERT_TRUE(unused);
    EXPECT_TRUE(unused->render(R"({"a":1})", {})->deliver);
}

TEST(InputTemplate, RejectsInvalidEvents) {
    auto compiled = compile_input_transformer({{"a", "$.a"}}, "<a>");
    ASSERT_TRUE(compiled);
    EXPECT_FALSE(compiled->render("{not json", {}));
    EXPECT_FALSE(compiled->render("[1]", {}));
}

TEST(InputTemplate, ErrorsCarryPositions) {
    auto err = compile_input_transformer({{"a", "$.a"}}, R"({"x": <a>, <a>: 1})");
    ASSERT_FALSE(err);
    ASSERT_TRUE(err.error().where);
    EXPECT_EQ(err.error().where->begin.offset, 11u);
}

TEST(InputTemplate, DeepTemplatesAreBounded) {
    std::string deep(200, '[');
    deep += std::string(200, ']');
    auto err = compile_input_transformer({}, "{\"a\":" + deep + "}");
    ASSERT_FALSE(err);
    EXPECT_NE(err.error().message.find("nesting"), std::string::npos);
}

TEST(TargetInput, Kinds) {
    EXPECT_EQ(parse_target_input("{}")->kind(), TargetInput::Kind::kWholeEvent);
    EXPECT_EQ(parse_target_input(R"({"Input":"{}"})")->kind(), TargetInput::Kind::kConstant);
    EXPECT_EQ(parse_target_input(R"({"InputPath":"$.detail"})")->kind(), TargetInput::Kind::kPath);
    EXPECT_EQ(parse_target_input(R"({"InputTemplate":"\"x\""})")->kind(),
              TargetInput::Kind::kTransformer);
    EXPECT_FALSE(parse_target_input("[]"));
    EXPECT_FALSE(parse_target_input(R"({"Input":")" + std::string(8200, ' ') + R"(1"})"));
}

}  // namespace
}  // namespace tripline::transform
