// SmtpResponder: a scripted loopback SMTP server for the SMTP client and SNS handler tests. It
// logs the commands it receives and keeps the DATA it accepts. Header-only.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "notify/smtp_client.h"
#include "test_tcp_server.h"

namespace tripline::notify::testing {

// `rcpt_reply` answers RCPT TO (e.g. "550 5.1.1 mailbox unknown").
class SmtpResponder {
public:
    explicit SmtpResponder(std::string rcpt_reply = "250 2.1.5 ok", bool offer_auth = false)
        : rcpt_reply_(std::move(rcpt_reply)),
          offer_auth_(offer_auth),
          server_([this](int fd) { handle(fd); }) {}

    SmtpSettings settings() const {
        SmtpSettings s;
        s.host = "127.0.0.1";
        s.port = server_.port();
        s.tls = SmtpTls::kNone;
        s.timeout = std::chrono::seconds(5);
        return s;
    }
    std::vector<std::string> commands() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return commands_;
    }
    std::string data() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return data_;
    }

private:
    void record(std::string line) {
        std::lock_guard<std::mutex> lock(mutex_);
        commands_.push_back(std::move(line));
    }

    void handle(int fd) {
        send_text(fd, "220 test.local ESMTP ready\r\n");
        while (auto line = read_until(fd, "\r\n")) {
            std::string command = line->substr(0, line->size() - 2);
            record(command);
            if (command.starts_with("EHLO")) {
                send_text(fd,
                          offer_auth_ ? "250-test.local\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"
                                      : "250-test.local\r\n250 8BITMIME\r\n");
            } else if (command.starts_with("AUTH PLAIN ")) {
                send_text(fd, "235 2.7.0 accepted\r\n");
            } else if (command == "AUTH PLAIN") {
                send_text(fd, "334 \r\n");
                if (auto credentials = read_until(fd, "\r\n")) {
                    record("AUTH PLAIN " + credentials->substr(0, credentials->size() - 2));
                }
                send_text(fd, "235 2.7.0 accepted\r\n");
            } else if (command.starts_with("MAIL FROM:")) {
                send_text(fd, "250 2.1.0 ok\r\n");
            } else if (command.starts_with("RCPT TO:")) {
                send_text(fd, rcpt_reply_ + "\r\n");
            } else if (command == "DATA") {
                send_text(fd, "354 go ahead\r\n");
                auto body = read_until(fd, "\r\n.\r\n");
                std::lock_guard<std::mutex> lock(mutex_);
                data_ = body.value_or("");
                send_text(fd, "250 2.0.0 queued\r\n");
            } else if (command == "QUIT") {
                send_text(fd, "221 bye\r\n");
                return;
            } else {
                send_text(fd, "502 5.5.2 unknown command\r\n");
            }
        }
    }

    std::string rcpt_reply_;
    bool offer_auth_;
    mutable std::mutex mutex_;
    std::vector<std::string> commands_;
    std::string data_;
    TestTcpServer server_;
};

}  // namespace tripline::notify::testing
