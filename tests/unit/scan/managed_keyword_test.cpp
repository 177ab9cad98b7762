#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scan/keyword_matcher.h"
#include "scan/managed_match_rules.h"

namespace tripline::scan {
namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(ManagedKeywords, VariantsForSpacesAndCase) {
    auto v = keyword_variants("Date of Birth");
    EXPECT_TRUE(has(v, "date of birth"));
    EXPECT_TRUE(has(v, "dateofbirth"));
    EXPECT_TRUE(has(v, "date_of_birth"));
    EXPECT_TRUE(has(v, "date-of-birth"));
    EXPECT_EQ(v.size(), 4u);
    EXPECT_EQ(keyword_variants("ssn"), std::vector<std::string>{"ssn"});
    auto accented = keyword_variants("número");
    EXPECT_TRUE(has(accented, "número"));
    EXPECT_TRUE(has(accented, "NÚMERO"));
    auto greek = keyword_variants("άδεια οδήγησης");
    EXPECT_TRUE(has(greek, "Άδεια Οδήγησης"));
    EXPECT_TRUE(has(greek, "ΆΔΕΙΑ ΟΔΉΓΗΣΗΣ"));
}

TEST(ManagedKeywords, CharCountCountsCodePointsAndCrlfOnce) {
    EXPECT_EQ(char_count("abc"), 3u);
    EXPECT_EQ(char_count("né"), 2u);
    EXPECT_EQ(char_count("a\r\nb"), 3u);
    EXPECT_EQ(char_count(""), 0u);
}

class KeywordMatcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto compiled = KeywordMatcher::compile(
            {{1, {"ssn", "social security"}}, {2, {"exp d", "card"}}, {3, {"cc #"}}});
        ASSERT_TRUE(compiled);
        matcher_ = std::move(*compiled);
        ASSERT_EQ(hs_alloc_scratch(matcher_.database(), &scratch_), HS_SUCCESS);
    }
    void TearDown() override { hs_free_scratch(scratch_); }

    std::vector<std::string> hits(std::string_view text) {
        std::vector<KeywordHit> found;
        matcher_.find_in_text(text, scratch_, found, 100);
        std::vector<std::string> out;
        for (const auto& h : found) {
            out.emplace_back(text.substr(h.begin, h.end - h.begin));
        }
        return out;
    }
    IdentifierSet name_ids(std::string_view name) {
        IdentifierSet ids;
        matcher_.find_in_name(name, scratch_, ids);
        return ids;
    }

    KeywordMatcher matcher_;
    hs_scratch_t* scratch_ = nullptr;
};

TEST_F(KeywordMatcherTest, TextHitsAreCaseInsensitiveOnWordBoundaries) {
    EXPECT_EQ(hits("SSN: 1"), std::vector<std::string>{"SSN"});
    EXPECT_EQ(hits("a lesson"), std::vector<std::string>{});
    EXPECT_EQ(hits("ssn2"), std::vector<std::string>{});
    EXPECT_EQ(hits("Social_Security no"), std::vector<std::string>{"Social_Security"});
    EXPECT_EQ(hits("socialsecurity"), std::vector<std::string>{"socialsecurity"});
    EXPECT_EQ(hits("CC #4 and cc#5"), (std::vector<std::string>{"CC #", "cc#"}));
    EXPECT_EQ(hits("exp date 02/26"), std::vector<std::string>{"exp d"});  // abbreviation
    EXPECT_EQ(hits("cards"), std::vector<std::string>{});
}

TEST_F(KeywordMatcherTest, NameHitsUseNameBoundaries) {
    EXPECT_TRUE(name_ids("customer_ssn")[1]);
    EXPECT_TRUE(name_ids("ssnValue")[1]);
    EXPECT_TRUE(name_ids("SSNValue")[1]);
    EXPECT_TRUE(name_ids("customerSsn")[1]);
    EXPECT_TRUE(name_ids("person.ssn-2")[1]);
    EXPECT_TRUE(name_ids("SocialSecurityNumber")[1]);
    EXPECT_FALSE(name_ids("lesson")[1]);
    EXPECT_FALSE(name_ids("lessons")[1]);
    EXPECT_FALSE(name_ids("discard")[2]);
    EXPECT_TRUE(name_ids("cardNo")[2]);
    EXPECT_TRUE(name_ids("expDate")[2]);
    EXPECT_TRUE(matcher_.all_identifiers()[3]);
    EXPECT_FALSE(matcher_.all_identifiers()[4]);
}

TEST(ManagedMatchRules, EdgesAreWordBoundaries) {
    std::string_view v = "x4111 4111. 4111";
    EXPECT_TRUE(glued_left(v, 1, ""));
    EXPECT_FALSE(glued_left(v, 6, ""));
    EXPECT_FALSE(glued_right(v, 10, ""));  // '.' then space
    EXPECT_TRUE(glued_right("1.234", 1, ""));
    EXPECT_TRUE(glued_left("1.234", 2, ""));
    EXPECT_TRUE(glued_left("ab/cd", 3, "/"));
    EXPECT_FALSE(glued_left("ab/cd", 3, ""));
    EXPECT_FALSE(glued_left("a%B", 1, ""));  // '%' is not a token character
}

TEST(ManagedMatchRules, GroupedCardContinuation) {
    std::string_view v = "1234 4111 1111 1111 1111 5678";
    EXPECT_TRUE(card_group_continues(v, 5, 24));
    EXPECT_FALSE(card_group_continues("x 4111 1111 1111 1111 y", 2, 21));
    EXPECT_FALSE(card_group_continues("1 4111111111111111 2", 2, 18));  // contiguous
}

TEST(ManagedMatchRules, Proximity) {
    std::string text = "key" + std::string(30, '.') + "DATA";
    EXPECT_TRUE(in_proximity(text, 0, 3, 33, 37));
    text = "key" + std::string(31, '.') + "DATA";
    EXPECT_FALSE(in_proximity(text, 0, 3, 34, 38));
    text = "DATA" + std::string(30, ' ') + "key";
    EXPECT_TRUE(in_proximity(text, 34, 37, 0, 4));
    std::string accents;
    for (int i = 0; i < 30; ++i) {
        accents += "é";
    }
    text = "key" + accents + "DATA";  // 30 characters, 60 bytes
    EXPECT_TRUE(in_proximity(text, 0, 3, 63, 67));
    EXPECT_TRUE(in_proximity("expY=2026, expM=02", 11, 15, 5, 18));  // overlap
    EXPECT_EQ(back_chars("aéb", 4, 2), 1u);
    EXPECT_EQ(forward_chars("aéb", 0, 2), 3u);
    EXPECT_EQ(forward_chars("ab", 1, 5), 2u);
    EXPECT_EQ(next_start("ab cd", 1, 5, ""), 2u);
}

}  // namespace
}  // namespace tripline::scan
