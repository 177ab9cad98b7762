// Every public conformance case in ../shared/testdata/eventbridge/: cases.jsonl (pattern, event,
// expected verdict, labelled by AWS's engine) and invalid.jsonl (patterns AWS rejects). Both the
// reference matcher and a RuleSet holding the pattern must give the expected verdict.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "pattern/matcher.h"
#include "pattern/rule_set.h"
#include "test_support.h"

namespace tripline::pattern {
namespace {

struct PublicCase {
    std::string id;
    std::string pattern;
    std::string event;
    bool match = false;
};

std::vector<PublicCase> load_cases(const std::string& file, bool with_event) {
    std::string text =
        testing::read_file(testing::shared_dir() / "testdata" / "eventbridge" / file);
    std::vector<PublicCase> cases;
    simdjson::dom::parser parser;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        simdjson::dom::element doc;
        EXPECT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << line;
        PublicCase c;
        std::string_view s;
        EXPECT_EQ(doc["id"].get(s), simdjson::SUCCESS);
        c.id = std::string(s);
        EXPECT_EQ(doc["pattern_text"].get(s), simdjson::SUCCESS);
        c.pattern = std::string(s);
        if (with_event) {
            EXPECT_EQ(doc["event_text"].get(s), simdjson::SUCCESS);
            c.event = std::string(s);
            EXPECT_EQ(doc["match"].get(c.match), simdjson::SUCCESS);
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

TEST(PublicCases, MatchVerdicts) {
    auto cases = load_cases("cases.jsonl", true);
    ASSERT_GT(cases.size(), 300u);
    int passed = 0;
    for (const PublicCase& c : cases) {
        auto pattern = parse_event_pattern(c.pattern);
        if (!pattern) {
            ADD_FAILURE() << c.id << ": pattern rejected: " << pattern.error().message;
            continue;
        }
        auto verdict = matches(*pattern, c.event);
        RuleSet::Builder builder;
        ASSERT_TRUE(builder.add(1, *pattern));
        auto ids = std::move(builder).build()->match(c.event);
        if (!verdict || !ids) {
            ADD_FAILURE() << c.id << ": event rejected";
            continue;
        }
        EXPECT_EQ(*verdict, c.match) << c.id << ": " << c.pattern << " vs " << c.event;
        EXPECT_EQ(!ids->empty(), c.match) << c.id << " (RuleSet)";
        passed += (*verdict == c.match && !ids->empty() == c.match) ? 1 : 0;
    }
    std::cout << "[ public ] cases.jsonl: " << passed << "/" << cases.size() << " pass\n";
}

TEST(PublicCases, InvalidPatternsAreRejected) {
    auto cases = load_cases("invalid.jsonl", false);
    ASSERT_GT(cases.size(), 10u);
    int passed = 0;
    for (const PublicCase& c : cases) {
        auto pattern = parse_event_pattern(c.pattern);
        EXPECT_FALSE(pattern.has_value()) << c.id << ": " << c.pattern << " was accepted";
        if (!pattern) {
            EXPECT_EQ(pattern.error().code, Errc::kInvalidArgument) << c.id;
            std::cout << "[ public ] " << c.id << ": " << pattern.error().message << "\n";
            ++passed;
        }
    }
    std::cout << "[ public ] invalid.jsonl: " << passed << "/" << cases.size() << " rejected\n";
}

}  // namespace
}  // namespace tripline::pattern
