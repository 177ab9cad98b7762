// Round trip over real CloudTrail data (../shared/testdata/cloudtrail/, see its README): every
// record of every file parses, serialises, re-parses, and is semantically equal to the original
// (JSON trees compared with numbers by value and object members as multisets), and a second round
// is stable.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "event/cloudtrail_record.h"
#include "json/json_parser.h"
#include "json/json_writer.h"
#include "json/number.h"
#include "test_support.h"

namespace tripline::event {
namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;
using simdjson::dom::element_type;

bool is_number(element_type t) {
    return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

// Semantic equality: numbers by value, objects regardless of member order (the n-th member named k
// in one matches the n-th member named k in the other), arrays in order.
bool json_equal(element a, element b) {
    if (is_number(a.type()) && is_number(b.type())) {
        if (a.type() == b.type() && a.type() != element_type::DOUBLE) {
            return json::to_json(a) == json::to_json(b);
        }
        return json::number_value(a) == json::number_value(b);
    }
    if (a.type() != b.type()) {
        return false;
    }
    switch (a.type()) {
        case element_type::OBJECT: {
            simdjson::dom::object oa = a;
            simdjson::dom::object ob = b;
            if (oa.size() != ob.size()) {
                return false;
            }
            std::vector<std::pair<std::string_view, element>> mb;
            for (auto field : ob) {
                mb.emplace_back(field.key, field.value);
            }
            std::vector<bool> used(mb.size(), false);
            for (auto field : oa) {
                auto it = std::find_if(mb.begin(), mb.end(), [&](const auto& m) {
                    return !used[&m - mb.data()] && m.first == field.key;
                });
                if (it == mb.end() || !json_equal(field.value, it->second)) {
                    return false;
                }
                used[it - mb.begin()] = true;
            }
            return true;
        }
        case element_type::ARRAY: {
            simdjson::dom::array xa = a;
            simdjson::dom::array xb = b;
            if (xa.size() != xb.size()) {
                return false;
            }
            auto ib = xb.begin();
            for (element item : xa) {
                if (!json_equal(item, *ib)) {
                    return false;
                }
                ++ib;
            }
            return true;
        }
        case element_type::STRING:
            return std::string_view(a) == std::string_view(b);
        case element_type::BOOL:
            return bool(a) == bool(b);
        default:
            return true;  // null
    }
}

// Checks one record element; returns false (after reporting) when it fails.
void check_record(element original, const std::string& where) {
    auto record = parse_cloudtrail_record(original);
    ASSERT_TRUE(record) << where << ": " << record.error().message;
    const std::string text = to_json(*record);
    json::JsonParser reparser(json::ParseLimits{kMaxCloudTrailRecordBytes, kMaxCloudTrailDepth});
    auto reparsed = reparser.parse(text);
    ASSERT_TRUE(reparsed) << where << ": " << reparsed.error().message << "\n" << text;
    EXPECT_TRUE(json_equal(original, *reparsed))
        << where << ":\noriginal: " << json::to_json(original) << "\nwritten:  " << text;
    auto again = parse_cloudtrail_record(*reparsed);
    ASSERT_TRUE(again) << where;
    EXPECT_EQ(*again, *record) << where;
    EXPECT_EQ(to_json(*again), text) << where;
}

std::vector<fs::path> data_files() {
    std::vector<fs::path> files;
    const fs::path root = tripline::testing::shared_dir() / "testdata" / "cloudtrail";
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name.find(".manifest.") != std::string::npos) {
            continue;  // the Panther manifest describes tests, it holds no records
        }
        if (entry.path().extension() == ".json" || entry.path().extension() == ".jsonl") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

TEST(CloudTrailRoundTripTest, EveryRealRecordRoundTrips) {
    const auto files = data_files();
    ASSERT_FALSE(files.empty()) << "no test data under " << tripline::testing::shared_dir();
    std::size_t records = 0;
    std::size_t log_files = 0;
    json::JsonParser parser(json::ParseLimits{kMaxCloudTrailLogFileBytes, kMaxCloudTrailDepth + 2});
    for (const auto& file : files) {
        const std::string text = tripline::testing::read_file(file);
        const std::string name = file.filename().string();
        if (file.extension() == ".jsonl") {
            std::size_t line_no = 0;
            std::size_t begin = 0;
            while (begin < text.size()) {
                std::size_t end = text.find('\n', begin);
                if (end == std::string::npos) {
                    end = text.size();
                }
                std::string_view line(text.data() + begin, end - begin);
                begin = end + 1;
                ++line_no;
                if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
                    continue;
                }
                auto root = parser.parse(line);
                ASSERT_TRUE(root) << name << ":" << line_no << ": " << root.error().message;
                check_record(*root, name + ":" + std::to_string(line_no));
                ++records;
            }
            continue;
        }
        auto root = parser.parse(text);
        ASSERT_TRUE(root) << name << ": " << root.error().message;
        simdjson::dom::array array;
        simdjson::dom::object object;
        if (root->get_object().get(object) == simdjson::SUCCESS) {
            ASSERT_EQ(object.at_key("Records").get_array().get(array), simdjson::SUCCESS) << name;
            auto parsed = parse_cloudtrail_log_file(text);
            ASSERT_TRUE(parsed) << name << ": " << parsed.error().message;
            EXPECT_EQ(parsed->size(), array.size()) << name;
            ++log_files;
        } else {
            ASSERT_EQ(root->get_array().get(array), simdjson::SUCCESS) << name;
        }
        std::size_t index = 0;
        for (element item : array) {
            check_record(item, name + "[" + std::to_string(index++) + "]");
            ++records;
        }
    }
    std::cout << "round-tripped " << records << " CloudTrail records from " << files.size()
              << " files (" << log_files << " {\"Records\":[...]} log files)\n";
    EXPECT_GT(records, 0u);
    EXPECT_GT(log_files, 0u);
}

}  // namespace
}  // namespace tripline::event
