// TestTcpServer: a tiny loopback TCP server for the SMTP and HTTP client tests. It listens on
// 127.0.0.1 with an ephemeral port and hands each accepted connection, one at a time, to a handler
// on its own thread; the handler scripts the protocol (an SMTP responder, an HTTP responder).
// Header-only so it needs no CMake entry.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace tripline::notify::testing {

class TestTcpServer {
public:
    using Handler = std::function<void(int fd)>;

    explicit TestTcpServer(Handler handler) : handler_(std::move(handler)) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(listen_fd_, 16);
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { run(); });
    }

    ~TestTcpServer() {
        stop_ = true;
        thread_.join();
        ::close(listen_fd_);
    }

    TestTcpServer(const TestTcpServer&) = delete;
    TestTcpServer& operator=(const TestTcpServer&) = delete;

    int port() const { return port_; }
    int connections() const { return connections_.load(); }

private:
    void run() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) {
                continue;
            }
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            ++connections_;
            handler_(fd);
            ::close(fd);
        }
    }

    Handler handler_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

// Blocking helpers for handlers (a 5 s receive timeout keeps a broken test from hanging).
inline void send_text(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            return;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Reads up to and including `terminator`; nullopt when the peer closes or times out first.
inline std::optional<std::string> read_until(int fd, std::string_view terminator) {
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string data;
    char c;
    while (!data.ends_with(terminator)) {
        if (::recv(fd, &c, 1, 0) != 1) {
            return std::nullopt;
        }
        data += c;
    }
    return data;
}

inline std::optional<std::string> read_exactly(int fd, std::size_t n) {
    std::string data(n, '\0');
    std::size_t got = 0;
    while (got < n) {
        ssize_t r = ::recv(fd, data.data() + got, n - got, 0);
        if (r <= 0) {
            return std::nullopt;
        }
        got += static_cast<std::size_t>(r);
    }
    return data;
}

// A port nothing listens on (bound, then closed), for connection-refused tests.
inline int unused_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace tripline::notify::testing
