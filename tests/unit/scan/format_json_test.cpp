#include "scan/format_json.h"

#include <gtest/gtest.h>

#include "format_stand_in_scanner.h"
#include "scan/object_scan.h"

namespace tripline::scan {
namespace {

using testing::find_type;
using testing::kSecret;
using testing::kSsn;
using testing::occurrences;
using testing::StandInScanner;

Occurrence record(std::uint64_t index, std::optional<std::string> path) {
    return Record{index, std::move(path)};
}

TEST(FormatJson, PathsArraysAndOddNames) {
    StandInScanner scanner;
    std::string json = R"({"a": {"b": [1, "x", {"c": "SECRET"}, "SECRET"]}, "a b": "SECRET",
        "it's": ["SECRET"], "_ok9": "SE\u0043RET", "9lives": "SECRET", "": "SECRET"})";
    ObjectScanResult result = scan_object("doc.json", json, scanner);
    EXPECT_EQ(result.mime_type, "application/json");
    EXPECT_EQ(result.status, "COMPLETE");
    std::vector<Occurrence> expected = {record(0, "$.a.b[2].c"),
                                        record(0, "$.a.b[3]"),
                                        record(0, "$['a b']"),
                                        record(0, "$['it\\'s'][0]"),
                                        record(0, "$._ok9"),
                                        record(0, "$['9lives']"),
                                        record(0, "$['']")};
    EXPECT_EQ(occurrences(result, kSecret), expected);
}

TEST(FormatJson, ContextIsTheNamesOnThePathAndNumbersAreScanned) {
    StandInScanner scanner;
    std::string json =
        R"({"person": {"ssn": 123456789, "ids": {"ssn": ["078-05-1120", -1.5e3]}}, "n": 7})";
    ObjectScanResult result = scan_object("doc.json", json, scanner);
    std::vector<Occurrence> expected = {record(0, "$.person.ssn"),
                                        record(0, "$.person.ids.ssn[0]"),
                                        record(0, "$.person.ids.ssn[1]")};
    EXPECT_EQ(occurrences(result, kSsn), expected);
    bool saw_number = false;
    for (const auto& call : scanner.calls) {
        if (call.value == "-1.5e3") {
            saw_number = true;
            EXPECT_EQ(call.names, (std::vector<std::string>{"person", "ids", "ssn"}));
        }
        if (call.value == "ids") {  // an element name: context is the path above it
            EXPECT_EQ(call.names, std::vector<std::string>{"person"});
        }
        if (call.value == "7") {
            EXPECT_EQ(call.names, std::vector<std::string>{"n"});
        }
    }
    EXPECT_TRUE(saw_number);
}

TEST(FormatJson, MatchInAnElementNameHasNoPath) {
    StandInScanner scanner;
    std::string json = R"([{"mySECRET": "v"}, {"k": "SECRET"}])";
    ObjectScanResult result = scan_object("doc.json", json, scanner);
    std::vector<Occurrence> expected = {record(0, std::nullopt), record(0, "$[1].k")};
    EXPECT_EQ(occurrences(result, kSecret), expected);
}

TEST(FormatJson, TopLevelScalarAndLongNames) {
    StandInScanner scanner;
    EXPECT_EQ(occurrences(scan_object("a.json", R"( "SECRET" )", scanner), kSecret),
              (std::vector<Occurrence>{record(0, "$")}));
    std::string long_name(300, 'n');
    long_name.replace(0, 3, "abc");
    std::string shown = json_path_name(long_name);
    EXPECT_EQ(shown, "['..." + std::string(237, 'n') + "']");
    // A path over 250 characters is cut from its first element.
    std::string json = "{\"" + std::string(200, 'a') + "\": {\"" + std::string(100, 'b') +
                       "\": {\"c\": \"SECRET\"}}}";
    std::vector<Occurrence> expected = {record(0, "$.." + std::string(100, 'b') + ".c")};
    EXPECT_EQ(occurrences(scan_object("a.json", json, scanner), kSecret), expected);
}

TEST(FormatJson, MalformedIsScannedAsText) {
    StandInScanner scanner;
    std::string json = "{\"a\": \"x\",\n  \"b\": SECRET}";
    ObjectScanResult result = scan_object("bad.json", json, scanner);
    EXPECT_EQ(result.status, "COMPLETE");
    EXPECT_EQ(result.mime_type, "application/json");
    EXPECT_EQ(occurrences(result, kSecret), (std::vector<Occurrence>{LineRange{2, 2, 8}}));
    for (const char* bad : {"{\"a\":01}",
                            "[1,]",
                            "{\"a\" 1}",
                            "\"\\x\"",
                            "[1] [2]",
                            "",
                            "{\"a\":tru}",
                            "[\"\\u12G4\"]",
                            "{,}",
                            "[-]",
                            "[1.]",
                            "[1e]"}) {
        ObjectScanResult r = scan_object("bad.json", bad, scanner);
        EXPECT_EQ(r.status, "COMPLETE") << bad;
    }
}

TEST(FormatJson, NestingOverTheLimitIsNotAnalysed) {
    StandInScanner scanner;
    ScanLimits limits;
    limits.json_nesting = 3;
    ObjectScanResult ok = scan_object("a.json", R"({"a":[{"b":"SECRET"}]})", scanner, limits);
    EXPECT_EQ(ok.status, "COMPLETE");
    EXPECT_EQ(ok.types.size(), 1u);
    ObjectScanResult deep = scan_object("a.json", R"({"a":[{"b":["SECRET"]}]})", scanner, limits);
    EXPECT_EQ(deep.status, "SKIPPED");
    EXPECT_EQ(deep.reason, "JSON_NESTING_LEVEL_OVER_LIMIT");
    EXPECT_TRUE(deep.types.empty());
    EXPECT_EQ(deep.size_classified, 0u);
    // Very deep input is checked without recursion.
    std::string huge = std::string(1'000'000, '[') + std::string(1'000'000, ']');
    EXPECT_EQ(scan_object("a.json", huge, scanner).reason, "JSON_NESTING_LEVEL_OVER_LIMIT");
}

TEST(FormatJsonLines, RecordsPerLineAndBadLinesAsText) {
    StandInScanner scanner;
    std::string jsonl =
        "{\"k\": \"SECRET\"}\r\n"
        "\n"
        "not json SECRET\n"
        "[\"a\", {\"ssn\": \"1\"}]\n"
        "   \n"
        "\"SECRET\"";
    ObjectScanResult result = scan_object("a.jsonl", jsonl, scanner);
    EXPECT_EQ(result.mime_type, "application/json");
    EXPECT_EQ(result.status, "COMPLETE");
    std::vector<Occurrence> expected = {record(0, "$.k"), LineRange{3, 3, 10}, record(5, "$")};
    EXPECT_EQ(occurrences(result, kSecret), expected);
    EXPECT_EQ(occurrences(result, kSsn), (std::vector<Occurrence>{record(3, "$[1].ssn")}));
}

TEST(FormatJsonLines, OneLineTooDeepSkipsTheFile) {
    StandInScanner scanner;
    ScanLimits limits;
    limits.json_nesting = 2;
    ObjectScanResult result = scan_object("a.ndjson", "\"SECRET\"\n[[[1]]]\n", scanner, limits);
    EXPECT_EQ(result.status, "SKIPPED");
    EXPECT_EQ(result.reason, "JSON_NESTING_LEVEL_OVER_LIMIT");
    EXPECT_TRUE(result.types.empty());
}

}  // namespace
}  // namespace tripline::scan
