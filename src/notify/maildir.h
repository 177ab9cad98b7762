// Maildir: delivers e-mails into a maildir (tmp/, new/, cur/) when no SMTP relay is configured,
// so a lab can read what SNS would have sent (`<data-dir>/mail/`, any mail reader or Python's
// mailbox.Maildir).
//
// A delivery writes tmp/<unique>, fsyncs the file, renames it into new/ and fsyncs new/ (and
// tmp/): once deliver() returns, the message survives a crash; a crash before that leaves at
// most a stray file in tmp/ that readers never see. Names are
// "<seconds>.M<micros>P<pid>Q<counter>R<random hex>.<host>" and the file is created with O_EXCL,
// so concurrent deliveries, even from several processes, never overwrite each other. Messages are
// stored with LF line ends (the maildir convention); CRLF from render_email() is converted.
//
// Thread-safety: deliver() may be called from several threads. Errors: kIo with the path and
// errno text (a full disk or a permission problem; the outbox retries).
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace tripline::notify {

class Maildir {
public:
    explicit Maildir(std::filesystem::path root) : root_(std::move(root)) {}

    // Creates root/{tmp,new,cur} (mode 0700) when missing.
    Status ensure_created() const;

    // Stores `message`; returns the file name in new/.
    Result<std::string> deliver(std::string_view message, TimePoint now);

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
    std::atomic<unsigned long> counter_{0};
};

}  // namespace tripline::notify
