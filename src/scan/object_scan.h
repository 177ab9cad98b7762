// Scanning one S3 object (macie.md §9-§10): choose the reader by extension (text, CSV/TSV, JSON,
// JSON Lines, gzip/zip/tar archives), scan every value with a ValueScanner, and locate each
// occurrence the way Macie reports it (lineRanges, cells, records). Counts are exact; locations are
// kept up to ScanLimits::locations_per_type per identifier (the discovery-result cap; findings
// show fewer - the caller picks them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scan/scan_types.h"
#include "scan/value_scanner.h"

namespace tripline::scan {

enum class FileKind { kText, kCsv, kTsv, kJson, kJsonLines, kGzip, kZip, kTar, kUnsupported };
// By the key's extension (case-insensitive); unknown extensions are text when `head` (the first
// bytes) looks like text (UTF-8, no NUL), else kUnsupported.
FileKind file_kind(std::string_view key, std::string_view head);
// result.mimeType for the kind ("text/plain", "text/csv", "application/json", "application/gzip",
// ...).
std::string_view mime_type(FileKind kind);

struct LineRange {
    std::uint64_t start = 0;         // 1-based line
    std::uint64_t end = 0;           // 1-based line, inclusive
    std::uint64_t start_column = 0;  // 1-based character (not byte) position on line `start`
    bool operator==(const LineRange&) const = default;
};
struct Cell {
    std::uint64_t row = 0;     // 1-based; the header is row 1
    std::uint64_t column = 0;  // 1-based
    std::optional<std::string> column_name;
    bool operator==(const Cell&) const = default;
};
struct Record {
    std::uint64_t record_index = 0;        // 0 for JSON, the 0-based line for JSON Lines
    std::optional<std::string> json_path;  // "$.a.b[3]"; nullopt when found in an element name
    bool operator==(const Record&) const = default;
};
using Occurrence = std::variant<LineRange, Cell, Record>;

struct TypeResult {
    Match::Kind kind = Match::Kind::kManaged;
    std::uint32_t index = 0;  // as in Match
    std::uint64_t count = 0;
    std::vector<Occurrence> occurrences;  // document order, at most locations_per_type
};

struct ScanLimits {
    std::size_t locations_per_type = 1000;
    int archive_nesting = 10;
    std::uint64_t archive_extracted_bytes = 10ull << 30;
    std::uint64_t archive_members = 1'000'000;
    std::uint64_t member_size = 3ull << 30;
    int json_nesting = 256;
};

struct ObjectScanResult {
    std::string mime_type;
    std::uint64_t size_classified = 0;  // bytes analysed (decompressed)
    std::string status = "COMPLETE";    // COMPLETE | PARTIAL | SKIPPED
    std::optional<std::string> reason;  // macie.md §9 status reasons, null when COMPLETE
    std::vector<TypeResult> types;      // in order of each type's first occurrence
};

// Scans the whole object held in `bytes`.
ObjectScanResult scan_object(std::string_view key,
                             std::string_view bytes,
                             const ValueScanner& scanner,
                             const ScanLimits& limits = {});

}  // namespace tripline::scan
