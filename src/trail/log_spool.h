// LogSpool: the on-disk copy of every log file still being filled, so that records a trail has
// accepted but not yet written to its bucket (up to flush_interval of them) survive a crash of the
// process. Each open log file has a spool file `<dir>/<unique>.spool`: a header line naming the
// trail destination, account and region, then one record JSON per line, appended as the records
// arrive. The spool file is deleted once its log file is in the bucket (or its records are dropped
// and reported). At start, recover() hands back what a previous process left, for LogDelivery to
// buffer again; a torn last line (the process died mid-write) is skipped.
//
// Durability: a write() per record, no fsync: a killed process loses nothing, a power cut may lose
// the records of the last seconds (the state store's outbox and checkpoints are fsynced).
//
// Ownership: LogSpool owns nothing but its directory path; SpoolFile owns its descriptor.
// Thread-safety: create/append/discard on distinct SpoolFiles may run concurrently; LogDelivery
// calls them under its buffer mutex. Errors are logged and returned; a spool that cannot be written
// does not stop delivery (the records are still buffered in memory).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trail/log_delivery.h"

namespace tripline::trail {

class SpoolFile {
public:
    SpoolFile() = default;
    SpoolFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    ~SpoolFile();
    SpoolFile(SpoolFile&& other) noexcept;
    SpoolFile& operator=(SpoolFile&& other) noexcept;
    SpoolFile(const SpoolFile&) = delete;
    SpoolFile& operator=(const SpoolFile&) = delete;

    bool open() const { return fd_ >= 0; }
    // Appends one record line. A failed write closes the file (the rest of this log file is then
    // only in memory) and is logged once.
    void append(std::string_view record_json);
    // The log file is delivered (or dropped): the spool file goes.
    void discard();

private:
    void close();
    int fd_ = -1;
    std::filesystem::path path_;
};

struct SpooledFile {
    std::filesystem::path path;
    TrailDestination trail;
    std::string account_id;
    std::string region;
    std::vector<std::string> records;  // record JSON, in arrival order
    std::size_t torn_lines = 0;        // unreadable lines skipped
};

class LogSpool {
public:
    // An empty `dir` disables spooling (tests, in-memory engines).
    explicit LogSpool(std::filesystem::path dir) : dir_(std::move(dir)) {}

    bool enabled() const { return !dir_.empty(); }
    // A new spool file for a log file of `trail` for account/region; closed (not open()) when
    // spooling is disabled or the file cannot be created (logged).
    SpoolFile create(const TrailDestination& trail,
                     std::string_view account_id,
                     std::string_view region) const;
    // The spool files a previous process left, oldest first. Files whose header cannot be read are
    // renamed to *.bad and reported, never deleted.
    Result<std::vector<SpooledFile>> recover() const;

private:
    std::filesystem::path dir_;
};

// The header line of a spool file (without the newline) and its parser (exposed for tests).
std::string spool_header(const TrailDestination& trail,
                         std::string_view account_id,
                         std::string_view region);
Result<SpooledFile> parse_spool_header(std::string_view line);

}  // namespace tripline::trail
