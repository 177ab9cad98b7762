// Every public case in ../shared/testdata/cwlogs/: cases.jsonl (pattern, message, expected verdict
// and, when given, TestMetricFilter's extractedValues) and invalid.jsonl (patterns and metric
// filters AWS rejects). No inferred case is decided differently (kDecidedDifferently is empty);
// add an id there, with the reason, to record a deliberate difference.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <iostream>
#include <map>
#include <set>
#include <string>

#include "filter_pattern/filter_pattern.h"
#include "test_support.h"

namespace tripline::filter_pattern {
namespace {

// id -> reason, for inferred cases where Tripline deliberately differs from the label.
const std::map<std::string, std::string> kDecidedDifferently = {};

std::vector<std::string> lines_of(const std::string& file) {
    std::string text = testing::read_file(testing::shared_dir() / "testdata" / "cwlogs" / file);
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") != std::string::npos) {
            out.push_back(std::move(line));
        }
    }
    return out;
}

std::string str(simdjson::dom::element e, const char* key) {
    std::string_view s;
    return e[key].get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

TEST(PublicCases, MatchVerdictsAndExtractedValues) {
    auto lines = lines_of("cases.jsonl");
    ASSERT_GE(lines.size(), 195u);
    simdjson::dom::parser parser;
    int passed = 0;
    for (const std::string& line : lines) {
        simdjson::dom::element doc;
        ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << line;
        const std::string id = str(doc, "id");
        const std::string pattern_text = str(doc, "pattern");
        const std::string message = str(doc, "message");
        bool expected = false;
        ASSERT_EQ(doc["match"].get(expected), simdjson::SUCCESS) << id;
        if (kDecidedDifferently.contains(id)) {
            expected = !expected;
        }
        auto pattern = FilterPattern::parse(pattern_text);
        if (!pattern) {
            ADD_FAILURE() << id << ": pattern rejected: " << pattern.error().to_string();
            continue;
        }
        ExtractedValues values;
        const bool verdict = pattern->match(LogMessage(message), values);
        EXPECT_EQ(verdict, expected) << id << ": " << pattern_text << " vs " << message;
        EXPECT_EQ(pattern->matches(message), verdict) << id << " (matches vs match)";
        bool ok = verdict == expected;
        simdjson::dom::object extracted;
        if (doc["extractedValues"].get(extracted) == simdjson::SUCCESS) {
            std::map<std::string, std::string> want;
            for (auto field : extracted) {
                std::string_view v;
                ASSERT_EQ(field.value.get(v), simdjson::SUCCESS);
                want[std::string(field.key)] = std::string(v);
            }
            std::map<std::string, std::string> got(values.begin(), values.end());
            EXPECT_EQ(got, want) << id << ": extractedValues";
            EXPECT_EQ(got.size(), values.size()) << id << ": duplicate keys";
            ok = ok && got == want;
        }
        passed += ok ? 1 : 0;
    }
    std::cout << "[ public ] cases.jsonl: " << passed << "/" << lines.size() << " pass\n";
    EXPECT_EQ(passed, static_cast<int>(lines.size()));
}

// invalid.jsonl: "filterPattern" rows must fail to parse; "putMetricFilter" rows whose reason is
// about the pattern/selector pairing are checked with check_selector(); the remaining
// putMetricFilter rows are about the request shape (transformation count, dimensions with a
// default value, filterName characters) that src/logs validates, not this module.
TEST(PublicCases, InvalidPatternsAreRejected) {
    auto lines = lines_of("invalid.jsonl");
    ASSERT_GE(lines.size(), 15u);
    const std::set<std::string> request_shape = {"mt-two-transformations",
                                                 "mt-dimensions-with-default",
                                                 "mt-four-dimensions",
                                                 "mt-filtername-colon",
                                                 "mt-filtername-star"};
    simdjson::dom::parser parser;
    int checked = 0;
    for (const std::string& line : lines) {
        simdjson::dom::element doc;
        ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << line;
        const std::string id = str(doc, "id");
        const std::string kind = str(doc, "kind");
        if (kind == "filterPattern") {
            auto pattern = FilterPattern::parse(str(doc, "pattern"));
            EXPECT_FALSE(pattern) << id << ": accepted " << str(doc, "pattern");
            if (!pattern) {
                EXPECT_EQ(pattern.error().code, Errc::kInvalidArgument) << id;
                EXPECT_TRUE(pattern.error().where.has_value()) << id;
                ++checked;
            }
            continue;
        }
        ASSERT_EQ(kind, "putMetricFilter") << id;
        if (request_shape.contains(id)) {
            continue;
        }
        auto pattern = FilterPattern::parse(str(doc, "filterPattern"));
        ASSERT_TRUE(pattern) << id;
        simdjson::dom::array transformations;
        ASSERT_EQ(doc["metricTransformations"].get(transformations), simdjson::SUCCESS) << id;
        bool rejected = false;
        for (simdjson::dom::element t : transformations) {
            std::string value = str(t, "metricValue");
            if (value.starts_with("$") && !pattern->check_selector(value)) {
                rejected = true;
            }
        }
        EXPECT_TRUE(rejected) << id;
        checked += rejected ? 1 : 0;
    }
    std::cout << "[ public ] invalid.jsonl: " << checked << " rejected, " << request_shape.size()
              << " request-shape rows left to src/logs\n";
}

}  // namespace
}  // namespace tripline::filter_pattern
