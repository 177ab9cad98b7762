// LogSource: where `tripline ingest` finds CloudTrail log files - a local directory tree, a single
// file, or an S3-compatible bucket prefix. A source lists its files (again on every poll with
// --follow) and reads one file's bytes (gzipped or not; the reader detects gzip by magic bytes).
// Checkpoints are keyed by (source id, file identity, file version), so a restart neither re-reads
// a finished file nor skips a changed one.
// Thread-safety: one thread uses a source at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace tripline::trail {

struct SourceFile {
    std::string display;   // what progress and errors show: a path or s3://bucket/key
    std::string identity;  // stable within the source: relative path or object key
    std::string version;   // changes when the content changes: "size:mtime" or the ETag
    std::uint64_t size = 0;
};

class LogSource {
public:
    virtual ~LogSource() = default;
    // Stable id of the source (e.g. "dir:/abs/path", "s3:http://host/bucket/prefix").
    virtual std::string id() const = 0;
    // Files to ingest (CloudTrail Records files, .json/.json.gz/.jsonl[.gz]; digests and
    // Insights folders skipped), in a stable order.
    virtual Result<std::vector<SourceFile>> list() = 0;
    virtual Result<std::string> read(const SourceFile& file) = 0;
};

}  // namespace tripline::trail
