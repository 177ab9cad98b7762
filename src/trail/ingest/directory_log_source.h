// DirectoryLogSource: CloudTrail log files on the local file system - one file, or a directory
// tree walked recursively. Lists .json, .json.gz, .jsonl, .jsonl.gz and .gz files, sorted by path
// (CloudTrail's key layout then sorts by account, region and time). Skips what is not a Records
// file: CloudTrail-Digest/ and CloudTrail-Insight/ folders (Insights files could be ingested
// later), digest file names (*_CloudTrail-Digest_*), hidden files and folders (".name"), and
// anything else. Symbolic links to files are followed, links to folders are not (no cycles).
//
// Identity: the path relative to the root (generic form, '/'), or the file name for a single file.
// Version: "size:mtime_ns", so a file rewritten in place is read again.
// Source id: "dir:<absolute root>" or "file:<absolute path>".
//
// Ownership: owns its paths. Thread-safety: one thread at a time (LogSource's contract).
// Errors: open_directory_log_source() -> kNotFound when the path does not exist, kInvalidArgument
// when it is neither a file nor a directory; list() -> kIo when the root cannot be read (folders
// below it that cannot be read are skipped); read() -> kIo naming the file.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trail/ingest/log_source.h"

namespace tripline::trail {

class DirectoryLogSource final : public LogSource {
public:
    // `root` must exist (see open_directory_log_source()).
    explicit DirectoryLogSource(std::filesystem::path root);

    std::string id() const override;
    Result<std::vector<SourceFile>> list() override;
    Result<std::string> read(const SourceFile& file) override;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;  // absolute
    bool single_file_ = false;
};

Result<std::unique_ptr<LogSource>> open_directory_log_source(const std::filesystem::path& path);

// True for the file names the source lists (by extension, not a digest, not hidden).
bool is_log_file_name(std::string_view file_name);
// True for the folders the source does not enter (CloudTrail-Digest, CloudTrail-Insight, hidden).
bool is_skipped_folder_name(std::string_view folder_name);

}  // namespace tripline::trail
