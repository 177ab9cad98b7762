#include "notify/maildir.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tripline::notify {

namespace {

Error io_error(const std::string& what, const std::filesystem::path& path) {
    return make_error(Errc::kIo, what + " " + path.string() + ": " + std::strerror(errno));
}

Status fsync_directory(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return io_error("cannot open", dir);
    }
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) {
        return io_error("cannot fsync", dir);
    }
    return ok_status();
}

Status write_all(int fd, std::string_view data, const std::filesystem::path& path) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return io_error("cannot write", path);
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return ok_status();
}

std::string host_name() {
    char buffer[256] = {};
    if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') {
        return "localhost";
    }
    // '/' and ':' would break the file name or its info suffix (maildir's own escapes).
    std::string name;
    for (const char* p = buffer; *p != '\0'; ++p) {
        if (*p == '/') {
            name += "\\057";
        } else if (*p == ':') {
            name += "\\072";
        } else {
            name += *p;
        }
    }
    return name;
}

std::string random_hex(std::size_t bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    unsigned char raw[16] = {};
    bytes = std::min(bytes, sizeof raw);
    if (RAND_bytes(raw, static_cast<int>(bytes)) != 1) {
        return "0";
    }
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        out += kHex[raw[i] >> 4];
        out += kHex[raw[i] & 0xF];
    }
    return out;
}

std::string to_local_line_ends(std::string_view message) {
    std::string out;
    out.reserve(message.size());
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\r' && i + 1 < message.size() && message[i + 1] == '\n') {
            continue;
        }
        out += message[i];
    }
    return out;
}

}  // namespace

Status Maildir::ensure_created() const {
    for (const char* sub : {"", "tmp", "new", "cur"}) {
        std::filesystem::path dir = *sub == '\0' ? root_ : root_ / sub;
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
            return io_error("cannot create", dir);
        }
    }
    return ok_status();
}

Result<std::string> Maildir::deliver(std::string_view message, TimePoint now) {
    TRIPLINE_TRY(ensure_created());
    auto since_epoch =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
    long long seconds = since_epoch.count() / 1'000'000;
    long long micros = since_epoch.count() % 1'000'000;
    std::string name = std::to_string(seconds) + ".M" + std::to_string(micros) + "P" +
                       std::to_string(::getpid()) + "Q" + std::to_string(++counter_) + "R" +
                       random_hex(8) + "." + host_name();
    std::filesystem::path tmp_path = root_ / "tmp" / name;
    std::filesystem::path new_path = root_ / "new" / name;

    int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return io_error("cannot create", tmp_path);
    }
    Status written = write_all(fd, to_local_line_ends(message), tmp_path);
    if (written && ::fsync(fd) != 0) {
        written = io_error("cannot fsync", tmp_path);
    }
    if (::close(fd) != 0 && written) {
        written = io_error("cannot close", tmp_path);
    }
    if (!written) {
        ::unlink(tmp_path.c_str());
        return written.error();
    }
    // link() rather than rename(): it fails instead of replacing should the name exist in new/.
    // File systems without hard links get rename() (the unique name makes a clash unlikely).
    if (::link(tmp_path.c_str(), new_path.c_str()) == 0) {
        ::unlink(tmp_path.c_str());
    } else if ((errno == EPERM || errno == ENOTSUP || errno == EMLINK) &&
               ::rename(tmp_path.c_str(), new_path.c_str()) == 0) {
        // moved
    } else {
        Error error = io_error("cannot move the message to", new_path);
        ::unlink(tmp_path.c_str());
        return error;
    }
    TRIPLINE_TRY(fsync_directory(root_ / "new"));
    TRIPLINE_TRY(fsync_directory(root_ / "tmp"));
    return name;
}

}  // namespace tripline::notify
