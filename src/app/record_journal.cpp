#include "app/record_journal.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tripline::app {

Result<std::unique_ptr<RecordJournal>> RecordJournal::open(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        return make_error(Errc::kIo, "cannot open record journal " + path.string());
    }
    return std::unique_ptr<RecordJournal>(new RecordJournal(fd));
}

RecordJournal::~RecordJournal() { ::close(fd_); }

void RecordJournal::record(const event::CloudTrailRecord& record) {
    std::string line = event::to_json(record);
    line += '\n';
    std::lock_guard lock(mutex_);
    // One write() per line: the kernel keeps it even if the process dies right after.
    std::size_t written = 0;
    while (written < line.size()) {
        ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
        if (n <= 0) {
            spdlog::error("cannot append to the record journal: {}", std::strerror(errno));
            return;
        }
        written += static_cast<std::size_t>(n);
    }
}

}  // namespace tripline::app
