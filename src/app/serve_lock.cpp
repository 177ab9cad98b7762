#include "app/serve_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tripline::app {

namespace fs = std::filesystem;

Result<std::unique_ptr<DataDirLock>> DataDirLock::acquire(const fs::path& data_dir) {
    const fs::path path = data_dir / "serve.lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return make_error(Errc::kIo, "cannot open " + path.string());
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        std::string holder;
        if (auto info = read_serve_info(data_dir)) {
            holder = " (tripline serve, pid " + std::to_string(info->pid) + ")";
        }
        return make_error(Errc::kUnavailable,
                          "data directory " + data_dir.string() +
                              " is in use by another tripline process" + holder);
    }
    std::error_code ec;
    fs::remove(data_dir / "serve.json", ec);  // left by a process that died
    return std::unique_ptr<DataDirLock>(new DataDirLock(fd, data_dir / "serve.json"));
}

DataDirLock::~DataDirLock() {
    std::error_code ec;
    fs::remove(info_path_, ec);
    ::close(fd_);  // releases the lock
}

Status write_serve_info(const fs::path& data_dir, const ServeInfo& info) {
    const fs::path path = data_dir / "serve.json";
    const fs::path temp = data_dir / "serve.json.tmp";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return make_error(Errc::kIo, "cannot write " + temp.string());
    }
    std::string text =
        nlohmann::json{{"pid", info.pid}, {"url", info.url}, {"token", info.token}}.dump() + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ok = ::close(fd) == 0 && ok;
    std::error_code ec;
    if (ok) {
        fs::rename(temp, path, ec);
    }
    if (!ok || ec) {
        return make_error(Errc::kIo, "cannot write " + path.string());
    }
    return ok_status();
}

Result<ServeInfo> read_serve_info(const fs::path& data_dir) {
    const fs::path path = data_dir / "serve.json";
    std::ifstream in(path);
    if (!in) {
        return make_error(Errc::kNotFound, "no " + path.string());
    }
    std::stringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, false);
    if (!json.is_object() || !json.contains("url") || !json["url"].is_string() ||
        !json.contains("token") || !json["token"].is_string()) {
        return make_error(Errc::kInvalidArgument, path.string() + " is not valid");
    }
    ServeInfo info;
    info.pid = json.value("pid", 0L);
    info.url = json["url"].get<std::string>();
    info.token = json["token"].get<std::string>();
    return info;
}

}  // namespace tripline::app
