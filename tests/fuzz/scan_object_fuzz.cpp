// Fuzzes scan_object (every format reader of the sensitive-data scanner: text, CSV/TSV, JSON, JSON
// Lines, gzip/zip/tar archives): the first byte picks the key's extension, the rest is the object.
// Any input is scanned within the limits without crashing, and the result is consistent: counts
// cover the kept locations, locations are capped, lines and columns are 1-based, SKIPPED reports
// nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "scan/object_scan.h"
#include "scan/value_scanner.h"

namespace {

using tripline::scan::Match;
using tripline::scan::ValueContext;

// Reports every "SECRET" and, when a context name is "ssn", the whole value.
class StandInScanner : public tripline::scan::ValueScanner {
public:
    StandInScanner() : ValueScanner(nullptr, nullptr, {}) {}
    void scan(std::string_view value,
              const ValueContext& context,
              std::vector<Match>& out) const override {
        for (std::string_view name : context.names) {
            if (name == "ssn") {
                out.push_back(Match{Match::Kind::kManaged, 1, 0, value.size()});
                break;
            }
        }
        for (std::size_t at = value.find("SECRET"); at != std::string_view::npos;
             at = value.find("SECRET", at + 1)) {
            out.push_back(Match{Match::Kind::kManaged, 0, at, at + 6});
        }
    }
};

constexpr std::string_view kKeys[] = {"a.txt",
                                      "a.csv",
                                      "a.tsv",
                                      "a.json",
                                      "a.jsonl",
                                      "a.gz",
                                      "a.zip",
                                      "a.tar",
                                      "a",
                                      "a.tgz",
                                      "a.csv.gz",
                                      "a.png"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    std::string_view key = kKeys[data[0] % std::size(kKeys)];
    std::string_view object(reinterpret_cast<const char*>(data + 1), size - 1);
    tripline::scan::ScanLimits limits;
    limits.locations_per_type = 8;
    limits.archive_nesting = 3;
    limits.archive_extracted_bytes = 4u << 20;
    limits.member_size = 1u << 20;
    limits.archive_members = 64;
    limits.json_nesting = 32;
    static const StandInScanner scanner;
    tripline::scan::ObjectScanResult result =
        tripline::scan::scan_object(key, object, scanner, limits);
    if (result.status == "SKIPPED" && !result.types.empty()) {
        std::abort();
    }
    if ((result.status == "COMPLETE") == result.reason.has_value()) {
        std::abort();
    }
    for (const auto& type : result.types) {
        if (type.count == 0 || type.occurrences.size() > limits.locations_per_type ||
            type.occurrences.size() > type.count) {
            std::abort();
        }
        for (const auto& occurrence : type.occurrences) {
            if (const auto* range = std::get_if<tripline::scan::LineRange>(&occurrence)) {
                if (range->start == 0 || range->end < range->start || range->start_column == 0) {
                    std::abort();
                }
            } else if (const auto* cell = std::get_if<tripline::scan::Cell>(&occurrence)) {
                if (cell->row < 2 || cell->column == 0) {
                    std::abort();
                }
            }
        }
    }
    return 0;
}
