#include "scan/format_csv.h"

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

Occurrence cell(std::uint64_t row, std::uint64_t column, std::optional<std::string> name) {
    return Cell{row, column, std::move(name)};
}

TEST(FormatCsv, CellsWithHeaderAsRowOne) {
    StandInScanner scanner;
    std::string csv = "id,ssn,note\n1,123-45-6789,SECRET here\n2,987-65-4321,\n";
    ObjectScanResult result = scan_object("hr/staff.csv", csv, scanner);
    EXPECT_EQ(result.mime_type, "text/csv");
    EXPECT_EQ(result.status, "COMPLETE");
    EXPECT_EQ(result.size_classified, csv.size());
    std::vector<Occurrence> ssn = {cell(2, 2, "ssn"), cell(3, 2, "ssn")};
    EXPECT_EQ(occurrences(result, kSsn), ssn);
    EXPECT_EQ(occurrences(result, kSecret), (std::vector<Occurrence>{cell(2, 3, "note")}));
    // Types in order of first occurrence: the ssn cell comes before the note cell.
    ASSERT_EQ(result.types.size(), 2u);
    EXPECT_EQ(result.types[0].index, kSsn);
    EXPECT_EQ(result.types[0].count, 2u);
    // Data cells carry their column name as context; empty cells are not scanned.
    bool saw = false;
    for (const auto& call : scanner.calls) {
        if (call.value == "SECRET here") {
            saw = true;
            EXPECT_EQ(call.names, std::vector<std::string>{"note"});
        }
        EXPECT_FALSE(call.value.empty());
    }
    EXPECT_TRUE(saw);
}

TEST(FormatCsv, QuotesDoubledQuotesMultilineCellsAndCrlf) {
    StandInScanner scanner;
    std::string csv =
        "name,\"comment, long\"\r\n"
        "\"Smith, J\",\"line one\r\nline \"\"two\"\" SECRET\"\r\n"
        "x,\"unterminated SECRET";
    ObjectScanResult result = scan_object("a.csv", csv, scanner);
    std::vector<Occurrence> expected = {cell(2, 2, "comment, long"), cell(3, 2, "comment, long")};
    EXPECT_EQ(occurrences(result, kSecret), expected);
    bool saw = false;
    for (const auto& call : scanner.calls) {
        saw = saw || call.value == "line one\r\nline \"two\" SECRET";
    }
    EXPECT_TRUE(saw);
}

TEST(FormatCsv, MatchInColumnNameIsALineRange) {
    StandInScanner scanner;
    std::string csv = "id,\"a \"\"q\"\" SECRET\",\"x\ny SECRET\"\n1,2,3\n";
    ObjectScanResult result = scan_object("a.csv", csv, scanner);
    // Columns count the raw characters of the line: a quote, then `a ""q"" ` before SECRET.
    std::vector<Occurrence> expected = {LineRange{1, 1, 13}, LineRange{2, 2, 3}};
    EXPECT_EQ(occurrences(result, kSecret), expected);
}

TEST(FormatCsv, ColumnsBeyondTheHeaderHaveNoName) {
    StandInScanner scanner;
    std::string csv = "ssn\n111,SECRET,\n\n222\n";
    ObjectScanResult result = scan_object("a.csv", csv, scanner);
    EXPECT_EQ(occurrences(result, kSecret), (std::vector<Occurrence>{cell(2, 2, std::nullopt)}));
    // The blank line is row 3.
    std::vector<Occurrence> ssn = {cell(2, 1, "ssn"), cell(4, 1, "ssn")};
    EXPECT_EQ(occurrences(result, kSsn), ssn);
    for (const auto& call : scanner.calls) {
        if (call.value == "SECRET") {
            EXPECT_TRUE(call.names.empty());
        }
    }
}

TEST(FormatTsv, TabSeparated) {
    StandInScanner scanner;
    std::string tsv = "ssn\tnote, with comma\n123456789\tSECRET, yes\n";
    ObjectScanResult result = scan_object("a.TSV", tsv, scanner);
    EXPECT_EQ(result.mime_type, "text/tab-separated-values");
    EXPECT_EQ(occurrences(result, kSsn), (std::vector<Occurrence>{cell(2, 1, "ssn")}));
    EXPECT_EQ(occurrences(result, kSecret),
              (std::vector<Occurrence>{cell(2, 2, "note, with comma")}));
}

TEST(FormatCsv, EmptyAndHeaderOnly) {
    StandInScanner scanner;
    EXPECT_TRUE(scan_object("a.csv", "", scanner).types.empty());
    ObjectScanResult header = scan_object("a.csv", "SECRET", scanner);
    EXPECT_EQ(occurrences(header, kSecret), (std::vector<Occurrence>{LineRange{1, 1, 1}}));
}

}  // namespace
}  // namespace tripline::scan
