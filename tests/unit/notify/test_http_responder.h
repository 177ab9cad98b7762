// TestHttpResponder: a loopback HTTP/1.1 endpoint for the HTTP client and SNS handler tests. It
// records each request (request line, headers, body) and answers with the next configured status
// (the last one repeats). Header-only.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "test_tcp_server.h"

namespace tripline::notify::testing {

struct RecordedRequest {
    std::string request_line;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;

    std::string header(const std::string& name) const {
        for (const auto& [k, v] : headers) {
            if (k == name) {
                return v;
            }
        }
        return {};
    }
    bool has_header(const std::string& name) const {
        for (const auto& h : headers) {
            if (h.first == name) {
                return true;
            }
        }
        return false;
    }
};

class TestHttpResponder {
public:
    explicit TestHttpResponder(std::vector<int> statuses = {200},
                               std::string response_body = "ok",
                               std::string extra_headers = "")
        : statuses_(std::move(statuses)),
          response_body_(std::move(response_body)),
          extra_headers_(std::move(extra_headers)),
          server_([this](int fd) { handle(fd); }) {}

    std::string url(const std::string& path = "/hook") const {
        return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
    }
    std::vector<RecordedRequest> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }
    // Sleep before answering (timeout tests).
    void set_delay_ms(int ms) { delay_ms_ = ms; }

private:
    void handle(int fd) {
        auto head = read_until(fd, "\r\n\r\n");
        if (!head) {
            return;
        }
        RecordedRequest request;
        std::size_t line_end = head->find("\r\n");
        request.request_line = head->substr(0, line_end);
        std::size_t pos = line_end + 2;
        std::size_t content_length = 0;
        while (pos < head->size()) {
            std::size_t end = head->find("\r\n", pos);
            if (end == pos || end == std::string::npos) {
                break;
            }
            std::string line = head->substr(pos, end - pos);
            std::size_t colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (char& c : name) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            if (name == "content-length") {
                content_length = std::stoul(value);
            }
            request.headers.emplace_back(name, value);
            pos = end + 2;
        }
        auto body = read_exactly(fd, content_length);
        request.body = body.value_or("");
        std::size_t index;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            requests_.push_back(std::move(request));
            index = requests_.size() - 1;
        }
        if (delay_ms_ > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
        }
        int status = statuses_[std::min(index, statuses_.size() - 1)];
        send_text(fd,
                  "HTTP/1.1 " + std::to_string(status) +
                      " Status\r\nContent-Length: " + std::to_string(response_body_.size()) +
                      "\r\nConnection: close\r\n" + extra_headers_ + "\r\n" + response_body_);
    }

    std::vector<int> statuses_;
    std::string response_body_;
    std::string extra_headers_;
    std::atomic<int> delay_ms_{0};
    mutable std::mutex mutex_;
    std::vector<RecordedRequest> requests_;
    TestTcpServer server_;  // last: stops (joins) before the members its handler uses go away
};

}  // namespace tripline::notify::testing
