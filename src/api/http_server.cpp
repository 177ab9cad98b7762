#include "api/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace tripline::api {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace

Result<std::pair<std::string, int>> parse_listen_address(const std::string& listen) {
    std::size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return make_error(
            Errc::kInvalidArgument,
            "listen address '" + listen + "' must be HOST:PORT (e.g. 127.0.0.1:4566)");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    std::string port = listen.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
        return make_error(Errc::kInvalidArgument,
                          "listen address '" + listen + "' has an invalid port '" + port + "'");
    }
    return std::pair<std::string, int>{host, std::stoi(port)};
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::tls() const {
    return !options_.tls_certificate.empty() && !options_.tls_private_key.empty();
}

Status HttpServer::start() {
    if (tls()) {
        auto ssl = std::make_unique<httplib::SSLServer>(options_.tls_certificate.c_str(),
                                                        options_.tls_private_key.c_str());
        if (!ssl->is_valid()) {
            return make_error(Errc::kInvalidArgument,
                              "cannot load the TLS certificate '" + options_.tls_certificate +
                                  "' and key '" + options_.tls_private_key + "'");
        }
        server_ = std::move(ssl);
    } else {
        server_ = std::make_unique<httplib::Server>();
    }
    std::size_t threads = options_.worker_threads;
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // cpp-httplib's default also sets SO_REUSEPORT, which would let a second server share the port
    // silently; SO_REUSEADDR alone allows quick restarts and still refuses a port in use.
    server_->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // Replies are small and written in pieces: without TCP_NODELAY, Nagle's algorithm and delayed
    // ACKs add ~40 ms to every keep-alive request.
    server_->set_tcp_nodelay(true);
    server_->set_payload_max_length(options_.max_request_bytes);
    server_->set_keep_alive_max_count(1000);
    server_->set_read_timeout(30, 0);
    server_->set_write_timeout(30, 0);

    std::size_t max_headers = options_.max_header_count;
    auto dispatch = [this, max_headers](const httplib::Request& req, httplib::Response& res) {
        if (req.headers.size() > max_headers) {
            res.status = 431;
            res.set_content("{\"message\":\"too many request headers\"}", "application/json");
            return;
        }
        HttpRequest request;
        request.method = req.method;
        request.path = req.path;
        std::size_t q = req.target.find('?');
        request.query = q == std::string::npos ? "" : req.target.substr(q + 1);
        for (const auto& [name, value] : req.headers) {
            request.headers.emplace(lower(name), value);
        }
        request.body = req.body;
        request.remote_addr = req.remote_addr;
        request.target = req.target;
        if (req.ssl != nullptr) {
            request.tls_version = SSL_get_version(req.ssl);
            if (const SSL_CIPHER* cipher = SSL_get_current_cipher(req.ssl)) {
                request.tls_cipher = SSL_CIPHER_standard_name(cipher);
            }
        }
        // Range requests are the handler's to answer (S3 slices the object and renders
        // InvalidRange itself); cpp-httplib would otherwise slice the reply body a second time.
        // The Request is the server's own non-const object, handed to handlers as const.
        const_cast<httplib::Request&>(req).ranges.clear();
        HttpResponse response = handler_(request);
        res.status = response.status;
        for (const auto& [name, value] : response.headers) {
            res.set_header(name, value);
        }
        res.set_content(response.body, response.content_type);
    };
    // HEAD is answered by the GET handler (cpp-httplib strips the body).
    server_->Get(".*", dispatch);
    server_->Post(".*", dispatch);
    server_->Put(".*", dispatch);
    server_->Delete(".*", dispatch);
    server_->Patch(".*", dispatch);

    int port = options_.port;
    if (port == 0) {
        port = server_->bind_to_any_port(options_.host.c_str());
        if (port < 0) {
            return make_error(Errc::kIo, "cannot listen on " + options_.host + " (any port)");
        }
    } else if (!server_->bind_to_port(options_.host.c_str(), port)) {
        return make_error(Errc::kIo,
                          "cannot listen on " + options_.host + ":" + std::to_string(port) +
                              " (address in use or not available)");
    }
    port_ = port;
    // The socket is bound and listening already: connections queue until the thread accepts them.
    listener_done_ = false;
    listener_ = std::thread([this] {
        server_->listen_after_bind();
        listener_done_ = true;
    });
    // stop() only interrupts a server that is running; wait for that so an early stop cannot be
    // lost.
    while (!server_->is_running() && !listener_done_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return ok_status();
}

void HttpServer::stop() {
    if (server_) {
        server_->stop();
    }
    if (listener_.joinable()) {
        listener_.join();
    }
}

}  // namespace tripline::api
