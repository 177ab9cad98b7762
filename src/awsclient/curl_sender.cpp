#include "awsclient/curl_sender.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace tripline::awsclient {
namespace {

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct ResponseSink {
    HttpResponse* response;
    std::size_t limit;
    bool truncated = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<ResponseSink*>(user);
    std::size_t bytes = size * count;
    if (sink->response->body.size() + bytes > sink->limit) {
        sink->truncated = true;
        return 0;  // aborts the transfer: the rest is never buffered
    }
    sink->response->body.append(data, bytes);
    return bytes;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

std::size_t read_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* response = static_cast<HttpResponse*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        response->headers.clear();  // a new status line (100 Continue, …): start over
        return size * count;
    }
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && response->headers.size() < 500) {
        response->headers.push_back(
            {lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    }
    return size * count;
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

Error curl_error(CURLcode code, const char* detail, const std::string& url) {
    std::string text = "HTTP request to " + url + " failed: " +
                       (detail[0] != '\0' ? std::string(detail) : curl_easy_strerror(code));
    switch (code) {
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_SSL_CONNECT_ERROR:
            return make_error(Errc::kUnavailable, std::move(text));
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
            return make_error(Errc::kInvalidArgument, std::move(text));
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
            return make_error(Errc::kFailedPrecondition, std::move(text));
        default:
            return make_error(Errc::kIo, std::move(text));
    }
}

}  // namespace

void ensure_curl_global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlSender::CurlSender(TransportOptions options) : options_(std::move(options)) {
    ensure_curl_global_init();
    handle_ = curl_easy_init();
}

CurlSender::~CurlSender() {
    if (handle_ != nullptr) {
        curl_easy_cleanup(static_cast<CURL*>(handle_));
    }
}

Result<HttpResponse> CurlSender::perform(const HttpRequest& request) {
    auto* h = static_cast<CURL*>(handle_);
    if (h == nullptr) {
        return make_error(Errc::kInternal, "cannot create a curl handle");
    }
    if (request.scheme != "http" && request.scheme != "https") {
        return make_error(Errc::kInvalidArgument,
                          "unsupported URL scheme '" + request.scheme + "'");
    }
    const std::string url = request.url();
    if (has_line_break(url) || has_line_break(request.method)) {
        return make_error(Errc::kInvalidArgument, "request URL contains a line break");
    }
    curl_slist* raw = nullptr;
    std::unique_ptr<curl_slist, SlistDeleter> guard;
    auto append = [&](const std::string& line) {
        if (curl_slist* next = curl_slist_append(raw, line.c_str())) {
            raw = next;
            (void)guard.release();
            guard.reset(raw);
        }
    };
    bool has_content_type = false;
    for (const HttpHeader& header : request.headers) {
        if (header.name.empty() || header.name.find(':') != std::string::npos ||
            has_line_break(header.name) || has_line_break(header.value)) {
            return make_error(Errc::kInvalidArgument,
                              "invalid HTTP header name or value for '" + header.name + "'");
        }
        has_content_type = has_content_type || iequals(header.name, "content-type");
        // "Name;" is curl's way to send a header with an empty value.
        append(header.value.empty() ? header.name + ";" : header.name + ": " + header.value);
    }
    append("Expect:");
    if (!has_content_type) {
        append("Content-Type:");  // no curl default (form-urlencoded) on POST/PUT
    }

    curl_easy_reset(h);  // keeps live connections and the DNS/TLS session caches
    HttpResponse response;
    ResponseSink sink{&response, options_.max_response_bytes};
    char error_buffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, raw);
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(
        h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
    curl_easy_setopt(
        h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_response_bytes));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_file.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    if (request.method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(
            h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }

    CURLcode code = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);  // the list dies with this call
    if (sink.truncated || code == CURLE_FILESIZE_EXCEEDED) {
        return make_error(Errc::kLimitExceeded,
                          "response from " + url + " is larger than " +
                              std::to_string(options_.max_response_bytes) + " bytes");
    }
    if (code != CURLE_OK) {
        return curl_error(code, error_buffer, url);
    }
    return response;
}

}  // namespace tripline::awsclient
