#include "notify/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace tripline::notify {

namespace {

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct ResponseSink {
    std::string* body;
    std::size_t limit;
    bool truncated = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<ResponseSink*>(user);
    std::size_t bytes = size * count;
    std::size_t room = sink->limit - std::min(sink->limit, sink->body->size());
    if (bytes > room) {
        sink->body->append(data, room);
        sink->truncated = true;
        return 0;  // stops the transfer: the rest is not read
    }
    sink->body->append(data, bytes);
    return bytes;
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

void ensure_curl_initialized() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpResult HttpClient::post(std::string_view url,
                            const std::vector<HttpHeader>& headers,
                            std::string_view body,
                            std::chrono::milliseconds timeout) const {
    return send("POST", url, headers, body, timeout);
}

HttpResult HttpClient::send(std::string_view method,
                            std::string_view url,
                            const std::vector<HttpHeader>& headers,
                            std::string_view body,
                            std::chrono::milliseconds timeout) const {
    HttpResult result;
    static constexpr std::string_view kMethods[] = {
        "POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"};
    if (std::find(std::begin(kMethods), std::end(kMethods), method) == std::end(kMethods)) {
        result.error = "unsupported HTTP method '" + std::string(method) + "'";
        result.invalid_request = true;
        return result;
    }
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
        result.error = "not an http:// or https:// URL";
        result.invalid_request = true;
        return result;
    }
    if (has_line_break(url)) {
        result.error = "URL contains a line break";
        result.invalid_request = true;
        return result;
    }
    ensure_curl_initialized();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        result.error = "cannot create a curl handle";
        return result;
    }
    curl_slist* raw_list = nullptr;
    for (const HttpHeader& h : headers) {
        if (has_line_break(h.name) || has_line_break(h.value) || h.name.empty() ||
            h.name.find(':') != std::string::npos) {
            curl_slist_free_all(raw_list);
            result.error = "invalid HTTP header '" + h.name + "'";
            result.invalid_request = true;
            return result;
        }
        raw_list = curl_slist_append(raw_list, (h.name + ": " + h.value).c_str());
    }
    raw_list = curl_slist_append(raw_list, "Expect:");
    std::unique_ptr<curl_slist, SlistDeleter> header_list(raw_list);

    std::string url_text(url);
    ResponseSink sink{&result.body, options_.max_response_bytes};
    char error_buffer[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url_text.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    const std::string method_text(method);
    if (method == "HEAD") {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        if (method != "POST") {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method_text.c_str());
        }
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_file.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    }

    CURLcode code = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    result.status = status;
    result.body_truncated = sink.truncated;
    if (code == CURLE_WRITE_ERROR && sink.truncated && status != 0) {
        return result;  // we stopped reading on purpose; the status line arrived
    }
    if (code != CURLE_OK) {
        result.status = 0;
        result.timed_out = code == CURLE_OPERATION_TIMEDOUT;
        result.error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
        if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) {
            result.invalid_request = true;
        }
    }
    return result;
}

}  // namespace tripline::notify
