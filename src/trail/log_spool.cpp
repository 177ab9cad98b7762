#include "trail/log_spool.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "trail/log_file_names.h"

namespace tripline::trail {

namespace {

constexpr std::string_view kSuffix = ".spool";

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

SpoolFile::~SpoolFile() { close(); }

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

SpoolFile& SpoolFile::operator=(SpoolFile&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
    }
    return *this;
}

void SpoolFile::close() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

void SpoolFile::append(std::string_view record_json) {
    if (fd_ < 0) {
        return;
    }
    // One write per record, newline included, so a crash tears at most the last line.
    thread_local std::string line;
    line.assign(record_json);
    line += '\n';
    if (!write_all(fd_, line)) {
        spdlog::error(
            "cloudtrail: cannot append to the spool file {} ({}); the rest of this log "
            "file is kept in memory only",
            path_.string(),
            std::strerror(errno));
        close();
    }
}

void SpoolFile::discard() {
    close();
    if (!path_.empty()) {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
        if (ec) {
            spdlog::warn(
                "cloudtrail: cannot remove the spool file {}: {}", path_.string(), ec.message());
        }
        path_.clear();
    }
}

std::string spool_header(const TrailDestination& trail,
                         std::string_view account_id,
                         std::string_view region) {
    nlohmann::ordered_json j;
    j["trail_arn"] = trail.trail_arn;
    j["trail_name"] = trail.trail_name;
    j["home_region"] = trail.home_region;
    j["trail_account_id"] = trail.account_id;
    j["bucket"] = trail.bucket;
    j["key_prefix"] = trail.key_prefix;
    j["organization_id"] =
        trail.organization_id ? nlohmann::ordered_json(*trail.organization_id) : nullptr;
    j["log_file_validation"] = trail.log_file_validation;
    j["regions"] = trail.regions;
    j["account_id"] = account_id;
    j["region"] = region;
    return j.dump();
}

Result<SpooledFile> parse_spool_header(std::string_view line) {
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    auto text = [&](const char* name) -> Result<std::string> {
        if (!j.is_object() || !j.contains(name) || !j[name].is_string()) {
            return make_error(Errc::kInvalidArgument,
                              std::string("spool header: missing string \"") + name + "\"");
        }
        return j[name].get<std::string>();
    };
    SpooledFile out;
    TRIPLINE_ASSIGN_OR_RETURN(out.trail.trail_arn, text("trail_arn"));
    TRIPLINE_ASSIGN_OR_RETURN(out.trail.trail_name, text("trail_name"));
    TRIPLINE_ASSIGN_OR_RETURN(out.trail.home_region, text("home_region"));
    TRIPLINE_ASSIGN_OR_RETURN(out.trail.account_id, text("trail_account_id"));
    TRIPLINE_ASSIGN_OR_RETURN(out.trail.bucket, text("bucket"));
    TRIPLINE_ASSIGN_OR_RETURN(out.trail.key_prefix, text("key_prefix"));
    TRIPLINE_ASSIGN_OR_RETURN(out.account_id, text("account_id"));
    TRIPLINE_ASSIGN_OR_RETURN(out.region, text("region"));
    if (j["organization_id"].is_string()) {
        out.trail.organization_id = j["organization_id"].get<std::string>();
    }
    out.trail.log_file_validation =
        j["log_file_validation"].is_boolean() && j["log_file_validation"].get<bool>();
    if (j["regions"].is_array()) {
        for (const auto& r : j["regions"]) {
            if (r.is_string()) {
                out.trail.regions.push_back(r.get<std::string>());
            }
        }
    }
    return out;
}

SpoolFile LogSpool::create(const TrailDestination& trail,
                           std::string_view account_id,
                           std::string_view region) const {
    if (dir_.empty()) {
        return {};
    }
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    // Milliseconds first, so that names sort by creation time for recovery.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%015lld", static_cast<long long>(ms));
    std::filesystem::path path =
        dir_ / (std::string(stamp) + "-" + random_unique_string() + std::string(kSuffix));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        spdlog::error(
            "cloudtrail: cannot create the spool file {} ({}); this log file is kept in "
            "memory only",
            path.string(),
            std::strerror(errno));
        return {};
    }
    SpoolFile file(fd, std::move(path));
    if (!write_all(fd, spool_header(trail, account_id, region) + "\n")) {
        spdlog::error("cloudtrail: cannot write the spool file header ({})", std::strerror(errno));
        file.discard();
        return {};
    }
    return file;
}

Result<std::vector<SpooledFile>> LogSpool::recover() const {
    std::vector<SpooledFile> out;
    std::error_code exists_ec;
    if (dir_.empty() || !std::filesystem::exists(dir_, exists_ec)) {
        return out;
    }
    std::vector<std::filesystem::path> paths;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        std::error_code type_ec;
        if (entry.is_regular_file(type_ec) && entry.path().extension() == kSuffix) {
            paths.push_back(entry.path());
        }
    }
    if (ec) {
        return make_error(Errc::kIo, "cannot list " + dir_.string() + ": " + ec.message());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        std::string line;
        auto quarantine = [&](const std::string& why) {
            std::filesystem::path bad = path;
            bad += ".bad";
            std::error_code rename_ec;
            std::filesystem::rename(path, bad, rename_ec);
            spdlog::error("cloudtrail: spool file {} not recovered ({}); kept as {}",
                          path.string(),
                          why,
                          bad.string());
        };
        if (!std::getline(in, line) || in.eof()) {
            // No complete header: the process died while creating it, before any record.
            std::filesystem::remove(path, ec);
            continue;
        }
        auto header = parse_spool_header(line);
        if (!header) {
            quarantine(header.error().message);
            continue;
        }
        SpooledFile file = std::move(header).value();
        file.path = path;
        while (std::getline(in, line)) {
            if (in.eof()) {
                ++file.torn_lines;  // no newline: the write was cut short
                break;
            }
            file.records.push_back(std::move(line));
            line.clear();
        }
        out.push_back(std::move(file));
    }
    return out;
}

}  // namespace tripline::trail
