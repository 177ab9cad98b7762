// What every format reader reports into while one object is scanned: the per-identifier counts and
// locations (OccurrenceSink) and the object's status (ScanStatus). Readers call the ValueScanner
// on each value, then hand each match to the sink with a way to locate it; the location is only
// computed while the identifier still keeps locations (ScanLimits::locations_per_type).
// Not thread-safe: one sink per object scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scan/object_scan.h"

namespace tripline::scan {

class OccurrenceSink {
public:
    explicit OccurrenceSink(std::size_t locations_per_type)
        : locations_per_type_(locations_per_type) {}

    // Caps the count (and so the locations) of one identifier per object, e.g. NAME and ADDRESS
    // (macie.md §1: at most 1,000 counted per file, archives included).
    void cap_count(Match::Kind kind, std::uint32_t index, std::uint64_t max_count);

    // Counts one occurrence of the match's identifier; `locate()` (returning an Occurrence) is
    // called only when the identifier keeps one more location.
    template <typename Locate>
    void add(const Match& match, Locate&& locate) {
        if (std::vector<Occurrence>* occurrences = count(match)) {
            occurrences->push_back(locate());
        }
    }

    std::vector<TypeResult> take_types() { return std::move(types_); }
    const std::vector<TypeResult>& types() const { return types_; }

private:
    // Counts the match; returns where its location goes, or nullptr when none is kept.
    std::vector<Occurrence>* count(const Match& match);

    std::size_t locations_per_type_;
    std::vector<TypeResult> types_;                             // in order of first occurrence
    std::unordered_map<std::uint64_t, std::size_t> positions_;  // kind/index -> types_ position
    std::unordered_map<std::uint64_t, std::uint64_t> count_caps_;
};

// Drops matches a (stand-in or faulty) scanner reports outside the value, and puts them in order of
// begin if they are not, so that readers can locate them incrementally and safely.
void sanitize_matches(std::vector<Match>& matches, std::size_t value_size);

// The object's result.status: COMPLETE until something is left out; the first reason given is kept.
struct ScanStatus {
    std::string code = "COMPLETE";
    std::optional<std::string> reason;

    // Part of the object was not analysed (an archive member, a limit hit while extracting).
    void partial(std::string_view why);
    // The object was not analysed at all.
    void skipped(std::string_view why);
};

// Status reasons (macie.md §9).
namespace reason {
inline constexpr std::string_view kUnsupported = "UNSUPPORTED_FILE_TYPE_EXCEPTION";
inline constexpr std::string_view kJsonNesting = "JSON_NESTING_LEVEL_OVER_LIMIT";
inline constexpr std::string_view kArchiveNesting = "ARCHIVE_NESTING_LEVEL_OVER_LIMIT";
inline constexpr std::string_view kArchiveBytes = "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT";
inline constexpr std::string_view kArchiveDocuments =
    "ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT";
inline constexpr std::string_view kUnprocessedFiles = "ARCHIVE_CONTAINS_UNPROCESSED_FILES";
inline constexpr std::string_view kUnableToParse = "UNABLE_TO_PARSE_FILE";
}  // namespace reason

}  // namespace tripline::scan
