// Every scenario of ../shared/testdata/cwlogs/alarms.jsonl: the alarm, its evaluation range and
// prior state give expected_state (or anything but expected_not_state), and expected_reason when a
// row has one.
#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "metrics/alarm_case.h"
#include "test_support.h"

namespace tripline::metrics {
namespace {

using nlohmann::json;

std::vector<json> load_rows() {
    std::string text =
        testing::read_file(testing::shared_dir() / "testdata" / "cwlogs" / "alarms.jsonl");
    std::vector<json> rows;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        rows.push_back(json::parse(line));
    }
    return rows;
}

TEST(PublicAlarms, ExpectedStates) {
    auto rows = load_rows();
    ASSERT_GE(rows.size(), 37u);
    int passed = 0;
    for (const json& row : rows) {
        const std::string id = row.at("id").get<std::string>();
        auto e = evaluate_alarm_case(row);
        if (!e) {
            ADD_FAILURE() << id << ": " << e.error().message;
            continue;
        }
        const std::string actual = alarm_state_name(e->state);
        bool ok = true;
        if (row.contains("expected_state") && row["expected_state"].is_string()) {
            EXPECT_EQ(actual, row["expected_state"].get<std::string>()) << id << ": " << e->reason;
            ok = actual == row["expected_state"].get<std::string>();
        } else {
            ASSERT_TRUE(row.contains("expected_not_state")) << id;
            EXPECT_NE(actual, row["expected_not_state"].get<std::string>()) << id;
            ok = actual != row["expected_not_state"].get<std::string>();
        }
        if (row.contains("expected_reason")) {
            EXPECT_EQ(e->reason, row["expected_reason"].get<std::string>()) << id;
            ok = ok && e->reason == row["expected_reason"].get<std::string>();
        }
        passed += ok ? 1 : 0;
    }
    std::cout << "[ public ] alarms.jsonl: " << passed << "/" << rows.size() << " pass\n";
}

}  // namespace
}  // namespace tripline::metrics
