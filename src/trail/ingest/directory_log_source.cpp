#include "trail/ingest/directory_log_source.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <system_error>

#include "trail/ingest/record_reader.h"

namespace tripline::trail {

namespace fs = std::filesystem;

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string version_of(std::uint64_t size, fs::file_time_type mtime) {
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    return std::to_string(size) + ":" + std::to_string(ns);
}

// The file's SourceFile, or nullopt when it vanished or is not a regular file (after symlinks).
std::optional<SourceFile> describe(const fs::path& path, std::string identity) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::is_regular_file(status)) {
        return std::nullopt;
    }
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec) {
        return std::nullopt;
    }
    const auto mtime = fs::last_write_time(path, ec);
    if (ec) {
        return std::nullopt;
    }
    SourceFile file;
    file.display = path.string();
    file.identity = std::move(identity);
    file.version = version_of(size, mtime);
    file.size = size;
    return file;
}

}  // namespace

bool is_log_file_name(std::string_view name) {
    if (name.empty() || name.front() == '.') {
        return false;
    }
    // Digest files live in CloudTrail-Digest/ and carry the word in their names too
    // (<account>_CloudTrail-Digest_<region>_...json.gz); Insights files likewise.
    if (name.find("_CloudTrail-Digest_") != std::string_view::npos ||
        name.find("_CloudTrail-Insight_") != std::string_view::npos) {
        return false;
    }
    return ends_with(name, ".json") || ends_with(name, ".jsonl") || ends_with(name, ".gz");
}

bool is_skipped_folder_name(std::string_view name) {
    return name == "CloudTrail-Digest" || name == "CloudTrail-Insight" ||
           (!name.empty() && name.front() == '.');
}

DirectoryLogSource::DirectoryLogSource(fs::path root) : root_(std::move(root)) {
    std::error_code ec;
    fs::path absolute = fs::absolute(root_, ec);
    if (!ec) {
        root_ = absolute.lexically_normal();
    }
    if (root_.has_filename() == false && root_.has_parent_path() && root_ != root_.root_path()) {
        root_ = root_.parent_path();  // "/logs/" -> "/logs"
    }
    single_file_ = fs::is_regular_file(root_, ec);
}

std::string DirectoryLogSource::id() const {
    return (single_file_ ? "file:" : "dir:") + root_.generic_string();
}

Result<std::vector<SourceFile>> DirectoryLogSource::list() {
    std::vector<SourceFile> files;
    if (single_file_) {
        // A file named explicitly is read whatever its extension.
        auto file = describe(root_, root_.filename().string());
        if (!file) {
            return make_error(Errc::kIo, root_.string() + ": cannot read the file");
        }
        files.push_back(std::move(*file));
        return files;
    }
    std::error_code ec;
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        return make_error(Errc::kIo, root_.string() + ": " + ec.message());
    }
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            // A folder vanished or became unreadable mid-walk: skip it, keep the rest.
            ec.clear();
            continue;
        }
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        std::error_code type_ec;
        if (entry.is_directory(type_ec)) {
            if (is_skipped_folder_name(name) || entry.is_symlink(type_ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!is_log_file_name(name)) {
            continue;
        }
        auto file = describe(entry.path(), entry.path().lexically_relative(root_).generic_string());
        if (file) {
            files.push_back(std::move(*file));
        }
    }
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
        return a.identity < b.identity;
    });
    return files;
}

Result<std::string> DirectoryLogSource::read(const SourceFile& file) {
    const fs::path path = single_file_ ? root_ : root_ / fs::path(file.identity);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return make_error(Errc::kIo,
                          path.string() + ": cannot open: " +
                              std::error_code(errno, std::generic_category()).message());
    }
    std::string data;
    data.reserve(std::min<std::uint64_t>(file.size, kMaxIngestFileBytes));
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
        if (data.size() + n > kMaxIngestFileBytes) {
            std::fclose(f);
            return make_error(Errc::kLimitExceeded,
                              path.string() + ": larger than " +
                                  std::to_string(kMaxIngestFileBytes >> 20) + " MiB");
        }
        data.append(buffer, n);
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) {
        return make_error(Errc::kIo, path.string() + ": read error");
    }
    return data;
}

Result<std::unique_ptr<LogSource>> open_directory_log_source(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return make_error(Errc::kNotFound, path.string() + ": no such file or directory");
    }
    if (!fs::is_regular_file(status) && !fs::is_directory(status)) {
        return make_error(Errc::kInvalidArgument,
                          path.string() + ": neither a file nor a directory");
    }
    return std::unique_ptr<LogSource>(std::make_unique<DirectoryLogSource>(path));
}

}  // namespace tripline::trail
