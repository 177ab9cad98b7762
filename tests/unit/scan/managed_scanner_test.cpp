#include "scan/managed_scanner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "scan/managed_catalogue.h"
#include "scan/shape.h"

namespace tripline::scan {
namespace {

ManagedScanner compile_ids(const std::vector<std::string>& ids) {
    auto selected = select_managed("INCLUDE", ids);
    EXPECT_TRUE(selected);
    auto scanner = ManagedScanner::compile(*selected);
    EXPECT_TRUE(scanner) << (scanner ? "" : scanner.error().message);
    return std::move(*scanner);
}

std::vector<std::string> found(const ManagedScanner& scanner,
                               std::string_view value,
                               std::vector<std::string_view> names = {}) {
    std::vector<Match> matches;
    scanner.scan(value, ValueContext{names}, matches);
    std::vector<std::string> out;
    for (const auto& m : matches) {
        EXPECT_EQ(m.kind, Match::Kind::kManaged);
        out.push_back(managed_catalogue()[m.index].id + "=" +
                      std::string(value.substr(m.begin, m.end - m.begin)));
    }
    return out;
}

TEST(ManagedShapes, EveryCredentialAndFinancialIdentifierHasAShape) {
    std::set<std::string> covered;
    for (auto group : {credential_shapes(), financial_shapes()}) {
        for (const Shape& shape : group) {
            if (shape.identifier == kIbanShapeIdentifier) {
                for (const auto& id : managed_catalogue()) {
                    if (!id.iban_country_code.empty()) {
                        covered.insert(id.id);
                    }
                }
                continue;
            }
            auto index = managed_index(shape.identifier);
            ASSERT_TRUE(index) << shape.identifier;
            EXPECT_NE(managed_catalogue()[*index].category, Category::kPersonal);
            covered.insert(std::string(shape.identifier));
        }
    }
    for (const auto& id : managed_catalogue()) {
        if (id.category != Category::kPersonal) {
            EXPECT_EQ(covered.count(id.id), 1u) << id.id;
        }
    }
    EXPECT_EQ(covered.size(), 9u + 58u);
}

TEST(ManagedScanner, CompilesEverySelection) {
    for (const char* selector : {"ALL", "RECOMMENDED", "NONE"}) {
        auto selected = select_managed(selector, {});
        ASSERT_TRUE(selected);
        auto scanner = ManagedScanner::compile(*selected);
        ASSERT_TRUE(scanner) << selector << ": " << scanner.error().message;
        EXPECT_EQ(scanner->selected(), *selected);
    }
    auto bad = ManagedScanner::compile({9999});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
}

TEST(ManagedScanner, EmptySelectionFindsNothing) {
    auto scanner = ManagedScanner::compile({});
    ASSERT_TRUE(scanner);
    EXPECT_TRUE(found(*scanner, "visa 4960336149935536").empty());
}

TEST(ManagedScanner, OffsetsAreBytesOfTheDataWithoutTheKeyword) {
    auto scanner = compile_ids({"CREDIT_CARD_NUMBER"});
    std::vector<Match> matches;
    std::string value = "née: visa 4960336149935536!";
    scanner.scan(value, {}, matches);
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(matches[0].begin, value.find('4'));
    EXPECT_EQ(matches[0].end, value.find('!'));
}

TEST(ManagedScanner, AppendsInOrderOfBegin) {
    auto scanner = compile_ids({"CREDIT_CARD_NUMBER_(NO_KEYWORD)", "UK_BANK_ACCOUNT_NUMBER"});
    std::vector<Match> matches{Match{}};  // existing content is kept
    scanner.scan("GB29NWBK60161331926819 4960336149935536 GB29NWBK60161331926819", {}, matches);
    ASSERT_EQ(matches.size(), 4u);
    EXPECT_LT(matches[1].begin, matches[2].begin);
    EXPECT_LT(matches[2].begin, matches[3].begin);
}

TEST(ManagedScanner, ContextNamesPutEveryValueInProximity) {
    auto scanner = compile_ids({"CREDIT_CARD_NUMBER", "CREDIT_CARD_SECURITY_CODE"});
    EXPECT_EQ(found(scanner, "4960336149935536", {"payments", "card_number"}),
              std::vector<std::string>{"CREDIT_CARD_NUMBER=4960336149935536"});
    EXPECT_EQ(found(scanner, "123", {"cardCvv"}),
              std::vector<std::string>{"CREDIT_CARD_SECURITY_CODE=123"});
    EXPECT_TRUE(found(scanner, "4960336149935536", {"discard"}).empty());
    EXPECT_TRUE(found(scanner, "123", {"lesson"}).empty());
}

TEST(ManagedScanner, OverlapKeepsOneIdentifier) {
    // A 16-digit Luhn-valid number near "bank account" and "card": both claim it; the
    // keyword-backed, longest, earliest-catalogue claim wins and the text is reported once.
    auto scanner = compile_ids({"BANK_ACCOUNT_NUMBER", "CREDIT_CARD_NUMBER_(NO_KEYWORD)"});
    EXPECT_EQ(found(scanner, "bank account 4960336149935536"),
              std::vector<std::string>{"BANK_ACCOUNT_NUMBER=4960336149935536"});
    EXPECT_EQ(found(scanner, "ref 4960336149935536"),
              std::vector<std::string>{"CREDIT_CARD_NUMBER_(NO_KEYWORD)=4960336149935536"});
}

TEST(ManagedScanner, ConcurrentScansAgree) {
    auto selected = select_managed("ALL", {});
    auto scanner = ManagedScanner::compile(*selected);
    ASSERT_TRUE(scanner);
    const std::string value =
        "visa 4960336149935536, GB29NWBK60161331926819, credentials "
        "Zx9Kq2LmN4pR7sT1uV3wY5aB8cD0eF6gH+j/Ki2M";
    const auto expected = found(*scanner, value);
    ASSERT_GE(expected.size(), 3u);
    std::vector<std::thread> threads;
    std::vector<int> agree(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                agree[t] += found(*scanner, value) == expected;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (int count : agree) {
        EXPECT_EQ(count, 200);
    }
}

TEST(ManagedScanner, PathologicalValuesStayBounded) {
    auto selected = select_managed("ALL", {});
    auto scanner = ManagedScanner::compile(*selected);
    ASSERT_TRUE(scanner);
    std::string digits(2 << 20, '4');
    std::string keywords;
    while (keywords.size() < (1u << 20)) {
        keywords += "card 1234 ssn 4 ";
    }
    std::string grouped;
    while (grouped.size() < (1u << 20)) {
        grouped += "4111 ";
    }
    for (const std::string* value : {&digits, &keywords, &grouped}) {
        std::vector<Match> matches;
        auto start = std::chrono::steady_clock::now();
        scanner->scan(*value, {}, matches);
        EXPECT_LE(matches.size(), 100'000u);
        // Generous bound: this is a hang detector, not a benchmark.
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
    }
}

}  // namespace
}  // namespace tripline::scan
