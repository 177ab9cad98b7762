// HttpServer: the listener that AWS clients talk to (default 127.0.0.1:4566). It owns the socket
// and the worker pool; request handling is given to it as a callback, so services plug in above it.
// cpp-httplib holds one keep-alive connection per worker thread, hence the large default pool.
// Thread-safety: start()/stop() from one controlling thread; the handler runs on worker threads.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "base/result.h"

namespace httplib {
class Server;
}

namespace tripline::api {

struct HttpRequest {
    std::string method;
    std::string path;                                 // decoded path, without the query string
    std::string query;                                // the raw query string ("" when none)
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string remote_addr;
    std::string target;       // the raw request target as received: path?query, still encoded
    std::string tls_version;  // "TLSv1.3" when the request came over TLS, empty otherwise
    std::string tls_cipher;   // OpenSSL's name of the negotiated cipher suite
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::multimap<std::string, std::string> headers;
    std::string body;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    int port = 4566;  // 0 picks a free port (tests)
    std::size_t worker_threads = 64;
    std::size_t max_request_bytes = 16 * 1024 * 1024;
    std::size_t max_header_count = 100;
    std::string tls_certificate;  // PEM; HTTPS when both are set
    std::string tls_private_key;
};

// Splits "host:port" ("[::1]:4566" for IPv6); errors name what is wrong.
Result<std::pair<std::string, int>> parse_listen_address(const std::string& listen);

class HttpServer {
public:
    HttpServer(HttpServerOptions options, HttpHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving on a background thread; fails when the address is taken.
    Status start();
    // Stops accepting, lets in-flight requests finish, joins the listener thread.
    void stop();

    int port() const { return port_; }
    bool tls() const;

private:
    HttpServerOptions options_;
    HttpHandler handler_;
    std::unique_ptr<httplib::Server> server_;
    std::thread listener_;
    std::atomic<int> port_{0};
    std::atomic<bool> listener_done_{false};
};

}  // namespace tripline::api
