#include "api/auth/canonical_request.h"

#include <algorithm>
#include <utility>

#include "base/sha256.h"
#include "base/uri_encoding.h"

namespace tripline::api::auth {

PathCanonicalization path_canonicalization_for(std::string_view service) {
    return service == "s3" ? PathCanonicalization::kAsSent
                           : PathCanonicalization::kNormalizeAndEncode;
}

RawTarget split_target(std::string_view target) {
    std::size_t hash = target.find('#');
    if (hash != std::string_view::npos) {
        target = target.substr(0, hash);
    }
    for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
        if (target.substr(0, scheme.size()) == scheme) {
            std::size_t path_start = target.find_first_of("/?", scheme.size());
            target = path_start == std::string_view::npos ? std::string_view()
                                                          : target.substr(path_start);
            break;
        }
    }
    std::size_t q = target.find('?');
    if (q == std::string_view::npos) {
        return {target, {}};
    }
    return {target.substr(0, q), target.substr(q + 1)};
}

std::string canonical_uri(std::string_view raw_path, PathCanonicalization style) {
    if (style == PathCanonicalization::kAsSent) {
        return raw_path.empty() ? std::string("/") : std::string(raw_path);
    }
    return uri_encode(normalize_path(raw_path), /*keep_slash=*/true);
}

std::string canonical_query(std::string_view raw_query, bool exclude_signature) {
    QueryParams params = decode_query(raw_query);
    if (exclude_signature) {
        std::erase_if(params, [](const auto& p) { return p.first == "X-Amz-Signature"; });
    }
    return encode_query(params);
}

std::string canonical_header_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool pending_space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.push_back(c);
    }
    return out;
}

Result<std::string> canonical_headers(const std::multimap<std::string, std::string>& headers,
                                      const std::vector<std::string>& signed_headers) {
    std::string out;
    for (const auto& name : signed_headers) {
        auto [begin, end] = headers.equal_range(name);
        if (begin == end) {
            return make_error(Errc::kInvalidArgument,
                              "the signed header '" + name + "' is not in the request");
        }
        out += name;
        out.push_back(':');
        for (auto it = begin; it != end; ++it) {
            if (it != begin) {
                out.push_back(',');
            }
            out += canonical_header_value(it->second);
        }
        out.push_back('\n');
    }
    return out;
}

std::string CanonicalRequest::text() const {
    std::string out;
    out.reserve(method.size() + uri.size() + query.size() + headers.size() + signed_headers.size() +
                payload_hash.size() + 8);
    out += method;
    out.push_back('\n');
    out += uri;
    out.push_back('\n');
    out += query;
    out.push_back('\n');
    out += headers;
    out.push_back('\n');
    out += signed_headers;
    out.push_back('\n');
    out += payload_hash;
    return out;
}

std::string string_to_sign(std::string_view amz_date,
                           std::string_view credential_scope,
                           std::string_view canonical_request_text) {
    std::string out = "AWS4-HMAC-SHA256\n";
    out += amz_date;
    out.push_back('\n');
    out += credential_scope;
    out.push_back('\n');
    out += sha256_hex(canonical_request_text);
    return out;
}

}  // namespace tripline::api::auth
