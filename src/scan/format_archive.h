// Archives (macie.md §10): gzip (zlib streaming, concatenated members too), zip and tar (libarchive
// reading from memory). Each regular member is handed, extracted, to a visitor that scans it by
// its own kind; the limits on extracted bytes and members are shared by every archive of the
// object (ArchiveBudget). Limits hit while extracting stop the extraction and make the object
// PARTIAL; what was extracted so far is still scanned.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "scan/format_sink.h"
#include "scan/object_scan.h"

namespace tripline::scan {

struct ArchiveBudget {
    explicit ArchiveBudget(const ScanLimits& scan_limits) : limits(scan_limits) {}

    const ScanLimits& limits;
    std::uint64_t extracted = 0;  // bytes extracted from every archive so far
    std::uint64_t members = 0;    // files extracted so far
    bool stopped = false;         // a whole-object limit was hit: extract nothing more
};

// Called with each extracted member's name and bytes.
using MemberVisitor = std::function<void(std::string_view name, std::string_view bytes)>;

enum class ArchiveRead {
    kRead,        // read (maybe partly: see the status)
    kUnreadable,  // not an archive of that kind at all: nothing was extracted
};

// A gzip file named `key`: its content is visited under gzip_inner_name(key).
ArchiveRead read_gzip(std::string_view key,
                      std::string_view bytes,
                      ArchiveBudget& budget,
                      ScanStatus& status,
                      const MemberVisitor& visit);

// A zip or tar file (`kind` kZip or kTar): every regular member, in archive order. Members whose
// extension Tripline cannot read are left out unextracted (ARCHIVE_CONTAINS_UNPROCESSED_FILES).
ArchiveRead read_archive(FileKind kind,
                         std::string_view bytes,
                         ArchiveBudget& budget,
                         ScanStatus& status,
                         const MemberVisitor& visit);

}  // namespace tripline::scan
