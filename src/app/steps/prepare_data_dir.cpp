#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "app/serve_lock.h"
#include "app/steps/steps.h"

namespace tripline::app::steps {

Status prepare_data_dir(EngineState& state) {
    namespace fs = std::filesystem;
    fs::path dir = state.config.server.data_dir;
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) {
            return make_error(
                Errc::kFailedPrecondition,
                "data directory '" + dir.string() + "' exists but is not a directory");
        }
        if (::access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
            return make_error(Errc::kPermissionDenied,
                              "data directory '" + dir.string() + "' is not readable and writable");
        }
        struct stat st {};
        if (::stat(dir.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
            spdlog::warn(
                "data directory {} is accessible to other users (mode {:o}); it holds "
                "access keys: consider chmod 700",
                dir.string(),
                st.st_mode & 0777);
        }
    } else {
        fs::create_directories(dir, ec);
        if (ec) {
            return make_error(
                Errc::kIo, "cannot create data directory '" + dir.string() + "': " + ec.message());
        }
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
        if (ec) {
            return make_error(Errc::kIo,
                              "cannot set mode 0700 on '" + dir.string() + "': " + ec.message());
        }
        spdlog::info("created data directory {}", dir.string());
    }
    state.data_dir = fs::absolute(dir, ec).lexically_normal();
    TRIPLINE_ASSIGN_OR_RETURN(state.data_dir_lock, DataDirLock::acquire(state.data_dir));
    return ok_status();
}

}  // namespace tripline::app::steps
