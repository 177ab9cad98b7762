#include "storage/object_files.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>

#include "base/uuid.h"

namespace tripline::storage {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const fs::path& path) {
    return make_error(Errc::kIo, what + " " + path.string());
}

Status write_atomically(const fs::path& temp, const fs::path& target, std::string_view data) {
    std::FILE* f = std::fopen(temp.c_str(), "wb");
    if (f == nullptr) {
        return io_error("cannot create", temp);
    }
    bool ok = data.empty() || std::fwrite(data.data(), 1, data.size(), f) == data.size();
    ok = std::fclose(f) == 0 && ok;
    std::error_code ec;
    if (ok) {
        fs::rename(temp, target, ec);
    }
    if (!ok || ec) {
        fs::remove(temp, ec);
        return io_error("cannot write", target);
    }
    return ok_status();
}

// A directory name is made only of a bucket name S3 would accept: lower-case letters, digits, '.'
// and '-', 3-63 characters, no "..", so it cannot leave the root.
bool is_safe_bucket_dir(std::string_view name) {
    if (name.size() < 3 || name.size() > 63 || name.find("..") != std::string_view::npos) {
        return false;
    }
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

bool ObjectFiles::is_safe_id(std::string_view id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    for (char c : id) {
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

Result<fs::path> ObjectFiles::bucket_dir(std::string_view bucket) const {
    // Defence in depth: callers validate too, but no path is built from an unchecked name.
    if (!is_safe_bucket_dir(bucket)) {
        return make_error(Errc::kInvalidArgument, "invalid bucket name");
    }
    return root_ / std::string(bucket);
}

Status ObjectFiles::create_bucket(std::string_view bucket) {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    std::error_code ec;
    for (const char* sub : {"objects", "uploads", "tmp"}) {
        fs::create_directories(dir / sub, ec);
        if (ec) {
            return io_error("cannot create", dir / sub);
        }
    }
    return ok_status();
}

Status ObjectFiles::remove_bucket(std::string_view bucket) {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (ec) {
        return io_error("cannot remove", dir);
    }
    return ok_status();
}

Result<std::string> ObjectFiles::store(std::string_view bucket, std::string_view data) {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    std::string id = make_uuid();
    TRIPLINE_TRY(write_atomically(dir / "tmp" / (id + ".tmp"), dir / "objects" / id, data));
    return id;
}

Result<std::string> ObjectFiles::read(std::string_view bucket,
                                      std::string_view file_id,
                                      std::uint64_t offset,
                                      std::uint64_t length) const {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    if (!is_safe_id(file_id)) {
        return make_error(Errc::kInvalidArgument, "invalid file id");
    }
    fs::path path = dir / "objects" / std::string(file_id);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) {
        return make_error(Errc::kNotFound, "no object file " + path.string());
    }
    if (offset > 0 && fseeko(f.get(), static_cast<off_t>(offset), SEEK_SET) != 0) {
        return io_error("cannot seek", path);
    }
    std::string out(length, '\0');
    std::size_t n = length == 0 ? 0 : std::fread(out.data(), 1, length, f.get());
    if (n < length && std::ferror(f.get()) != 0) {
        return io_error("cannot read", path);
    }
    out.resize(n);
    return out;
}

void ObjectFiles::remove(std::string_view bucket, std::string_view file_id) {
    auto dir = bucket_dir(bucket);
    if (!dir || !is_safe_id(file_id)) {
        return;
    }
    std::error_code ec;
    fs::remove(*dir / "objects" / std::string(file_id), ec);
}

Status ObjectFiles::create_upload(std::string_view bucket, std::string_view upload_id) {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    if (!is_safe_id(upload_id)) {
        return make_error(Errc::kInvalidArgument, "invalid upload id");
    }
    std::error_code ec;
    fs::create_directories(dir / "uploads" / std::string(upload_id), ec);
    if (ec) {
        return io_error("cannot create", dir / "uploads" / std::string(upload_id));
    }
    return ok_status();
}

bool ObjectFiles::upload_exists(std::string_view bucket, std::string_view upload_id) const {
    auto dir = bucket_dir(bucket);
    if (!dir || !is_safe_id(upload_id)) {
        return false;
    }
    std::error_code ec;
    return fs::is_directory(*dir / "uploads" / std::string(upload_id), ec);
}

Status ObjectFiles::store_part(std::string_view bucket,
                               std::string_view upload_id,
                               int part_number,
                               std::string_view data) {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    if (!is_safe_id(upload_id) || part_number < 1 || part_number > 10000) {
        return make_error(Errc::kInvalidArgument, "invalid upload id or part number");
    }
    fs::path target =
        dir / "uploads" / std::string(upload_id) / (std::to_string(part_number) + ".part");
    return write_atomically(dir / "tmp" / (make_uuid() + ".tmp"), target, data);
}

Result<std::string> ObjectFiles::read_part(std::string_view bucket,
                                           std::string_view upload_id,
                                           int part_number) const {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    if (!is_safe_id(upload_id) || part_number < 1 || part_number > 10000) {
        return make_error(Errc::kInvalidArgument, "invalid upload id or part number");
    }
    fs::path path =
        dir / "uploads" / std::string(upload_id) / (std::to_string(part_number) + ".part");
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) {
        return make_error(Errc::kNotFound, "no part " + std::to_string(part_number));
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) {
        return make_error(Errc::kNotFound, "no part " + std::to_string(part_number));
    }
    std::string out(size, '\0');
    std::size_t n = size == 0 ? 0 : std::fread(out.data(), 1, size, f.get());
    out.resize(n);
    return out;
}

std::vector<PartFile> ObjectFiles::list_parts(std::string_view bucket,
                                              std::string_view upload_id) const {
    std::vector<PartFile> parts;
    auto dir = bucket_dir(bucket);
    if (!dir || !is_safe_id(upload_id)) {
        return parts;
    }
    std::error_code ec;
    for (const auto& entry :
         fs::directory_iterator(*dir / "uploads" / std::string(upload_id), ec)) {
        std::string name = entry.path().filename().string();
        if (!name.ends_with(".part")) {
            continue;
        }
        PartFile part;
        auto [ptr, parse_ec] =
            std::from_chars(name.data(), name.data() + name.size() - 5, part.number);
        if (parse_ec != std::errc() || ptr != name.data() + name.size() - 5) {
            continue;
        }
        std::error_code size_ec;
        part.size = entry.file_size(size_ec);
        auto mtime = entry.last_write_time(size_ec);
        part.modified =
            std::chrono::time_point_cast<Duration>(std::chrono::file_clock::to_sys(mtime));
        parts.push_back(part);
    }
    std::sort(parts.begin(), parts.end(), [](const PartFile& a, const PartFile& b) {
        return a.number < b.number;
    });
    return parts;
}

void ObjectFiles::remove_upload(std::string_view bucket, std::string_view upload_id) {
    auto dir = bucket_dir(bucket);
    if (!dir || !is_safe_id(upload_id)) {
        return;
    }
    std::error_code ec;
    fs::remove_all(*dir / "uploads" / std::string(upload_id), ec);
}

ObjectFiles::Assembly::Assembly(fs::path temp, fs::path objects_dir)
    : temp_(std::move(temp)), objects_dir_(std::move(objects_dir)) {
    file_ = std::fopen(temp_.c_str(), "wb");
}

ObjectFiles::Assembly::~Assembly() {
    if (file_ != nullptr) {
        std::fclose(file_);
    }
    if (!committed_) {
        std::error_code ec;
        fs::remove(temp_, ec);
    }
}

Status ObjectFiles::Assembly::append(std::string_view data) {
    if (file_ == nullptr) {
        return io_error("cannot create", temp_);
    }
    if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
        return io_error("cannot write", temp_);
    }
    return ok_status();
}

Result<std::string> ObjectFiles::Assembly::commit() {
    if (file_ == nullptr) {
        return io_error("cannot create", temp_);
    }
    int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) {
        return io_error("cannot write", temp_);
    }
    std::string id = make_uuid();
    std::error_code ec;
    fs::rename(temp_, objects_dir_ / id, ec);
    if (ec) {
        return io_error("cannot write", objects_dir_ / id);
    }
    committed_ = true;
    return id;
}

Result<std::unique_ptr<ObjectFiles::Assembly>> ObjectFiles::assemble(std::string_view bucket) {
    TRIPLINE_ASSIGN_OR_RETURN(fs::path dir, bucket_dir(bucket));
    auto assembly = std::unique_ptr<Assembly>(
        new Assembly(dir / "tmp" / (make_uuid() + ".tmp"), dir / "objects"));
    if (assembly->file_ == nullptr) {
        return io_error("cannot create", assembly->temp_);
    }
    return assembly;
}

}  // namespace tripline::storage
