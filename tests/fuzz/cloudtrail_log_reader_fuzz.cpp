// Fuzzes the CloudTrail file reader (trail/ingest/record_reader.h) over every shape it accepts:
// gzip or not, a log file, an array, one record, JSON Lines, EventBridge events. The first byte
// picks the name the file is read under (JSON Lines by extension or by content). Any input is
// either an error that names the file, or a summary whose counts match what the callback saw and
// whose records serialise and re-parse to themselves (within a lone record's limits).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "event/cloudtrail_record.h"
#include "trail/ingest/record_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr std::string_view kNames[] = {"f.json.gz", "f.jsonl", "f.jsonl.gz", "-"};
    if (size == 0) {
        return 0;
    }
    const std::string_view name = kNames[data[0] % 4];
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

    tripline::trail::RecordReader reader;
    std::uint64_t seen = 0;
    auto summary = reader.read_file(
        name, bytes, [&](tripline::event::CloudTrailRecord&& record) -> tripline::Status {
            ++seen;
            const std::string json = tripline::event::to_json(record);
            auto again = tripline::event::parse_cloudtrail_record(json);
            if (!again) {
                // A record nested deeper or larger than a lone record may be: fine in a file.
                if (again.error().code != tripline::Errc::kLimitExceeded) {
                    std::abort();
                }
            } else if (!(*again == record)) {
                std::abort();
            }
            return tripline::ok_status();
        });
    if (!summary) {
        const std::string& message = summary.error().message;
        if (seen != 0 || message.compare(0, name.size(), name) != 0) {
            std::abort();  // a failed file hands on nothing, and its error names it
        }
        return 0;
    }
    if (summary->records != seen ||
        summary->problems.size() > tripline::trail::kMaxReportedProblems ||
        summary->problems.size() > summary->bad_records) {
        std::abort();
    }
    return 0;
}
