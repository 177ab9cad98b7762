#include "scan/format_text.h"

#include <gtest/gtest.h>

#include "format_stand_in_scanner.h"
#include "scan/object_scan.h"

namespace tripline::scan {
namespace {

using testing::find_type;
using testing::kSecret;
using testing::kSpan;
using testing::occurrences;
using testing::StandInScanner;

TEST(FormatText, WholeTextIsOneValueWithoutContext) {
    StandInScanner scanner;
    std::string text = "password for\nthe vault: SECRET\n";
    ObjectScanResult result = scan_object("notes.txt", text, scanner);
    ASSERT_EQ(scanner.calls.size(), 1u);
    EXPECT_EQ(scanner.calls[0].value, text);
    EXPECT_TRUE(scanner.calls[0].names.empty());
    EXPECT_EQ(result.mime_type, "text/plain");
    EXPECT_EQ(result.status, "COMPLETE");
    EXPECT_EQ(result.size_classified, text.size());
    EXPECT_EQ(occurrences(result, kSecret), (std::vector<Occurrence>{LineRange{2, 2, 12}}));
}

TEST(FormatText, ColumnsCountCharactersNotBytes) {
    StandInScanner scanner;
    // "é" is 2 bytes, "€" 3, "😀" 4: SECRET is the 5th character.
    std::string text = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 SECRET and SECRET\nab SECRET";
    ObjectScanResult result = scan_object("a.log", text, scanner);
    std::vector<Occurrence> expected = {
        LineRange{1, 1, 5}, LineRange{1, 1, 16}, LineRange{2, 2, 4}};
    EXPECT_EQ(occurrences(result, kSecret), expected);
}

TEST(FormatText, CrlfAndBom) {
    StandInScanner scanner;
    std::string text = "\xEF\xBB\xBFSECRET\r\n\r\nx\tSECRET\r\n";
    ObjectScanResult result = scan_object("a.txt", text, scanner);
    std::vector<Occurrence> expected = {LineRange{1, 1, 1}, LineRange{3, 3, 3}};
    EXPECT_EQ(occurrences(result, kSecret), expected);
}

TEST(FormatText, MultiLineMatchEndsOnTheLineOfItsLastByte) {
    StandInScanner scanner;
    std::string text = "one\n  <<BEGIN\nkey\nEND>>\n<<\n>> tail";
    ObjectScanResult result = scan_object("key.pem", text, scanner);
    std::vector<Occurrence> expected = {LineRange{2, 4, 3}, LineRange{5, 6, 1}};
    EXPECT_EQ(occurrences(result, kSpan), expected);
}

TEST(FormatText, LineCursorGoesBackwardsSafely) {
    LineCursor cursor("ab\ncd\nef");
    EXPECT_EQ(cursor.locate(7, 8), (LineRange{3, 3, 2}));
    EXPECT_EQ(cursor.locate(6, 7), (LineRange{3, 3, 1}));
    EXPECT_EQ(cursor.locate(1, 4), (LineRange{1, 2, 2}));
    EXPECT_EQ(cursor.locate(3, 3), (LineRange{2, 2, 1}));
    EXPECT_EQ(cursor.locate(2, 3), (LineRange{1, 1, 3}));  // the '\n' itself ends line 1
    EXPECT_EQ(cursor.locate(100, 200), (LineRange{3, 3, 3}));
}

TEST(FormatText, UnknownTextAndBinary) {
    StandInScanner scanner;
    ObjectScanResult text = scan_object("Makefile", "x = SECRET\n", scanner);
    EXPECT_EQ(text.mime_type, "text/plain");
    EXPECT_EQ(occurrences(text, kSecret).size(), 1u);

    ObjectScanResult image = scan_object("cat.png", "SECRET", scanner);
    EXPECT_EQ(image.status, "SKIPPED");
    EXPECT_EQ(image.reason, "UNSUPPORTED_FILE_TYPE_EXCEPTION");
    EXPECT_TRUE(image.types.empty());
    EXPECT_EQ(image.size_classified, 0u);

    ObjectScanResult binary = scan_object("blob", std::string("SECRET\0\1", 8), scanner);
    EXPECT_EQ(binary.status, "SKIPPED");
    EXPECT_EQ(binary.mime_type, "application/octet-stream");
}

}  // namespace
}  // namespace tripline::scan
