#include "test_support.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tripline::testing {

std::filesystem::path source_dir() {
    const char* dir = std::getenv("TRIPLINE_SOURCE_DIR");
    return dir != nullptr ? std::filesystem::path(dir) : std::filesystem::path(TRIPLINE_SOURCE_DIR);
}

std::filesystem::path shared_dir() { return source_dir().parent_path() / "shared"; }

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ADD_FAILURE() << "cannot read " << path;
        return {};
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

TempDir::TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "tripline-test-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
        ADD_FAILURE() << "mkdtemp failed";
    }
    path_ = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace tripline::testing
