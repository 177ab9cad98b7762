#include "base/uri_encoding.h"

#include <algorithm>

#include "base/encoding.h"

namespace tripline {
namespace {

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

}  // namespace

std::string uri_encode(std::string_view text, bool keep_slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c) || (keep_slash && c == '/')) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0x0f]);
        }
    }
    return out;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            int hi = hex_digit_value(text[i + 1]);
            int lo = hex_digit_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

QueryParams decode_query(std::string_view raw_query) {
    QueryParams out;
    std::size_t start = 0;
    while (start <= raw_query.size()) {
        std::size_t amp = raw_query.find('&', start);
        std::size_t end = amp == std::string_view::npos ? raw_query.size() : amp;
        std::string_view part = raw_query.substr(start, end - start);
        if (!part.empty()) {
            std::size_t eq = part.find('=');
            if (eq == std::string_view::npos) {
                out.emplace_back(percent_decode(part), std::string());
            } else {
                out.emplace_back(percent_decode(part.substr(0, eq)),
                                 percent_decode(part.substr(eq + 1)));
            }
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    return out;
}

std::string encode_query(const QueryParams& params) {
    QueryParams encoded;
    encoded.reserve(params.size());
    for (const auto& [name, value] : params) {
        encoded.emplace_back(uri_encode(name, false), uri_encode(value, false));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) {
        if (!out.empty()) {
            out.push_back('&');
        }
        out.append(name);
        out.push_back('=');
        out.append(value);
    }
    return out;
}

std::string normalize_path(std::string_view raw_path) {
    if (raw_path.empty()) {
        return "/";
    }
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= raw_path.size()) {
        std::size_t slash = raw_path.find('/', start);
        std::size_t end = slash == std::string_view::npos ? raw_path.size() : slash;
        std::string_view segment = raw_path.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty()) {
                segments.pop_back();
            }
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    std::string out;
    if (raw_path.front() == '/') {
        out.push_back('/');
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0) {
            out.push_back('/');
        }
        out.append(segments[i]);
    }
    if (raw_path.back() == '/' && !segments.empty()) {
        out.push_back('/');
    }
    // botocore yields "" for a relative path that collapses entirely; a request target is never
    // relative, so "/" is the only sensible canonical form.
    if (out.empty()) {
        out.push_back('/');
    }
    return out;
}

}  // namespace tripline
