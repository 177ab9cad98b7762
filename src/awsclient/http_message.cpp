#include "awsclient/http_message.h"

#include <algorithm>

namespace tripline::awsclient {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int default_port(std::string_view scheme) { return scheme == "http" ? 80 : 443; }

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lower(x) == lower(y);
           });
}

std::string HttpRequest::host_header() const {
    if (port == 0 || port == default_port(scheme)) {
        return host;
    }
    return host + ":" + std::to_string(port);
}

std::string HttpRequest::url() const {
    std::string out = scheme + "://" + host_header() + (path.empty() ? "/" : path);
    if (!query.empty()) {
        out += "?" + encode_query(query);
    }
    return out;
}

const std::string* HttpRequest::header(std::string_view name) const {
    for (const HttpHeader& h : headers) {
        if (iequals(h.name, name)) {
            return &h.value;
        }
    }
    return nullptr;
}

void HttpRequest::set_header(std::string name, std::string value) {
    remove_header(name);
    headers.push_back({std::move(name), std::move(value)});
}

void HttpRequest::remove_header(std::string_view name) {
    std::erase_if(headers, [&](const HttpHeader& h) { return iequals(h.name, name); });
}

std::string HttpResponse::header(std::string_view lower_name) const {
    for (const HttpHeader& h : headers) {
        if (h.name == lower_name) {
            return h.value;
        }
    }
    return {};
}

}  // namespace tripline::awsclient
