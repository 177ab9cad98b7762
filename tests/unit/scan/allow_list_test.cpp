#include "scan/allow_list.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline::scan {
namespace {

TEST(AllowListRegex, AllowsCompleteMatchesOnly) {
    auto list = AllowList::from_regex(R"(EMP-0+)");
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_TRUE(list->allows("EMP-000"));
    EXPECT_FALSE(list->allows("EMP-0001"));  // only partly matches
    EXPECT_FALSE(list->allows("xEMP-000"));
    EXPECT_FALSE(list->allows("emp-000"));  // the regex decides case
    EXPECT_FALSE(list->allows(""));
}

TEST(AllowListRegex, InlineFlagsAndAlternation) {
    auto list = AllowList::from_regex(R"((?i)test|example\.com)");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->allows("TEST"));
    EXPECT_TRUE(list->allows("Example.COM"));
    EXPECT_FALSE(list->allows("testexample.com"));
}

TEST(AllowListRegex, CapturingGroupsAreFineHere) {
    // Only RE2's rules apply to allow lists (the custom-identifier dialect does not).
    auto list = AllowList::from_regex(R"((\d{3})-\d{4})");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->allows("555-0100"));
}

TEST(AllowListRegex, Rejections) {
    auto empty = AllowList::from_regex("");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(empty.error().message, "regex: is required");

    EXPECT_TRUE(AllowList::from_regex(std::string(512, 'a')));
    auto longer = AllowList::from_regex(std::string(513, 'a'));
    ASSERT_FALSE(longer);
    EXPECT_EQ(longer.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(longer.error().message, "regex: must be at most 512 characters (got 513)");

    auto bad = AllowList::from_regex("ab(?=c)");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(bad.error().message, "regex: invalid perl operator: (?= (at offset 2)");
}

TEST(AllowListWords, ExactEntriesCaseInsensitive) {
    auto list = AllowList::from_words("John Doe\n  Jane Roe  \r\n\n\t\nÉlodie Dupont\n");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->allows("John Doe"));
    EXPECT_TRUE(list->allows("JOHN DOE"));
    EXPECT_TRUE(list->allows("jane roe"));       // entries are trimmed
    EXPECT_TRUE(list->allows("élodie dupont"));  // Latin-1 letters fold too
    EXPECT_FALSE(list->allows("John Doe "));     // the occurrence is not trimmed
    EXPECT_FALSE(list->allows("John"));          // complete entries only
    EXPECT_FALSE(list->allows("John Doe Jr"));
    EXPECT_FALSE(list->allows(""));
}

TEST(AllowListWords, ByteOrderMarkAndLastLineWithoutNewline) {
    auto list = AllowList::from_words(
        "\xEF\xBB\xBF"
        "first\nlast");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->allows("FIRST"));
    EXPECT_TRUE(list->allows("last"));
}

TEST(AllowListWords, EmptyListAllowsNothing) {
    auto list = AllowList::from_words("\n \n");
    ASSERT_TRUE(list);
    EXPECT_FALSE(list->allows(""));
    EXPECT_FALSE(list->allows("x"));
}

TEST(AllowListWords, AtMost100000Entries) {
    std::string text;
    for (int i = 0; i < 100'000; ++i) {
        text += "entry" + std::to_string(i) + "\n";
    }
    text += "\n\n";  // blank lines do not count
    auto list = AllowList::from_words(text);
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->allows("ENTRY99999"));
    text += "one-more\n";
    auto over = AllowList::from_words(text);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, Errc::kLimitExceeded);
    EXPECT_EQ(over.error().message, "allow list: at most 100000 entries are allowed");
}

TEST(AllowList, MoveKeepsTheList) {
    auto list = AllowList::from_words("keep");
    ASSERT_TRUE(list);
    AllowList moved = std::move(*list);
    EXPECT_TRUE(moved.allows("KEEP"));
    auto other = AllowList::from_regex("x");
    ASSERT_TRUE(other);
    moved = std::move(*other);
    EXPECT_TRUE(moved.allows("x"));
    EXPECT_FALSE(moved.allows("keep"));
}

}  // namespace
}  // namespace tripline::scan
