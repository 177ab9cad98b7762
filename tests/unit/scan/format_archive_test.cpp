#include "scan/format_archive.h"

#include <gtest/gtest.h>

#include "format_stand_in_scanner.h"
#include "scan/object_scan.h"

namespace tripline::scan {
namespace {

using testing::find_type;
using testing::gzip;
using testing::kSecret;
using testing::kSsn;
using testing::make_archive;
using testing::occurrences;
using testing::StandInScanner;

TEST(FormatArchive, GzipIsReadByTheInnerName) {
    StandInScanner scanner;
    std::string csv = "ssn,x\n123,SECRET\n";
    ObjectScanResult result = scan_object("exports/staff.csv.gz", gzip(csv), scanner);
    EXPECT_EQ(result.mime_type, "application/gzip");
    EXPECT_EQ(result.status, "COMPLETE");
    EXPECT_EQ(result.size_classified, csv.size());
    EXPECT_EQ(occurrences(result, kSsn), (std::vector<Occurrence>{Cell{2, 1, "ssn"}}));
    EXPECT_EQ(occurrences(result, kSecret), (std::vector<Occurrence>{Cell{2, 2, "x"}}));
}

TEST(FormatArchive, ConcatenatedGzipMembersAndTruncation) {
    StandInScanner scanner;
    std::string both = gzip("one SECRET\n") + gzip("two SECRET\n");
    ObjectScanResult result = scan_object("a.log.gz", both, scanner);
    std::vector<Occurrence> expected = {LineRange{1, 1, 5}, LineRange{2, 2, 5}};
    EXPECT_EQ(occurrences(result, kSecret), expected);

    std::string big(100'000, 'x');
    big += "SECRET";
    std::string gz = gzip(big);
    ObjectScanResult cut = scan_object("a.txt.gz", gz.substr(0, gz.size() - 10), scanner);
    EXPECT_EQ(cut.status, "PARTIAL");
    EXPECT_EQ(cut.reason, "UNABLE_TO_PARSE_FILE");

    ObjectScanResult garbage = scan_object("a.gz", "not gzip at all", scanner);
    EXPECT_EQ(garbage.status, "SKIPPED");
    EXPECT_EQ(garbage.reason, "UNABLE_TO_PARSE_FILE");
}

TEST(FormatArchive, GzipOverTheExtractedBytesLimit) {
    StandInScanner scanner;
    ScanLimits limits;
    limits.archive_extracted_bytes = 20;
    ObjectScanResult result =
        scan_object("a.txt.gz", gzip("SECRET 1\nSECRET 2\nSECRET 3\n"), scanner, limits);
    EXPECT_EQ(result.status, "PARTIAL");
    EXPECT_EQ(result.reason, "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT");
    EXPECT_EQ(result.size_classified, 20u);
    ASSERT_NE(find_type(result, kSecret), nullptr);
    EXPECT_EQ(find_type(result, kSecret)->count, 2u);
}

TEST(FormatArchive, ZipMembersByTheirOwnKind) {
    StandInScanner scanner;
    testing::Files files = {{"dir/", ""},
                            {"dir/a.csv", "ssn\n111\n"},
                            {"b.json", R"({"k": "SECRET"})"},
                            {"c.txt", "x SECRET"},
                            {"README", "SECRET"}};
    ObjectScanResult result = scan_object("bundle.zip", make_archive(true, files), scanner);
    EXPECT_EQ(result.mime_type, "application/zip");
    EXPECT_EQ(result.status, "COMPLETE");
    EXPECT_EQ(result.size_classified, 8u + 15u + 8u + 6u);
    EXPECT_EQ(occurrences(result, kSsn), (std::vector<Occurrence>{Cell{2, 1, "ssn"}}));
    std::vector<Occurrence> expected = {Record{0, "$.k"}, LineRange{1, 1, 3}, LineRange{1, 1, 1}};
    EXPECT_EQ(occurrences(result, kSecret), expected);
    EXPECT_EQ(find_type(result, kSecret)->count, 3u);
}

TEST(FormatArchive, TarWithUnsupportedMembersIsPartial) {
    StandInScanner scanner;
    testing::Files files = {
        {"a.txt", "SECRET"}, {"cat.png", "SECRET"}, {"b.bin2", std::string("\0\0", 2)}};
    ObjectScanResult result = scan_object("x.tar", make_archive(false, files), scanner);
    EXPECT_EQ(result.mime_type, "application/x-tar");
    EXPECT_EQ(result.status, "PARTIAL");
    EXPECT_EQ(result.reason, "ARCHIVE_CONTAINS_UNPROCESSED_FILES");
    EXPECT_EQ(find_type(result, kSecret)->count, 1u);
}

TEST(FormatArchive, NestedArchivesUpToTheNestingLimit) {
    StandInScanner scanner;
    std::string inner_zip = make_archive(true, {{"deep.txt", "SECRET"}});
    std::string tar = make_archive(false, {{"top.txt", "SECRET"}, {"inner.zip", inner_zip}});
    std::string tgz = gzip(tar);
    // tgz (1) > tar (2) > zip (3)
    ObjectScanResult all = scan_object("b.tgz", tgz, scanner);
    EXPECT_EQ(all.status, "COMPLETE");
    EXPECT_EQ(find_type(all, kSecret)->count, 2u);

    ScanLimits limits;
    limits.archive_nesting = 2;
    ObjectScanResult cut = scan_object("b.tar.gz", tgz, scanner, limits);
    EXPECT_EQ(cut.status, "PARTIAL");
    EXPECT_EQ(cut.reason, "ARCHIVE_NESTING_LEVEL_OVER_LIMIT");
    EXPECT_EQ(find_type(cut, kSecret)->count, 1u);

    limits.archive_nesting = 0;
    ObjectScanResult none = scan_object("b.tar.gz", tgz, scanner, limits);
    EXPECT_EQ(none.status, "SKIPPED");
    EXPECT_EQ(none.reason, "ARCHIVE_NESTING_LEVEL_OVER_LIMIT");
    EXPECT_TRUE(none.types.empty());
}

TEST(FormatArchive, MemberCountAndSizeLimits) {
    StandInScanner scanner;
    std::string zip =
        make_archive(true, {{"1.txt", "SECRET"}, {"2.txt", "SECRET"}, {"3.txt", "SECRET"}});
    ScanLimits limits;
    limits.archive_members = 2;
    ObjectScanResult few = scan_object("a.zip", zip, scanner, limits);
    EXPECT_EQ(few.status, "PARTIAL");
    EXPECT_EQ(few.reason, "ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT");
    EXPECT_EQ(find_type(few, kSecret)->count, 2u);

    std::string tar =
        make_archive(false, {{"big.txt", "SECRET and more"}, {"small.txt", "SECRET"}});
    limits = ScanLimits{};
    limits.member_size = 10;
    ObjectScanResult sized = scan_object("a.tar", tar, scanner, limits);
    EXPECT_EQ(sized.status, "PARTIAL");
    EXPECT_EQ(sized.reason, "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT");
    EXPECT_EQ(find_type(sized, kSecret)->count, 1u);
    EXPECT_EQ(sized.size_classified, 6u);
}

TEST(FormatArchive, BrokenArchives) {
    StandInScanner scanner;
    EXPECT_EQ(scan_object("a.zip", "PK\3\4 broken", scanner).status, "SKIPPED");
    EXPECT_EQ(scan_object("a.tar", std::string(1024, 'x'), scanner).reason, "UNABLE_TO_PARSE_FILE");
    std::string zip = make_archive(true, {{"1.txt", std::string(5000, 'y') + "SECRET"}});
    for (std::size_t i = 35; i < 51; ++i) {
        zip[i] ^= 0x55;  // damage the member's header and data
    }
    ObjectScanResult damaged = scan_object("a.zip", zip, scanner);
    EXPECT_NE(damaged.status, "COMPLETE");
}

}  // namespace
}  // namespace tripline::scan
