// ObjectFiles: where S3 object bytes live on disk — <root>/<bucket>/objects/<file-id>, with
// multipart parts in <root>/<bucket>/uploads/<upload-id>/<part>.part and writes staged in
// <root>/<bucket>/tmp/. File names are never derived from object keys: a key is only metadata
// (the ResourceStore row points at its file id), so no key can name a path, and every path built
// here comes from a validated bucket name and ids generated or checked by this class.
// Writes are atomic: a temp file is written and renamed into place, so a reader sees the old
// bytes or the new ones, never a partial file.
// Thread-safety: all methods may be called concurrently; distinct writes use distinct temp files.
// Errors: kIo for file-system failures, kNotFound for a missing file, kInvalidArgument for an
// unsafe bucket name or id.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::storage {

struct PartFile {
    int number = 0;
    std::uint64_t size = 0;
    TimePoint modified;
};

class ObjectFiles {
public:
    explicit ObjectFiles(std::filesystem::path root) : root_(std::move(root)) {}

    Status create_bucket(std::string_view bucket);
    Status remove_bucket(std::string_view bucket);

    // Writes `data` as a new object file; returns its id.
    Result<std::string> store(std::string_view bucket, std::string_view data);
    // `length` bytes from `offset` (fewer at the end of the file).
    Result<std::string> read(std::string_view bucket,
                             std::string_view file_id,
                             std::uint64_t offset,
                             std::uint64_t length) const;
    void remove(std::string_view bucket, std::string_view file_id);

    Status create_upload(std::string_view bucket, std::string_view upload_id);
    bool upload_exists(std::string_view bucket, std::string_view upload_id) const;
    Status store_part(std::string_view bucket,
                      std::string_view upload_id,
                      int part_number,
                      std::string_view data);
    Result<std::string> read_part(std::string_view bucket,
                                  std::string_view upload_id,
                                  int part_number) const;
    std::vector<PartFile> list_parts(std::string_view bucket, std::string_view upload_id) const;
    void remove_upload(std::string_view bucket, std::string_view upload_id);

    // Assembles an object file from pieces appended in order, then commits it atomically.
    class Assembly {
    public:
        ~Assembly();
        Assembly(Assembly&&) = delete;
        Status append(std::string_view data);
        // Renames the staged file into place and returns its id.
        Result<std::string> commit();

    private:
        friend class ObjectFiles;
        Assembly(std::filesystem::path temp, std::filesystem::path objects_dir);
        std::filesystem::path temp_;
        std::filesystem::path objects_dir_;
        std::FILE* file_ = nullptr;
        bool committed_ = false;
    };
    Result<std::unique_ptr<Assembly>> assemble(std::string_view bucket);

    // True for ids made of [A-Za-z0-9-] only (1-64 characters).
    static bool is_safe_id(std::string_view id);

private:
    Result<std::filesystem::path> bucket_dir(std::string_view bucket) const;

    std::filesystem::path root_;
};

}  // namespace tripline::storage
