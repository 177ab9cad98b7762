// The bounded XML reader: the constructs S3 and the query protocol use, and the malformed or
// hostile documents it must refuse (with line and column) instead of guessing.
#include "awsclient/xml_reader.h"

#include <gtest/gtest.h>

namespace tripline::awsclient {
namespace {

TEST(XmlReader, ElementsTextAttributesNamespacesAndReferences) {
    auto root = parse_xml(
        "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- leading -->\n"
        "<s3:Root xmlns:s3=\"http://s3/\" a='1 &amp; 2'>\n"
        "  <Item>a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#65;&#x42;&#xe9;&#x1F600;</Item>\n"
        "  <Empty/><Empty2></Empty2>\n"
        "  <s3:Item><![CDATA[<raw> & ]]>tail<!-- c --><?pi x?></s3:Item>\n"
        "  <Line>a\r\nb\rc</Line>\n"
        "</s3:Root>\n<!-- trailing -->\n");
    ASSERT_TRUE(root) << root.error().to_string();
    EXPECT_EQ(root->name, "Root");
    ASSERT_EQ(root->attributes.size(), 2u);
    EXPECT_EQ(root->attributes[1].first, "a");
    EXPECT_EQ(root->attributes[1].second, "1 & 2");
    auto items = root->children_named("Item");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0]->text, "a <b> \"c\" 'd' AB\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_EQ(items[1]->text, "<raw> & tail");
    EXPECT_NE(root->child("Empty"), nullptr);
    EXPECT_EQ(root->child_text("Empty2"), "");
    EXPECT_EQ(root->child_text("Line"), "a\nb\nc");
    EXPECT_EQ(root->child("Missing"), nullptr);
    EXPECT_EQ(root->child_text("Missing"), "");
}

TEST(XmlReader, MalformedDocumentsAreRefusedWithPosition) {
    for (const char* doc : {
             "",
             "just text",
             "<a>",
             "<a></b>",
             "<a><b></a></b>",
             "<a>&unknown;</a>",
             "<a>&#xD800;</a>",
             "<a>&#0;</a>",
             "<a>&amp</a>",
             "<a x=1></a>",
             "<a x></a>",
             "<a></a><b></b>",
             "<a></a>trailing",
             "<a><![CDATA[never closed</a>",
             "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
             "<a><!ENTITY x \"y\"></a>",
         }) {
        auto root = parse_xml(doc);
        ASSERT_FALSE(root) << doc;
        EXPECT_EQ(root.error().code, Errc::kInvalidArgument) << doc;
        EXPECT_NE(root.error().message.find("line"), std::string::npos) << doc;
    }
}

TEST(XmlReader, PositionsPointAtTheProblem) {
    auto root = parse_xml("<a>\n  <b>\n  </c>\n</a>");
    ASSERT_FALSE(root);
    EXPECT_NE(root.error().message.find("line 3"), std::string::npos) << root.error().message;
}

TEST(XmlReader, LimitsAreEnforced) {
    std::string deep;
    for (int i = 0; i < 100; ++i) {
        deep += "<a>";
    }
    for (int i = 0; i < 100; ++i) {
        deep += "</a>";
    }
    auto too_deep = parse_xml(deep);
    ASSERT_FALSE(too_deep);
    EXPECT_EQ(too_deep.error().code, Errc::kLimitExceeded);

    XmlLimits limits;
    limits.max_elements = 10;
    std::string wide = "<r>";
    for (int i = 0; i < 20; ++i) {
        wide += "<x/>";
    }
    wide += "</r>";
    EXPECT_EQ(parse_xml(wide, limits).error().code, Errc::kLimitExceeded);
    limits = {};
    limits.max_bytes = 5;
    EXPECT_EQ(parse_xml("<abc></abc>", limits).error().code, Errc::kLimitExceeded);
}

}  // namespace
}  // namespace tripline::awsclient
