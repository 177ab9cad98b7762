#include "scan/object_scan.h"

#include <algorithm>

#include "scan/format_archive.h"
#include "scan/format_csv.h"
#include "scan/format_json.h"
#include "scan/format_kind.h"
#include "scan/format_sink.h"
#include "scan/format_text.h"
#include "scan/managed_catalogue.h"

namespace tripline::scan {

namespace {

// At most 1,000 NAME and 1,000 ADDRESS occurrences are counted per file (macie.md §1).
constexpr std::uint64_t kMachineLearnedTypeCap = 1000;
// Archives are read recursively: whatever ScanLimits says, the stack never holds more than this.
constexpr int kMaxArchiveNesting = 64;

class ObjectScan {
public:
    ObjectScan(const ValueScanner& scanner, const ScanLimits& limits)
        : scanner_(scanner), limits_(limits), sink_(limits.locations_per_type), budget_(limits) {
        if (scanner.managed() != nullptr) {
            for (std::string_view id : {"NAME", "ADDRESS"}) {
                if (auto index = managed_index(id)) {
                    sink_.cap_count(Match::Kind::kManaged, *index, kMachineLearnedTypeCap);
                }
            }
        }
    }

    // Scans one file of `kind`: the object itself (depth 0) or a member `depth` archives deep.
    void file(FileKind kind, std::string_view name, std::string_view bytes, int depth) {
        switch (kind) {
            case FileKind::kText:
                scan_text(bytes, scanner_, sink_);
                size_classified_ += bytes.size();
                return;
            case FileKind::kCsv:
            case FileKind::kTsv:
                scan_delimited(bytes, kind == FileKind::kCsv ? ',' : '\t', scanner_, sink_);
                size_classified_ += bytes.size();
                return;
            case FileKind::kJson:
            case FileKind::kJsonLines:
                json(kind, bytes, depth);
                return;
            case FileKind::kGzip:
            case FileKind::kZip:
            case FileKind::kTar:
                archive(kind, name, bytes, depth);
                return;
            case FileKind::kUnsupported:
                break;
        }
        not_analysed(reason::kUnsupported, depth);
    }

    ObjectScanResult finish(FileKind kind) {
        ObjectScanResult result;
        result.mime_type = std::string(mime_type(kind));
        result.size_classified = size_classified_;
        result.status = status_.code;
        result.reason = status_.reason;
        result.types = sink_.take_types();
        return result;
    }

private:
    void json(FileKind kind, std::string_view bytes, int depth) {
        std::size_t nesting =
            limits_.json_nesting < 0 ? 0 : static_cast<std::size_t>(limits_.json_nesting);
        JsonOutcome outcome = kind == FileKind::kJson
                                  ? scan_json(bytes, scanner_, sink_, nesting)
                                  : scan_json_lines(bytes, scanner_, sink_, nesting);
        if (outcome == JsonOutcome::kTooDeep) {
            not_analysed(reason::kJsonNesting, depth);
            return;
        }
        size_classified_ += bytes.size();
    }

    void archive(FileKind kind, std::string_view name, std::string_view bytes, int depth) {
        if (depth >= std::min(limits_.archive_nesting, kMaxArchiveNesting)) {
            not_analysed(reason::kArchiveNesting, depth);
            return;
        }
        MemberVisitor visit = [this, depth](std::string_view member, std::string_view content) {
            FileKind inner = file_kind(member, content.substr(0, kSniffBytes));
            if (inner == FileKind::kUnsupported) {
                status_.partial(reason::kUnprocessedFiles);
                return;
            }
            file(inner, member, content, depth + 1);
        };
        ArchiveRead read = kind == FileKind::kGzip
                               ? read_gzip(name, bytes, budget_, status_, visit)
                               : read_archive(kind, bytes, budget_, status_, visit);
        if (read == ArchiveRead::kUnreadable) {
            not_analysed(reason::kUnableToParse, depth);
        }
    }

    // The object itself is skipped; a member left out makes the object partial.
    void not_analysed(std::string_view why, int depth) {
        if (depth == 0) {
            status_.skipped(why);
        } else {
            status_.partial(why);
        }
    }

    const ValueScanner& scanner_;
    const ScanLimits& limits_;
    OccurrenceSink sink_;
    ScanStatus status_;
    ArchiveBudget budget_;
    std::uint64_t size_classified_ = 0;
};

}  // namespace

ObjectScanResult scan_object(std::string_view key,
                             std::string_view bytes,
                             const ValueScanner& scanner,
                             const ScanLimits& limits) {
    FileKind kind = file_kind(key, bytes.substr(0, kSniffBytes));
    ObjectScan scan(scanner, limits);
    scan.file(kind, key, bytes, 0);
    return scan.finish(kind);
}

}  // namespace tripline::scan
