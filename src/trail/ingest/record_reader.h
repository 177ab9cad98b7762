// RecordReader: turns one CloudTrail file's bytes into records. Gzip is recognised by its magic
// bytes (whatever the name says) and inflated first; the JSON is then one of:
//   - a CloudTrail log file, {"Records":[...]} (what trails write; other top-level keys ignored);
//   - a JSON array of records;
//   - a single record object;
//   - JSON Lines: one value per line, each a record, a log file {"Records":[...]}, or an
//     EventBridge event whose "detail" is a record ("AWS API Call via CloudTrail" archives).
// JSON Lines is chosen by the name (.jsonl, .jsonl.gz) or when the first line alone is a complete
// JSON object with more text after it; anything else is parsed as one document.
//
// A file that cannot be read at all (not gzip after all, truncated gzip, invalid JSON, no records
// shape) is an error naming the file and the reason - and for JSON Lines, the line. A file with
// some bad records (a Records entry that is not an object, a line that is not JSON or not a
// record) keeps its good records: the bad ones are counted in ReadSummary with the first few
// problems ("line 12: invalid JSON: ...", "Records[3]: ...").
//
// Records are handed one at a time to the caller's callback, so memory holds one file's JSON text
// (at most kMaxIngestFileBytes uncompressed) plus what the caller keeps. The parser's buffers are
// reused from file to file.
//
// Ownership: the reader owns its parser. Thread-safety: one thread at a time; use one reader per
// thread. Errors: kInvalidArgument for malformed input, kLimitExceeded past kMaxIngestFileBytes
// (or kMaxCloudTrailLogFileBytes for one JSON document, event/cloudtrail_record.h); an error the
// callback returns stops the reading and is returned as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "event/cloudtrail_record.h"
#include "json/json_parser.h"

namespace tripline::trail {

// The most one ingested file may hold once inflated (JSON Lines exports can be large).
inline constexpr std::size_t kMaxIngestFileBytes = std::size_t{1} << 30;  // 1 GiB
// How many problems a ReadSummary keeps word for word (the rest are only counted).
inline constexpr std::size_t kMaxReportedProblems = 10;

struct ReadSummary {
    std::uint64_t records = 0;      // handed to the callback
    std::uint64_t bad_records = 0;  // skipped
    std::vector<std::string>
        problems;                  // the first kMaxReportedProblems: "line 3: invalid JSON: ..."
    std::uint64_t json_bytes = 0;  // the JSON text's size (after gunzip)
};

class RecordReader {
public:
    using RecordCallback = std::function<Status(event::CloudTrailRecord&& record)>;

    RecordReader();

    // A whole file. `name` starts error messages and picks JSON Lines by its extension.
    Result<ReadSummary> read_file(std::string_view name,
                                  std::string_view bytes,
                                  const RecordCallback& on_record);

    // One line of a JSON Lines stream (stdin): a record, a log file or an EventBridge event.
    // Blank lines are nothing. A bad line is counted in `summary`, not returned as an error; only
    // the callback's error is.
    Status read_line(std::uint64_t line_number,
                     std::string_view line,
                     const RecordCallback& on_record,
                     ReadSummary& summary);

    // True when `text` is one complete JSON object: tells a JSON Lines stream from a document
    // spread over lines.
    bool is_json_object(std::string_view text);

private:
    Result<ReadSummary> read_json_text(std::string_view name,
                                       std::string_view text,
                                       const RecordCallback& on_record);
    Result<ReadSummary> read_lines(std::string_view name,
                                   std::string_view text,
                                   const RecordCallback& on_record);
    json::JsonParser parser_;
};

// True when `name` says JSON Lines (.jsonl or .jsonl.gz).
bool is_json_lines_name(std::string_view name);

}  // namespace tripline::trail
