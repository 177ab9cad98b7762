#include "awsclient/endpoint.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tripline::awsclient {

std::string Endpoint::to_string() const {
    std::string out = scheme + "://" + host;
    if (port != 0) {
        out += ":" + std::to_string(port);
    }
    return out + base_path;
}

Result<Endpoint> parse_endpoint_url(const std::string& url) {
    auto bad = [&](const std::string& why) {
        return make_error(Errc::kInvalidArgument, "invalid endpoint URL '" + url + "': " + why);
    };
    Endpoint e;
    std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        return bad("expected http:// or https://");
    }
    e.scheme = url.substr(0, scheme_end);
    std::transform(e.scheme.begin(), e.scheme.end(), e.scheme.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (e.scheme != "http" && e.scheme != "https") {
        return bad("the scheme must be http or https");
    }
    std::string rest = url.substr(scheme_end + 3);
    if (rest.find_first_of("?#") != std::string::npos) {
        return bad("a query or fragment is not allowed");
    }
    std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) {
        e.base_path = rest.substr(slash);
        while (!e.base_path.empty() && e.base_path.back() == '/') {
            e.base_path.pop_back();
        }
    }
    if (authority.find('@') != std::string::npos) {
        return bad("user info is not allowed");
    }
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            return bad("unterminated IPv6 address");
        }
        e.host = authority.substr(0, close + 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                return bad("unexpected text after the IPv6 address");
            }
            port_text = authority.substr(close + 2);
        }
    } else {
        std::size_t colon = authority.rfind(':');
        e.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
        }
    }
    if (e.host.empty() || e.host.find_first_of(" \t\r\n") != std::string::npos) {
        return bad("no host");
    }
    if (!port_text.empty()) {
        int port = 0;
        auto [ptr, ec] =
            std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port <= 0 ||
            port > 65535) {
            return bad("bad port");
        }
        e.port = port;
    }
    return e;
}

Endpoint aws_endpoint(const std::string& service, const std::string& region) {
    Endpoint e;
    e.scheme = "https";
    e.host = service + "." + region + ".amazonaws.com";
    if (region.rfind("cn-", 0) == 0) {
        e.host += ".cn";
    }
    e.is_aws = true;
    return e;
}

}  // namespace tripline::awsclient
