#include "scan/value_scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scan/managed_catalogue.h"

namespace tripline::scan {
namespace {

CustomIdentifierSpec spec_with(std::string name, std::string regex) {
    CustomIdentifierSpec spec;
    spec.name = std::move(name);
    spec.regex = std::move(regex);
    return spec;
}

std::vector<std::string> texts(std::string_view value, const std::vector<Match>& matches) {
    std::vector<std::string> out;
    for (const Match& m : matches) {
        out.emplace_back(value.substr(m.begin, m.end - m.begin));
    }
    return out;
}

using Texts = std::vector<std::string>;

TEST(ValueScanner, NothingToRun) {
    ValueScanner scanner(nullptr, nullptr, {});
    std::vector<Match> out;
    scanner.scan("EMP-1234", ValueContext{}, out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(scanner.managed(), nullptr);
    EXPECT_EQ(scanner.custom(), nullptr);
}

TEST(ValueScanner, CustomMatchesInOrderOfBegin) {
    auto custom = CustomMatcher::compile({spec_with("b", R"(B-\d+)"), spec_with("a", R"(A-\d+)")});
    ASSERT_TRUE(custom);
    ValueScanner scanner(nullptr, &*custom, {});
    EXPECT_EQ(scanner.custom(), &*custom);
    std::string_view value = "A-1 B-2 A-3 B-4";
    std::vector<Match> out;
    scanner.scan(value, ValueContext{}, out);
    EXPECT_EQ(texts(value, out), (Texts{"A-1", "B-2", "A-3", "B-4"}));
    EXPECT_EQ(out[0].index, 1u);
    EXPECT_EQ(out[1].index, 0u);
}

TEST(ValueScanner, AllowListsDropOccurrences) {
    auto custom = CustomMatcher::compile({spec_with("emp", R"(EMP-\d+)")});
    ASSERT_TRUE(custom);
    auto zeros = AllowList::from_regex(R"(EMP-0+)");
    auto words = AllowList::from_words("emp-42\nEMP-7\n");
    ASSERT_TRUE(zeros);
    ASSERT_TRUE(words);
    ValueScanner scanner(nullptr, &*custom, {&*zeros, &*words});
    std::string_view value = "EMP-000 EMP-0001 EMP-42 EMP-7 EMP-77";
    std::vector<Match> out;
    scanner.scan(value, ValueContext{}, out);
    EXPECT_EQ(texts(value, out), (Texts{"EMP-0001", "EMP-77"}));
}

TEST(ValueScanner, AppendsWithoutTouchingEarlierMatches) {
    auto custom = CustomMatcher::compile({spec_with("x", "x")});
    ASSERT_TRUE(custom);
    ValueScanner scanner(nullptr, &*custom, {});
    std::vector<Match> out = {Match{Match::Kind::kManaged, 3, 10, 12}};
    scanner.scan("x-x", ValueContext{}, out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].index, 3u);
    EXPECT_EQ(out[0].begin, 10u);
    EXPECT_EQ(out[1].begin, 0u);
    EXPECT_EQ(out[2].begin, 2u);
    // A second value on the same thread starts from an empty scratch.
    scanner.scan("none", ValueContext{}, out);
    EXPECT_EQ(out.size(), 3u);
}

TEST(ValueScanner, ContextNamesReachTheCustomMatcher) {
    CustomIdentifierSpec spec = spec_with("pin", R"(\d{4})");
    spec.keywords = {"pin"};
    auto custom = CustomMatcher::compile({spec});
    ASSERT_TRUE(custom);
    ValueScanner scanner(nullptr, &*custom, {});
    std::vector<Match> out;
    scanner.scan("1234", ValueContext{}, out);
    EXPECT_TRUE(out.empty());
    std::vector<std::string_view> names = {"card_PIN"};
    scanner.scan("1234", ValueContext{names}, out);
    EXPECT_EQ(out.size(), 1u);
}

TEST(ValueScanner, MergesManagedAndCustomMatchesAndFiltersBoth) {
    auto selected =
        select_managed("INCLUDE", {"CREDIT_CARD_NUMBER", "CREDIT_CARD_NUMBER_(NO_KEYWORD)"});
    ASSERT_TRUE(selected) << selected.error().message;
    auto managed = ManagedScanner::compile(*selected);
    ASSERT_TRUE(managed) << managed.error().message;
    auto custom = CustomMatcher::compile({spec_with("emp", R"(EMP-\d{4})")});
    ASSERT_TRUE(custom);
    std::string_view value =
        "EMP-1234 credit card number 4960336149935536 EMP-9999 card 5109894808545920";

    // What the two scanners find on their own, merged in order of begin.
    std::vector<Match> expected;
    managed->scan(value, ValueContext{}, expected);
    custom->scan(value, ValueContext{}, expected);
    std::stable_sort(expected.begin(), expected.end(), [](const Match& a, const Match& b) {
        return a.begin < b.begin;
    });
    ASSERT_EQ(expected.size(), 4u);

    ValueScanner plain(&*managed, &*custom, {});
    std::vector<Match> out;
    plain.scan(value, ValueContext{}, out);
    EXPECT_EQ(texts(value, out), texts(value, expected));

    // Allow lists apply to managed and custom occurrences alike.
    auto words = AllowList::from_words("4960336149935536\nemp-9999\n");
    ASSERT_TRUE(words);
    ValueScanner filtered(&*managed, &*custom, {&*words});
    out.clear();
    filtered.scan(value, ValueContext{}, out);
    Texts kept;
    for (const std::string& text : texts(value, expected)) {
        if (text != "4960336149935536" && text != "EMP-9999") {
            kept.push_back(text);
        }
    }
    EXPECT_EQ(texts(value, out), kept);
    EXPECT_EQ(std::count(kept.begin(), kept.end(), "EMP-1234"), 1);
}

// Format readers are tested with a stand-in: scan() is virtual.
class FixedScanner : public ValueScanner {
public:
    FixedScanner() : ValueScanner(nullptr, nullptr, {}) {}
    void scan(std::string_view value, const ValueContext&, std::vector<Match>& out) const override {
        out.push_back(Match{Match::Kind::kCustom, 0, 0, value.size()});
    }
};

TEST(ValueScanner, IsVirtual) {
    FixedScanner fixed;
    const ValueScanner& scanner = fixed;
    std::vector<Match> out;
    scanner.scan("abc", ValueContext{}, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].end, 3u);
}

}  // namespace
}  // namespace tripline::scan
