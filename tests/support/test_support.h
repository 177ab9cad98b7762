// Helpers shared by every test binary: where the sources and the shared test data are, and
// temporary directories that clean up after themselves.
#pragma once

#include <filesystem>
#include <string>

namespace tripline::testing {

// The repository root (from TRIPLINE_SOURCE_DIR, set by CMake for every test).
std::filesystem::path source_dir();
// ../shared next to the repository (test data and specs).
std::filesystem::path shared_dir();
// Reads a whole file; fails the current test (and returns "") when it cannot.
std::string read_file(const std::filesystem::path& path);

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace tripline::testing
