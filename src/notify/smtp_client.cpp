#include "notify/smtp_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "notify/email_message.h"
#include "notify/http_client.h"

namespace tripline::notify {

namespace {

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct UploadSource {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* source = static_cast<UploadSource*>(user);
    std::size_t n = std::min(size * count, source->data.size() - source->offset);
    std::memcpy(buffer, source->data.data() + source->offset, n);
    source->offset += n;
    return n;
}

bool transient_transport_error(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_AGAIN:
            return true;
        default:
            return false;
    }
}

}  // namespace

Result<SmtpTls> parse_smtp_tls(std::string_view name) {
    if (name == "none") {
        return SmtpTls::kNone;
    }
    if (name == "starttls") {
        return SmtpTls::kStartTls;
    }
    if (name == "tls") {
        return SmtpTls::kTls;
    }
    return make_error(
        Errc::kInvalidArgument,
        "unknown SMTP TLS mode '" + std::string(name) + "' (expected none, starttls or tls)");
}

std::string SmtpClient::describe() const {
    return std::string(settings_.tls == SmtpTls::kTls ? "smtps://" : "smtp://") + settings_.host +
           ":" + std::to_string(settings_.port);
}

Status SmtpClient::send(std::string_view from,
                        std::string_view to,
                        std::string_view message) const {
    if (!is_valid_email_address(from)) {
        return make_error(Errc::kInvalidArgument,
                          "invalid envelope sender '" + std::string(from) + "'");
    }
    if (!is_valid_email_address(to)) {
        return make_error(Errc::kInvalidArgument, "invalid recipient '" + std::string(to) + "'");
    }
    ensure_curl_initialized();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return make_error(Errc::kUnavailable, "cannot create a curl handle");
    }
    CURL* h = curl.get();
    std::string url = describe();
    std::string mail_from = "<" + std::string(from) + ">";
    std::unique_ptr<curl_slist, SlistDeleter> recipients(
        curl_slist_append(nullptr, ("<" + std::string(to) + ">").c_str()));
    UploadSource source{message};
    char error_buffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(h, CURLOPT_READDATA, &source);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    switch (settings_.tls) {
        case SmtpTls::kNone:
            curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_NONE));
            break;
        case SmtpTls::kStartTls:
            curl_easy_setopt(
                h,
                CURLOPT_USE_SSL,
                static_cast<long>(settings_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
            break;
        case SmtpTls::kTls:
            curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
            break;
    }
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, settings_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, settings_.verify_tls ? 2L : 0L);
    if (!settings_.ca_file.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, settings_.ca_file.c_str());
    }
    if (!settings_.username.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, settings_.username.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
    }

    CURLcode code = curl_easy_perform(h);
    if (code == CURLE_OK) {
        return ok_status();
    }
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    std::string what = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    std::string message_text =
        "SMTP delivery to <" + std::string(to) + "> via " + url + " failed: " + what;
    if (reply >= 400 && reply < 500) {
        return make_error(Errc::kUnavailable,
                          message_text + " (reply " + std::to_string(reply) + ")");
    }
    if (reply >= 500 && reply < 600) {
        return make_error(Errc::kFailedPrecondition,
                          message_text + " (reply " + std::to_string(reply) + ")");
    }
    if (code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED ||
        code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_URL_MALFORMAT) {
        return make_error(Errc::kFailedPrecondition, message_text);
    }
    if (transient_transport_error(code)) {
        return make_error(Errc::kUnavailable, message_text);
    }
    return make_error(Errc::kFailedPrecondition, message_text);
}

}  // namespace tripline::notify
