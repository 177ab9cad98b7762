// The data directory admits one Tripline process that runs the pipeline at a time (DuckDB's trail
// store is single-process): `serve` and an in-process `ingest` hold an exclusive lock on
// <data-dir>/serve.lock for their lifetime. A running server also writes <data-dir>/serve.json
// (mode 0600): its pid, its API's local URL and a random token, so that `tripline ingest` on the
// same data dir hands its records to the server (POST /_tripline/ingest) instead.
// Errors: kUnavailable when another process holds the lock; kIo for file-system failures.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "base/result.h"

namespace tripline::app {

class DataDirLock {
public:
    static Result<std::unique_ptr<DataDirLock>> acquire(const std::filesystem::path& data_dir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

private:
    DataDirLock(int fd, std::filesystem::path info_path)
        : fd_(fd), info_path_(std::move(info_path)) {}
    int fd_;
    std::filesystem::path info_path_;  // serve.json, removed with the lock
};

struct ServeInfo {
    long pid = 0;
    std::string url;    // http://127.0.0.1:4566
    std::string token;  // X-Tripline-Token of POST /_tripline/ingest
};

Status write_serve_info(const std::filesystem::path& data_dir, const ServeInfo& info);
Result<ServeInfo> read_serve_info(const std::filesystem::path& data_dir);

}  // namespace tripline::app
