// FakeSender: an HttpSender that records every request and answers from a script (responses or
// errors, in order; the last one repeats), for transport and client tests without a network.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "awsclient/http_transport.h"

namespace tripline::awsclient::testing {

struct FakeLog {
    std::vector<HttpRequest> requests;
    std::deque<Result<HttpResponse>> script;
};

class FakeSender final : public HttpSender {
public:
    explicit FakeSender(std::shared_ptr<FakeLog> log) : log_(std::move(log)) {}

    Result<HttpResponse> perform(const HttpRequest& request) override {
        log_->requests.push_back(request);
        if (log_->script.empty()) {
            return make_error(Errc::kInternal, "fake sender: no scripted answer");
        }
        Result<HttpResponse> next = log_->script.front();
        if (log_->script.size() > 1) {
            log_->script.pop_front();
        }
        return next;
    }

private:
    std::shared_ptr<FakeLog> log_;
};

inline HttpResponse response(long status, std::string body, std::vector<HttpHeader> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

inline std::string s3_error(const std::string& code, const std::string& message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
           message + "</Message><RequestId>req</RequestId></Error>";
}

}  // namespace tripline::awsclient::testing
