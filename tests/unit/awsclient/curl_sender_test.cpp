// The libcurl sender against a real local HTTP server (cpp-httplib on a free port): what reaches
// the wire (method, path, query, headers, body), response headers, connection reuse between
// requests, the response-size bound, timeouts and refused connections as retryable errors.
#include "awsclient/curl_sender.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "awsclient/s3_client.h"

namespace tripline::awsclient {
namespace {

class LocalServer {
public:
    LocalServer() {
        server_.Get("/echo/.*", [this](const httplib::Request& req, httplib::Response& res) {
            remember(req);
            res.set_header("X-Amz-Request-Id", "abc");
            res.set_content("path=" + req.path + " q=" + req.get_param_value("prefix") +
                                " ua=" + req.get_header_value("User-Agent") +
                                " custom=" + req.get_header_value("X-Custom"),
                            "text/plain");
        });
        server_.Put("/upload", [this](const httplib::Request& req, httplib::Response& res) {
            remember(req);
            res.set_content("got " + std::to_string(req.body.size()) + " bytes: " + req.body,
                            "text/plain");
        });
        server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(2 * 1024 * 1024, 'x'), "application/octet-stream");
        });
        server_.Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
                std::string chunk(64 * 1024, 'y');
                for (int i = 0; i < 32; ++i) {
                    if (!sink.write(chunk.data(), chunk.size())) {
                        return false;
                    }
                }
                sink.done();
                return true;
            });
        });
        server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
            std::this_thread::sleep_for(std::chrono::milliseconds(700));
            res.set_content("late", "text/plain");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    ~LocalServer() {
        server_.stop();
        thread_.join();
    }

    int port() const { return port_; }
    std::set<int> client_ports() {
        std::lock_guard lock(mu_);
        return client_ports_;
    }

private:
    void remember(const httplib::Request& req) {
        std::lock_guard lock(mu_);
        client_ports_.insert(req.remote_port);
    }

    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mu_;
    std::set<int> client_ports_;
};

HttpRequest to(const LocalServer& server, std::string path) {
    HttpRequest r;
    r.scheme = "http";
    r.host = "127.0.0.1";
    r.port = server.port();
    r.path = std::move(path);
    return r;
}

TEST(CurlSender, SendsWhatTheRequestSaysAndReadsTheAnswer) {
    LocalServer server;
    TransportOptions options;
    options.user_agent = "tripline-test/1";
    CurlSender sender(options);
    HttpRequest r = to(server, "/echo/a%20b");
    r.query = {{"prefix", "AWSLogs/x y"}};
    r.headers = {{"X-Custom", "v"}};
    auto response = sender.perform(r);
    ASSERT_TRUE(response) << response.error().to_string();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "path=/echo/a b q=AWSLogs/x y ua=tripline-test/1 custom=v");
    EXPECT_EQ(response->header("x-amz-request-id"), "abc");  // names lower-cased
    EXPECT_EQ(response->header("content-type"), "text/plain");

    HttpRequest put = to(server, "/upload");
    put.method = "PUT";
    put.body = std::string("bin\0ary", 7);
    auto uploaded = sender.perform(put);
    ASSERT_TRUE(uploaded);
    EXPECT_EQ(uploaded->body, std::string("got 7 bytes: bin\0ary", 20));
}

TEST(CurlSender, KeepsTheConnectionAliveBetweenRequests) {
    LocalServer server;
    CurlSender sender(TransportOptions{});
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(sender.perform(to(server, "/echo/x")));
    }
    EXPECT_EQ(server.client_ports().size(), 1u);  // one TCP connection for all five
}

TEST(CurlSender, ResponsesLargerThanTheBoundAreRefused) {
    LocalServer server;
    TransportOptions options;
    options.max_response_bytes = 1024 * 1024;
    CurlSender sender(options);
    auto big = sender.perform(to(server, "/big"));  // Content-Length tells in advance
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, Errc::kLimitExceeded);
    auto chunked = sender.perform(to(server, "/chunked"));  // only counting tells
    ASSERT_FALSE(chunked);
    EXPECT_EQ(chunked.error().code, Errc::kLimitExceeded);
    EXPECT_TRUE(sender.perform(to(server, "/echo/after")));  // the handle is still usable
}

TEST(CurlSender, TimeoutsAndRefusedConnectionsAreRetryable) {
    LocalServer server;
    TransportOptions options;
    options.request_timeout = std::chrono::milliseconds(200);
    CurlSender sender(options);
    auto slow = sender.perform(to(server, "/slow"));
    ASSERT_FALSE(slow);
    EXPECT_EQ(slow.error().code, Errc::kUnavailable);

    int closed_port = 0;
    {
        LocalServer gone;
        closed_port = gone.port();
    }
    HttpRequest r;
    r.scheme = "http";
    r.host = "127.0.0.1";
    r.port = closed_port;
    auto refused = sender.perform(r);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::kUnavailable);
}

TEST(CurlSender, HeaderInjectionIsRefused) {
    CurlSender sender(TransportOptions{});
    HttpRequest r;
    r.scheme = "http";
    r.host = "127.0.0.1";
    r.port = 9;
    r.headers = {{"X-Bad", "a\r\nInjected: 1"}};
    EXPECT_EQ(sender.perform(r).error().code, Errc::kInvalidArgument);
    r.headers.clear();
    r.scheme = "file";
    EXPECT_EQ(sender.perform(r).error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tripline::awsclient
