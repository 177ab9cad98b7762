#include "scan/format_kind.h"

#include <gtest/gtest.h>

namespace tripline::scan {
namespace {

TEST(FormatKind, ByExtensionCaseInsensitive) {
    EXPECT_EQ(file_kind("a/b/staff.CSV", ""), FileKind::kCsv);
    EXPECT_EQ(file_kind("x.tsv", ""), FileKind::kTsv);
    EXPECT_EQ(file_kind("x.json", ""), FileKind::kJson);
    EXPECT_EQ(file_kind("x.jsonl", ""), FileKind::kJsonLines);
    EXPECT_EQ(file_kind("x.ndjson", ""), FileKind::kJsonLines);
    EXPECT_EQ(file_kind("x.csv.gz", ""), FileKind::kGzip);
    EXPECT_EQ(file_kind("x.GZIP", ""), FileKind::kGzip);
    EXPECT_EQ(file_kind("x.tgz", ""), FileKind::kGzip);
    EXPECT_EQ(file_kind("x.zip", ""), FileKind::kZip);
    EXPECT_EQ(file_kind("x.tar", ""), FileKind::kTar);
    EXPECT_EQ(file_kind("notes.txt", std::string_view("\0\1", 2)), FileKind::kText);
    EXPECT_EQ(file_kind("app.log", ""), FileKind::kText);
    EXPECT_EQ(file_kind("page.HTML", ""), FileKind::kText);
    EXPECT_EQ(file_kind("photo.jpg", "looks like text"), FileKind::kUnsupported);
    EXPECT_EQ(file_kind("report.pdf", ""), FileKind::kUnsupported);
}

TEST(FormatKind, UnknownExtensionIsSniffed) {
    EXPECT_EQ(file_kind("README", "plain words\n"), FileKind::kText);
    EXPECT_EQ(file_kind("data.weird", "caf\xC3\xA9"), FileKind::kText);
    EXPECT_EQ(file_kind("dir.d/blob", std::string_view("ab\0cd", 5)), FileKind::kUnsupported);
    EXPECT_EQ(file_kind("blob", "\xFF\xFE"), FileKind::kUnsupported);
    EXPECT_EQ(file_kind("blob", "\xC0\x80"), FileKind::kUnsupported);  // overlong NUL
    // The head may stop inside the last character.
    EXPECT_EQ(file_kind("blob", "ok \xE2\x82"), FileKind::kText);
}

TEST(FormatKind, MimeTypes) {
    EXPECT_EQ(mime_type(FileKind::kText), "text/plain");
    EXPECT_EQ(mime_type(FileKind::kCsv), "text/csv");
    EXPECT_EQ(mime_type(FileKind::kTsv), "text/tab-separated-values");
    EXPECT_EQ(mime_type(FileKind::kJson), "application/json");
    EXPECT_EQ(mime_type(FileKind::kJsonLines), "application/json");
    EXPECT_EQ(mime_type(FileKind::kGzip), "application/gzip");
    EXPECT_EQ(mime_type(FileKind::kZip), "application/zip");
    EXPECT_EQ(mime_type(FileKind::kTar), "application/x-tar");
}

TEST(FormatKind, GzipInnerName) {
    EXPECT_EQ(gzip_inner_name("logs/a.csv.gz"), "logs/a.csv");
    EXPECT_EQ(gzip_inner_name("a.TGZ"), "a.tar");
    EXPECT_EQ(gzip_inner_name("a.gzip"), "a");
    EXPECT_EQ(key_extension("dir.v2/name"), "");
    EXPECT_EQ(key_extension("x.TXT"), "txt");
}

}  // namespace
}  // namespace tripline::scan
